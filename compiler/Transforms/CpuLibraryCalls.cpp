//===- CpuLibraryCalls.cpp - hand large GEMMs to the CPU kernel library ---===//
//
// Runs on bufferized steps. A zero-filled matmul (the linalg.generic that
// convert-kiln-to-linalg emits) large enough to amortize a call becomes a
// call to runtime/kernels, which blocks, packs, vectorizes and threads it.
// When the next op is the matmul's bias-add and/or relu epilogue, that op
// is folded into the same call, where it runs on each block of the result
// while the block is in cache.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "kiln/kernels/cpu_kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#define DEBUG_TYPE "kiln-cpu-library-calls"

namespace kiln {
#define GEN_PASS_DEF_CPULIBRARYCALLSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

bool isIdentity(AffineMap map) { return map.isIdentity(); }

/// C(m, n) += A(m, k) * B(k, n) over f32 or f64, in any loop order the
/// maps spell out: (m, k, n) with iterators (parallel, reduction, parallel).
bool isMatMul(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureBufferSemantics() || op.getNumLoops() != 3)
    return false;
  auto out = dyn_cast<MemRefType>(op.getDpsInits()[0].getType());
  if (!out || out.getRank() != 2 || !out.hasStaticShape() ||
      !isa<Float32Type, Float64Type>(out.getElementType()))
    return false;
  for (Value input : op.getDpsInputs()) {
    auto type = dyn_cast<MemRefType>(input.getType());
    if (!type || type.getElementType() != out.getElementType())
      return false;
  }
  MLIRContext *ctx = op.getContext();
  AffineExpr m, k, n;
  bindDims(ctx, m, k, n);
  SmallVector<AffineMap> expected = {AffineMap::get(3, 0, {m, k}, ctx),
                                     AffineMap::get(3, 0, {k, n}, ctx),
                                     AffineMap::get(3, 0, {m, n}, ctx)};
  if (op.getIndexingMapsArray() != expected)
    return false;
  auto iterators = op.getIteratorTypesArray();
  if (iterators[0] != utils::IteratorType::parallel ||
      iterators[1] != utils::IteratorType::reduction ||
      iterators[2] != utils::IteratorType::parallel)
    return false;
  // Body: %p = mulf %a, %b; %s = addf %acc, %p (either operand order).
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

/// An all-parallel generic that reads the matmul result `product` and
/// computes relu?(product + bias?) into a buffer of the same shape.
std::optional<Epilogue> matchEpilogue(Operation *next, Value product) {
  auto op = dyn_cast_or_null<linalg::GenericOp>(next);
  if (!op || !op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 2 || op.getNumReductionLoops() != 0 ||
      op.getNumDpsInputs() < 1 || op.getNumDpsInputs() > 2)
    return std::nullopt;
  auto maps = op.getIndexingMapsArray();
  Value out = op.getDpsInits()[0];
  if (cast<MemRefType>(out.getType()).getShape() !=
      cast<MemRefType>(product.getType()).getShape())
    return std::nullopt;
  if (!isIdentity(maps.back()))
    return std::nullopt;

  Epilogue epilogue{op, Value(), false};
  Block &body = op.getRegion().front();
  Value productArg, biasArg;
  MLIRContext *ctx = op.getContext();
  AffineMap columnMap =
      AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
  for (auto [index, input] : llvm::enumerate(op.getDpsInputs())) {
    if (input == product && isIdentity(maps[index]) && !productArg) {
      productArg = body.getArgument(index);
    } else if (maps[index] == columnMap &&
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

struct CpuLibraryCallsPass
    : public kiln::impl::CpuLibraryCallsPassBase<CpuLibraryCallsPass> {
  using CpuLibraryCallsPassBase::CpuLibraryCallsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::GenericOp> matmuls;
    module.walk([&](linalg::GenericOp op) {
      if (isMatMul(op))
        matmuls.push_back(op);
    });
    for (linalg::GenericOp matmul : matmuls)
      rewrite(module, matmul);
  }

  void rewrite(ModuleOp module, linalg::GenericOp matmul) {
    Value a = matmul.getDpsInputs()[0], b = matmul.getDpsInputs()[1];
    Value product = matmul.getDpsInits()[0];
    auto aType = cast<MemRefType>(a.getType());
    auto productType = cast<MemRefType>(product.getType());
    if (!aType.hasStaticShape())
      return;
    int64_t macs = productType.getDimSize(0) * productType.getDimSize(1) *
                   aType.getDimSize(1);
    if (macs < minMultiplyAdds)
      return;

    // The product must start from zero, written by a fill earlier in the
    // block; no other op may touch it but its epilogue and deallocation.
    linalg::FillOp fill;
    for (Operation *user : product.getUsers()) {
      if (auto candidate = dyn_cast<linalg::FillOp>(user);
          candidate && candidate->getBlock() == matmul->getBlock() &&
          candidate->isBeforeInBlock(matmul) && isZero(candidate.value()))
        fill = candidate;
    }
    if (!fill)
      return;
    // Views and constants may sit between the matmul and its epilogue
    // (memory planning puts the epilogue's output view right before it), and
    // so may the allocation of its output.
    Operation *next = matmul->getNextNode();
    while (next && next->getNumRegions() == 0 &&
           (isMemoryEffectFree(next) || isa<memref::AllocOp>(next)))
      next = next->getNextNode();
    std::optional<Epilogue> epilogue = matchEpilogue(next, product);
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
          return user != fill && user != matmul && user != epilogue->op &&
                 !isa<memref::DeallocOp>(user);
        }))
      epilogue.reset();

    // A fused call goes where the epilogue was, after its output's view.
    OpBuilder builder(epilogue ? epilogue->op.getOperation()
                               : matmul.getOperation());
    Location loc = matmul.getLoc();
    bool f32 = productType.getElementType().isF32();
    Value out = epilogue ? epilogue->op.getDpsInits()[0] : product;
    SmallVector<Value> operands = {toDynamicLayout(builder, loc, a),
                                   toDynamicLayout(builder, loc, b)};
    StringRef name = f32 ? KILN_CPU_MATMUL_F32 : KILN_CPU_MATMUL_F64;
    if (epilogue && epilogue->bias) {
      operands.push_back(toDynamicLayout(builder, loc, epilogue->bias));
      name = f32 ? KILN_CPU_MATMUL_BIAS_F32 : KILN_CPU_MATMUL_BIAS_F64;
    }
    operands.push_back(toDynamicLayout(builder, loc, out));
    int32_t activation = epilogue && epilogue->relu ? KILN_CPU_ACTIVATION_RELU
                                                    : KILN_CPU_ACTIVATION_NONE;
    operands.push_back(arith::ConstantIntOp::create(builder, loc, activation, 32));
    func::FuncOp kernel =
        declareKernel(module, name, ValueRange(operands).getTypes());
    func::CallOp::create(builder, loc, kernel, operands);

    if (epilogue)
      epilogue->op.erase();
    matmul.erase();
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
