//===- CpuLibraryCalls.cpp - hand large GEMMs to the CPU kernel library ---===//
//
// Runs on bufferized steps. A zero-filled matmul or 2-D convolution (the
// linalg.generics convert-kiln-to-linalg emits) large enough to amortize a
// call becomes a call to runtime/kernels, which blocks, packs, vectorizes
// and threads it. When the next op is the contraction's bias-add and/or
// relu epilogue, that op is folded into the same call, where it runs on
// each block of the result while the block is in cache. A constant B of an
// f32 matmul is packed once, into a global the call receives.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "kiln/kernels/cpu_kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#define DEBUG_TYPE "kiln-cpu-library-calls"

namespace kiln {
#define GEN_PASS_DEF_CPULIBRARYCALLSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// The body every contraction kiln lowers to: acc + a * b, in any operand
/// order.
bool isMultiplyAccumulate(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 3)
    return false;
  auto mul = dyn_cast<arith::MulFOp>(body.front());
  auto add = dyn_cast<arith::AddFOp>(*std::next(body.begin()));
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!mul || !add || yield.getValues().front() != add.getResult())
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1),
        acc = body.getArgument(2);
  bool mulOk = (mul.getLhs() == a && mul.getRhs() == b) ||
               (mul.getLhs() == b && mul.getRhs() == a);
  bool addOk = (add.getLhs() == acc && add.getRhs() == mul.getResult()) ||
               (add.getRhs() == acc && add.getLhs() == mul.getResult());
  return mulOk && addOk;
}

/// A linalg.generic the kernel library implements, with what the call
/// needs beyond the buffers.
struct Contraction {
  enum Kind { MatMul, Conv2D, Conv2DBackpropFilter } kind;
  int64_t multiplyAdds = 0;
  SmallVector<int64_t> strides, dilations; // Conv2D: (h, w) each
};

/// Coefficient of each loop in a linear indexing expression, found by
/// evaluating the expression at unit vectors.
SmallVector<int64_t> coefficients(AffineExpr expr, unsigned loops) {
  AffineMap map = AffineMap::get(loops, 0, expr);
  MLIRContext *ctx = expr.getContext();
  SmallVector<int64_t> result;
  for (unsigned i = 0; i < loops; ++i) {
    SmallVector<Attribute> unit(loops, IntegerAttr::get(IndexType::get(ctx), 0));
    unit[i] = IntegerAttr::get(IndexType::get(ctx), 1);
    SmallVector<Attribute> value;
    if (failed(map.constantFold(unit, value)))
      return {};
    result.push_back(cast<IntegerAttr>(value.front()).getInt());
  }
  return result;
}

/// Loop positions of a convolution's input read I(n, oh*sh + kh*dh,
/// ow*sw + kw*dw, c).
struct WindowLoops {
  unsigned n, oh, ow, kh, kw, c;
};

/// The strides and dilations of `input` when it is exactly the window read
/// `loops` describes (no offsets, no other loops), with every factor >= 1.
std::optional<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>>
windowGeometry(AffineMap input, ArrayRef<AffineExpr> d, WindowLoops loops) {
  if (input.getNumResults() != 4)
    return std::nullopt;
  SmallVector<int64_t> rows = coefficients(input.getResult(1), d.size());
  SmallVector<int64_t> cols = coefficients(input.getResult(2), d.size());
  if (rows.empty() || cols.empty())
    return std::nullopt;
  int64_t sh = rows[loops.oh], dh = rows[loops.kh], sw = cols[loops.ow],
          dw = cols[loops.kw];
  if (sh < 1 || dh < 1 || sw < 1 || dw < 1)
    return std::nullopt;
  AffineMap expected = AffineMap::get(
      d.size(), 0,
      {d[loops.n], d[loops.oh] * sh + d[loops.kh] * dh,
       d[loops.ow] * sw + d[loops.kw] * dw, d[loops.c]},
      input.getContext());
  if (input != expected)
    return std::nullopt;
  return std::make_pair(SmallVector<int64_t>{sh, sw}, SmallVector<int64_t>{dh, dw});
}

/// dW(kh, kw, c, f) += I(n, oh*sh + kh*dh, ow*sw + kw*dw, c) * dY(n, oh, ow, f),
/// loops (kh, kw, c, f, n, oh, ow): convert-kiln-to-linalg's filter gradient.
std::optional<Contraction>
matchFilterGradient(ArrayRef<AffineMap> maps,
                    ArrayRef<utils::IteratorType> iterators,
                    ArrayRef<AffineExpr> d, MemRefType out,
                    MemRefType outBackprop) {
  using utils::IteratorType;
  MLIRContext *ctx = out.getContext();
  SmallVector<IteratorType> expectedIterators(4, IteratorType::parallel);
  expectedIterators.append(3, IteratorType::reduction);
  if (iterators != ArrayRef<IteratorType>(expectedIterators) ||
      maps[1] != AffineMap::get(7, 0, {d[4], d[5], d[6], d[3]}, ctx) ||
      maps[2] != AffineMap::get(7, 0, {d[0], d[1], d[2], d[3]}, ctx) ||
      maps[0].getNumResults() != 4)
    return std::nullopt;
  // Loops (kh, kw, c, f, n, oh, ow).
  auto geometry = windowGeometry(maps[0], d, {4, 5, 6, 0, 1, 2});
  if (!geometry)
    return std::nullopt;
  int64_t pixels = outBackprop.getDimSize(0) * outBackprop.getDimSize(1) *
                   outBackprop.getDimSize(2);
  return Contraction{Contraction::Conv2DBackpropFilter,
                     out.getNumElements() * pixels, geometry->first,
                     geometry->second};
}

std::optional<Contraction> matchContraction(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureBufferSemantics() || !isMultiplyAccumulate(op))
    return std::nullopt;
  auto out = dyn_cast<MemRefType>(op.getDpsInits()[0].getType());
  if (!out || !out.hasStaticShape() ||
      !isa<Float32Type, Float64Type>(out.getElementType()))
    return std::nullopt;
  for (Value input : op.getDpsInputs()) {
    auto type = dyn_cast<MemRefType>(input.getType());
    if (!type || !type.hasStaticShape() ||
        type.getElementType() != out.getElementType())
      return std::nullopt;
  }
  MLIRContext *ctx = op.getContext();
  auto maps = op.getIndexingMapsArray();
  auto iterators = op.getIteratorTypesArray();
  using utils::IteratorType;
  auto lhsType = cast<MemRefType>(op.getDpsInputs()[0].getType());
  auto rhsType = cast<MemRefType>(op.getDpsInputs()[1].getType());

  if (op.getNumLoops() == 3) {
    // C(m, n) += A(m, k) * B(k, n), loops (m, k, n).
    AffineExpr m, k, n;
    bindDims(ctx, m, k, n);
    SmallVector<AffineMap> expected = {AffineMap::get(3, 0, {m, k}, ctx),
                                       AffineMap::get(3, 0, {k, n}, ctx),
                                       AffineMap::get(3, 0, {m, n}, ctx)};
    if (maps != ArrayRef<AffineMap>(expected) ||
        iterators != ArrayRef<IteratorType>{IteratorType::parallel,
                                            IteratorType::reduction,
                                            IteratorType::parallel})
      return std::nullopt;
    return Contraction{Contraction::MatMul,
                       out.getNumElements() * lhsType.getDimSize(1),
                       {}, {}};
  }

  if (op.getNumLoops() == 7) {
    SmallVector<AffineExpr> d(7);
    for (unsigned i = 0; i < 7; ++i)
      d[i] = getAffineDimExpr(i, ctx);
    if (std::optional<Contraction> filterGradient =
            matchFilterGradient(maps, iterators, d, out, rhsType))
      return filterGradient;
    // O(n, oh, ow, f) += I(n, oh*sh + kh*dh, ow*sw + kw*dw, c) * F(kh, kw, c, f),
    // loops (n, oh, ow, kh, kw, c, f).
    if (maps[1] != AffineMap::get(7, 0, {d[3], d[4], d[5], d[6]}, ctx) ||
        maps[2] != AffineMap::get(7, 0, {d[0], d[1], d[2], d[6]}, ctx) ||
        iterators != ArrayRef<IteratorType>{
                         IteratorType::parallel, IteratorType::parallel,
                         IteratorType::parallel, IteratorType::reduction,
                         IteratorType::reduction, IteratorType::reduction,
                         IteratorType::parallel} ||
        maps[0].getNumResults() != 4)
      return std::nullopt;
    auto geometry = windowGeometry(maps[0], d, {0, 1, 2, 3, 4, 5});
    if (!geometry)
      return std::nullopt;
    return Contraction{Contraction::Conv2D,
                       out.getNumElements() * rhsType.getDimSize(0) *
                           rhsType.getDimSize(1) * rhsType.getDimSize(2),
                       geometry->first, geometry->second};
  }
  return std::nullopt;
}

bool isZero(Value value) {
  return matchPattern(value, m_AnyZeroFloat());
}

/// The allocation (or function argument) a buffer is a view of.
Value rootBuffer(Value buffer) {
  while (auto view = buffer.getDefiningOp<ViewLikeOpInterface>())
    buffer = view.getViewSource();
  return buffer;
}

struct Epilogue {
  linalg::GenericOp op;
  Value bias;    // null when the epilogue adds none
  bool relu = false;
};

/// An all-parallel generic that reads the contraction's result `product`
/// and computes relu?(product + bias?) into a buffer of the same shape,
/// the bias running along the innermost dimension.
std::optional<Epilogue> matchEpilogue(Operation *next, Value product) {
  auto productType = cast<MemRefType>(product.getType());
  unsigned rank = productType.getRank();
  auto op = dyn_cast_or_null<linalg::GenericOp>(next);
  if (!op || !op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != rank || op.getNumReductionLoops() != 0 ||
      op.getNumDpsInputs() < 1 || op.getNumDpsInputs() > 2)
    return std::nullopt;
  auto maps = op.getIndexingMapsArray();
  Value out = op.getDpsInits()[0];
  if (cast<MemRefType>(out.getType()).getShape() != productType.getShape() ||
      !maps.back().isIdentity())
    return std::nullopt;

  Epilogue epilogue{op, Value(), false};
  Block &body = op.getRegion().front();
  Value productArg, biasArg;
  MLIRContext *ctx = op.getContext();
  AffineMap innermost =
      AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
  for (auto [index, input] : llvm::enumerate(op.getDpsInputs())) {
    if (input == product && maps[index].isIdentity() && !productArg) {
      productArg = body.getArgument(index);
    } else if (maps[index] == innermost &&
               cast<MemRefType>(input.getType()).getRank() == 1) {
      epilogue.bias = input;
      biasArg = body.getArgument(index);
    } else {
      return std::nullopt;
    }
  }
  if (!productArg)
    return std::nullopt;

  // Walk the body: at most one add of the bias, then at most one relu.
  Value current = productArg;
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  for (Operation &inner : body.without_terminator()) {
    if (auto add = dyn_cast<arith::AddFOp>(inner)) {
      if (!biasArg || epilogue.relu ||
          !((add.getLhs() == current && add.getRhs() == biasArg) ||
            (add.getRhs() == current && add.getLhs() == biasArg)))
        return std::nullopt;
      biasArg = Value(); // consumed
      current = add.getResult();
      continue;
    }
    if (isa<arith::MaximumFOp, arith::MaxNumFOp>(inner)) {
      Value lhs = inner.getOperand(0), rhs = inner.getOperand(1);
      if (epilogue.relu || !((lhs == current && isZero(rhs)) ||
                             (rhs == current && isZero(lhs))))
        return std::nullopt;
      epilogue.relu = true;
      current = inner.getResult(0);
      continue;
    }
    return std::nullopt;
  }
  // A bias operand the body never adds, or a no-op body, is not ours.
  if (biasArg || yield.getValues().front() != current || current == productArg)
    return std::nullopt;
  return epilogue;
}

func::FuncOp declareKernel(ModuleOp module, StringRef name,
                           TypeRange arguments) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto kernel = func::FuncOp::create(
      builder, module.getLoc(), name,
      builder.getFunctionType(arguments, TypeRange{}));
  kernel.setPrivate();
  kernel->setAttr("llvm.emit_c_interface", builder.getUnitAttr());
  return kernel;
}

/// The fully dynamic strided type the kernels' descriptors describe.
Value toDynamicLayout(OpBuilder &builder, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  SmallVector<int64_t> shape(type.getRank(), ShapedType::kDynamic);
  SmallVector<int64_t> strides(type.getRank(), ShapedType::kDynamic);
  auto layout = StridedLayoutAttr::get(type.getContext(),
                                       ShapedType::kDynamic, strides);
  auto dynamic = MemRefType::get(shape, type.getElementType(), layout,
                                 type.getMemorySpace());
  return memref::CastOp::create(builder, loc, dynamic, buffer);
}

/// Zero-filled storage for a constant B's packed panels and the state word
/// the kernel keeps beside them.
struct PanelGlobals {
  memref::GlobalOp panels, state;
};

/// Finds the constant Bs of one module's matmuls and makes their panel
/// globals: one pair per constant, shared by every matmul that reads it.
class ConstantWeights {
public:
  explicit ConstantWeights(ModuleOp module) : symbols(module) {}

  /// The constant global `buffer` reads whole, if it does.
  memref::GlobalOp constantGlobal(Value buffer) {
    auto get = buffer.getDefiningOp<memref::GetGlobalOp>();
    if (!get)
      return {};
    auto global = symbols.lookup<memref::GlobalOp>(get.getName());
    return global && global.getConstant() ? global : memref::GlobalOp();
  }

  PanelGlobals panelGlobalsFor(memref::GlobalOp weights) {
    auto [it, inserted] = made.try_emplace(weights.getOperation());
    if (!inserted)
      return it->second;
    auto type = cast<MemRefType>(weights.getType());
    MLIRContext *ctx = weights.getContext();
    OpBuilder builder(weights);
    auto makeGlobal = [&](StringRef suffix, MemRefType storage,
                          Attribute zero, std::optional<uint64_t> alignment) {
      auto global = memref::GlobalOp::create(
          builder, weights.getLoc(), (weights.getSymName() + suffix).str(),
          builder.getStringAttr("private"), storage,
          DenseElementsAttr::get(
              RankedTensorType::get(storage.getShape(),
                                    storage.getElementType()),
              zero),
          /*constant=*/false,
          alignment ? builder.getI64IntegerAttr(*alignment) : IntegerAttr());
      symbols.insert(global); // renamed if the name is taken
      return global;
    };
    int64_t floats = kiln_cpu_packed_panels_size(type.getDimSize(0),
                                                 type.getDimSize(1));
    it->second.panels = makeGlobal(
        "_panels", MemRefType::get({floats}, Float32Type::get(ctx)),
        builder.getF32FloatAttr(0.0f), 64);
    it->second.state = makeGlobal(
        "_panels_state", MemRefType::get({1}, IntegerType::get(ctx, 32)),
        builder.getI32IntegerAttr(0), std::nullopt);
    return it->second;
  }

private:
  SymbolTable symbols;
  llvm::DenseMap<Operation *, PanelGlobals> made;
};

struct CpuLibraryCallsPass
    : public kiln::impl::CpuLibraryCallsPassBase<CpuLibraryCallsPass> {
  using CpuLibraryCallsPassBase::CpuLibraryCallsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<linalg::GenericOp, Contraction>> contractions;
    module.walk([&](linalg::GenericOp op) {
      if (std::optional<Contraction> contraction = matchContraction(op))
        contractions.push_back({op, *contraction});
    });
    ConstantWeights constantWeights(module);
    for (auto &[op, contraction] : contractions)
      rewrite(module, op, contraction, constantWeights);
  }

  static StringRef kernelName(const Contraction &contraction, bool f32,
                              bool bias) {
    if (contraction.kind == Contraction::Conv2DBackpropFilter)
      return f32 ? KILN_CPU_CONV2D_BACKPROP_FILTER_F32
                 : KILN_CPU_CONV2D_BACKPROP_FILTER_F64;
    if (contraction.kind == Contraction::MatMul)
      return bias ? (f32 ? KILN_CPU_MATMUL_BIAS_F32 : KILN_CPU_MATMUL_BIAS_F64)
                  : (f32 ? KILN_CPU_MATMUL_F32 : KILN_CPU_MATMUL_F64);
    return bias ? (f32 ? KILN_CPU_CONV2D_BIAS_F32 : KILN_CPU_CONV2D_BIAS_F64)
                : (f32 ? KILN_CPU_CONV2D_F32 : KILN_CPU_CONV2D_F64);
  }

  void rewrite(ModuleOp module, linalg::GenericOp op,
               const Contraction &contraction,
               ConstantWeights &constantWeights) {
    Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1];
    Value product = op.getDpsInits()[0];
    auto productType = cast<MemRefType>(product.getType());
    if (contraction.multiplyAdds < minMultiplyAdds)
      return;

    // The product must start from zero, written by a fill earlier in the
    // block; no other op may touch it but its epilogue and deallocation.
    linalg::FillOp fill;
    for (Operation *user : product.getUsers()) {
      if (auto candidate = dyn_cast<linalg::FillOp>(user);
          candidate && candidate->getBlock() == op->getBlock() &&
          candidate->isBeforeInBlock(op) && isZero(candidate.value()))
        fill = candidate;
    }
    if (!fill)
      return;
    // Views and constants may sit between the op and its epilogue
    // (memory planning puts the epilogue's output view right before it), and
    // so may the allocation of its output.
    Operation *next = op->getNextNode();
    while (next && next->getNumRegions() == 0 &&
           (isMemoryEffectFree(next) || isa<memref::AllocOp>(next)))
      next = next->getNextNode();
    // The filter-gradient kernel takes no epilogue.
    std::optional<Epilogue> epilogue;
    if (contraction.kind != Contraction::Conv2DBackpropFilter)
      epilogue = matchEpilogue(next, product);
    if (epilogue) {
      // The fused call writes the epilogue's output while it still reads
      // A, B and the bias, so none of them may share its bytes.
      Value out = rootBuffer(epilogue->op.getDpsInits()[0]);
      for (Value read : {a, b, epilogue->bias})
        if (read && rootBuffer(read) == out)
          epilogue.reset();
    }
    // Something else reading the bare product keeps it, and the epilogue
    // then runs as its own loop.
    if (epilogue && llvm::any_of(product.getUsers(), [&](Operation *user) {
          return user != fill && user != op && user != epilogue->op &&
                 !isa<memref::DeallocOp>(user);
        }))
      epilogue.reset();

    // A fused call goes where the epilogue was, after its output's view.
    OpBuilder builder(epilogue ? epilogue->op.getOperation()
                               : op.getOperation());
    Location loc = op.getLoc();
    bool f32 = productType.getElementType().isF32();
    Value out = epilogue ? epilogue->op.getDpsInits()[0] : product;
    SmallVector<Value> operands = {toDynamicLayout(builder, loc, a),
                                   toDynamicLayout(builder, loc, b)};
    bool bias = epilogue && epilogue->bias;
    if (bias)
      operands.push_back(toDynamicLayout(builder, loc, epilogue->bias));
    operands.push_back(toDynamicLayout(builder, loc, out));
    memref::GlobalOp constantB;
    if (packConstantWeights && contraction.kind == Contraction::MatMul && f32 &&
        cast<MemRefType>(a.getType()).getDimSize(0) >= KILN_CPU_PACKED_MIN_ROWS)
      constantB = constantWeights.constantGlobal(b);
    if (constantB) {
      PanelGlobals globals = constantWeights.panelGlobalsFor(constantB);
      for (memref::GlobalOp global : {globals.panels, globals.state}) {
        Value whole = memref::GetGlobalOp::create(
            builder, loc, global.getType(), global.getSymName());
        operands.push_back(toDynamicLayout(builder, loc, whole));
      }
    }
    for (int64_t value : llvm::concat<const int64_t>(contraction.strides,
                                                     contraction.dilations))
      operands.push_back(arith::ConstantIntOp::create(builder, loc, value, 64));
    if (contraction.kind != Contraction::Conv2DBackpropFilter) {
      int32_t activation = epilogue && epilogue->relu ? KILN_CPU_ACTIVATION_RELU
                                                      : KILN_CPU_ACTIVATION_NONE;
      operands.push_back(arith::ConstantIntOp::create(builder, loc, activation, 32));
    }
    StringRef name = !constantB ? kernelName(contraction, f32, bias)
                     : bias     ? KILN_CPU_MATMUL_BIAS_PACKED_F32
                                : KILN_CPU_MATMUL_PACKED_F32;
    func::FuncOp kernel =
        declareKernel(module, name, ValueRange(operands).getTypes());
    func::CallOp::create(builder, loc, kernel, operands);

    if (epilogue)
      epilogue->op.erase();
    op.erase();
    fill.erase();
    // A product the fused call made unnecessary is not allocated at all.
    if (auto alloc = product.getDefiningOp<memref::AllocOp>();
        alloc && llvm::all_of(alloc->getUsers(), [](Operation *user) {
          return isa<memref::DeallocOp>(user);
        })) {
      for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
        user->erase();
      alloc.erase();
    }
  }
};

} // namespace
