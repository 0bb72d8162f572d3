//===- CpuLibraryCalls.cpp - hand large GEMMs to the CPU kernel library ---===//
//
// Runs on bufferized kernel functions (kiln-outline-fusions). A CPU kernel
// whose product (the linalg op the lowering tagged #kiln.contraction) is
// large enough to amortize a call becomes a call to runtime/kernels, which
// blocks, packs, vectorizes and threads it. The kernel's kind says which
// routine and which epilogue: for `matmul_bias_relu` the bias-add and relu
// run inside the call, on each block of the result while it is in cache.
// A constant B of an f32 matmul is packed once, into a global the call
// receives.
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/X86/Passes.h"
#include "dialects/Kiln/IR/KilnOps.h"
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
#include "compiler/Target/X86/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// The body every contraction kiln lowers to: acc + a * b, in any operand
/// order. A tagged op is checked once more, so that a pass that rewrote
/// its body without dropping the tag cannot turn it into a wrong call.
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

/// The product of a kernel's matmul or convolution, as the lowering tagged
/// it, with the multiply-adds it does.
struct Contraction {
  linalg::GenericOp op;
  kiln::ContractionAttr what;
  int64_t multiplyAdds = 0;
};

/// The one tagged contraction in `kernel`'s body, when its buffers are
/// what the kernel library takes (static f32 or f64 memrefs of one type).
std::optional<Contraction> findContraction(func::FuncOp kernel) {
  SmallVector<linalg::GenericOp> tagged;
  for (auto op : kernel.getBody().getOps<linalg::GenericOp>())
    if (kiln::getContraction(op))
      tagged.push_back(op);
  if (tagged.size() != 1)
    return std::nullopt;
  linalg::GenericOp op = tagged.front();
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureBufferSemantics() || !isMultiplyAccumulate(op))
    return std::nullopt;
  auto out = dyn_cast<MemRefType>(op.getDpsInits()[0].getType());
  if (!out || !out.hasStaticShape() ||
      !isa<Float32Type, Float64Type>(out.getElementType()))
    return std::nullopt;
  SmallVector<MemRefType> inputs;
  for (Value input : op.getDpsInputs()) {
    auto type = dyn_cast<MemRefType>(input.getType());
    if (!type || !type.hasStaticShape() ||
        type.getElementType() != out.getElementType())
      return std::nullopt;
    inputs.push_back(type);
  }
  kiln::ContractionAttr what = kiln::getContraction(op);
  using kiln::ContractionKind;
  unsigned rank = what.getKind() == ContractionKind::MatMul ? 2 : 4;
  if (out.getRank() != rank || inputs[0].getRank() != rank ||
      inputs[1].getRank() != rank)
    return std::nullopt;
  // Multiply-adds per output element: K; kh * kw * c; n * oh * ow.
  int64_t perElement = 0;
  switch (what.getKind()) {
  case ContractionKind::MatMul:
    perElement = inputs[0].getDimSize(1);
    break;
  case ContractionKind::Conv2D:
  case ContractionKind::Conv2DBackpropFilter:
    perElement = inputs[1].getDimSize(0) * inputs[1].getDimSize(1) *
                 inputs[1].getDimSize(2);
    break;
  }
  return Contraction{op, what, out.getNumElements() * perElement};
}

/// What follows the product inside the library call, as the kernel's kind
/// says: `<contraction>`, `<contraction>_bias`, `<contraction>_relu`,
/// `<contraction>_bias_relu`, and for a convolution `conv2d_bias_add` and
/// `conv2d_bias_add_relu` (a residual added after the bias). Other kinds
/// (another activation, a gradient kernel) call the library for the
/// product alone.
struct EpilogueKind {
  bool bias = false, residual = false, relu = false;
  bool any() const { return bias || residual || relu; }
};

std::optional<EpilogueKind> epilogueKind(StringRef kernelKind,
                                         kiln::ContractionAttr what) {
  StringRef rest = kernelKind;
  if (!rest.consume_front(kiln::stringifyContractionKind(what.getKind())))
    return std::nullopt;
  if (what.getKind() == kiln::ContractionKind::Conv2DBackpropFilter)
    return rest.empty() ? std::optional(EpilogueKind{}) : std::nullopt;
  EpilogueKind epilogue;
  epilogue.bias = rest.consume_front("_bias");
  epilogue.residual = epilogue.bias &&
                      what.getKind() == kiln::ContractionKind::Conv2D &&
                      rest.consume_front("_add");
  epilogue.relu = rest.consume_front("_relu");
  return rest.empty() ? std::optional(epilogue) : std::nullopt;
}

bool isZero(Value value) {
  return matchPattern(value, m_AnyZeroFloat());
}

/// What the kernel's (single) call passes for `value` when it is an
/// argument of the kernel; `value` itself otherwise.
Value atCall(Value value, func::CallOp call) {
  auto arg = dyn_cast<BlockArgument>(value);
  if (!call || !arg || !arg.getOwner()->isEntryBlock())
    return value;
  auto kernel = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
  if (!kernel || kernel.getSymName() != call.getCallee())
    return value;
  return call.getOperand(arg.getArgNumber());
}

/// The allocation, global or step argument a kernel's buffer is a view
/// of, seen from the kernel's call.
Value rootBuffer(Value buffer, func::CallOp call) {
  auto root = [](Value value) {
    while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
      value = view.getViewSource();
    return value;
  };
  return root(atCall(root(buffer), call));
}

/// A convolution input that is another buffer zero-padded: an allocation
/// filled with zeros, the other buffer copied into its interior, read by
/// nothing but the convolution. The padded kernels read the other buffer
/// and take what lies outside it as zeros, which saves both passes over
/// the padded one.
struct PaddedInput {
  Value source;
  int64_t top = 0, left = 0;
  memref::AllocOp alloc;
  Operation *fill = nullptr;
  memref::CopyOp copy;
};

/// Does `op` set all of `buffer` to zero (linalg.fill, or the linalg.map
/// the lowering of a pad writes)?
bool zeroFills(Operation *op, Value buffer) {
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return fill.getDpsInits()[0] == buffer && isZero(fill.value());
  auto map = dyn_cast<linalg::MapOp>(op);
  if (!map || map.getNumDpsInputs() != 0 || map.getInit() != buffer)
    return false;
  auto yield = cast<linalg::YieldOp>(map.getMapper().front().getTerminator());
  return yield.getNumOperands() == 1 && isZero(yield.getOperand(0));
}

std::optional<PaddedInput> findPaddedInput(Value input, Operation *conv) {
  PaddedInput padded;
  padded.alloc = input.getDefiningOp<memref::AllocOp>();
  if (!padded.alloc || padded.alloc->getBlock() != conv->getBlock())
    return std::nullopt;
  memref::SubViewOp interior;
  for (Operation *user : padded.alloc->getUsers()) {
    if (user == conv || isa<memref::DeallocOp>(user))
      continue;
    if (!padded.fill && zeroFills(user, input))
      padded.fill = user;
    else if (auto view = dyn_cast<memref::SubViewOp>(user); view && !interior)
      interior = view;
    else
      return std::nullopt;
  }
  if (!padded.fill || !interior || !interior->hasOneUse())
    return std::nullopt;
  padded.copy = dyn_cast<memref::CopyOp>(*interior->user_begin());
  if (!padded.copy || padded.copy.getTarget() != interior.getResult())
    return std::nullopt;
  // The interior starts at (0, top, left, 0), unit strides, and is the
  // whole source.
  auto sourceType = dyn_cast<MemRefType>(padded.copy.getSource().getType());
  ArrayRef<int64_t> offsets = interior.getStaticOffsets();
  if (!sourceType || !sourceType.hasStaticShape() ||
      interior.getStaticSizes() != sourceType.getShape() ||
      llvm::any_of(interior.getStaticStrides(),
                   [](int64_t stride) { return stride != 1; }) ||
      offsets.size() != 4 || offsets[0] != 0 || offsets[3] != 0 ||
      ShapedType::isDynamic(offsets[1]) || ShapedType::isDynamic(offsets[2]))
    return std::nullopt;
  // Zeros, then the copy, then the convolution, and nothing in between
  // writes the source (the product's zeros are filled there).
  if (padded.fill->getBlock() != conv->getBlock() ||
      padded.copy->getBlock() != conv->getBlock() ||
      !padded.fill->isBeforeInBlock(padded.copy) ||
      !padded.copy->isBeforeInBlock(conv))
    return std::nullopt;
  padded.source = padded.copy.getSource();
  for (Operation *op = padded.copy->getNextNode(); op != conv;
       op = op->getNextNode()) {
    auto fill = dyn_cast<linalg::FillOp>(op);
    bool fillsOther = fill && rootBuffer(fill.getDpsInits()[0], {}) !=
                                  rootBuffer(padded.source, {});
    if (!isMemoryEffectFree(op) && !isa<memref::AllocOp>(op) && !fillsOther)
      return std::nullopt;
  }
  padded.top = offsets[1];
  padded.left = offsets[2];
  return padded;
}

struct Epilogue {
  linalg::GenericOp op;
  Value bias;     // null when the epilogue adds none
  Value residual; // likewise
};

/// The op computing the epilogue `kind` names: the all-parallel generic
/// that reads the product `product` (and the bias along the innermost
/// dimension) into a buffer of the product's shape. Element-wise fusion
/// made one op of the kernel's bias-add and activation; when it did not,
/// there is no such op and the epilogue keeps its loops.
std::optional<Epilogue> locateEpilogue(Operation *next, Value product,
                                       EpilogueKind kind) {
  auto productType = cast<MemRefType>(product.getType());
  unsigned rank = productType.getRank();
  auto op = dyn_cast_or_null<linalg::GenericOp>(next);
  unsigned inputs = 1 + kind.bias + kind.residual;
  if (!op || !op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != rank || op.getNumReductionLoops() != 0 ||
      op.getNumDpsInputs() != inputs)
    return std::nullopt;
  auto maps = op.getIndexingMapsArray();
  Value out = op.getDpsInits()[0];
  if (cast<MemRefType>(out.getType()).getShape() != productType.getShape() ||
      !maps.back().isIdentity())
    return std::nullopt;
  MLIRContext *ctx = op.getContext();
  AffineMap innermost =
      AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
  Epilogue epilogue{op, Value(), Value()};
  bool readsProduct = false;
  for (auto [index, input] : llvm::enumerate(op.getDpsInputs())) {
    if (input == product && maps[index].isIdentity() && !readsProduct)
      readsProduct = true;
    else if (kind.bias && maps[index] == innermost && !epilogue.bias)
      epilogue.bias = input;
    else if (kind.residual && maps[index].isIdentity() && !epilogue.residual &&
             cast<MemRefType>(input.getType()).getShape() ==
                 productType.getShape())
      epilogue.residual = input;
    else
      return std::nullopt;
  }
  if (!readsProduct || bool(epilogue.bias) != kind.bias ||
      bool(epilogue.residual) != kind.residual)
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
    ConstantWeights constantWeights(module);
    // The kernels' calls, found in one walk; rewriting only adds library
    // declarations and globals, so the map stays true.
    SymbolTableCollection symbolTables;
    SymbolUserMap users(symbolTables, module);
    for (func::FuncOp kernel : module.getOps<func::FuncOp>()) {
      kiln::KernelAttr kind = kiln::getKernel(kernel);
      if (!kind || kernel.isExternal())
        continue;
      if (kind.getDevice() && kind.getDevice().getType() != "CPU")
        continue;
      std::optional<Contraction> contraction = findContraction(kernel);
      // A kernel of another kind holding a tagged product (nothing kiln
      // forms today) is not what the library implements.
      if (!contraction ||
          !kind.getKind().starts_with(
              kiln::stringifyContractionKind(contraction->what.getKind())))
        continue;
      std::optional<EpilogueKind> epilogue =
          epilogueKind(kind.getKind(), contraction->what);
      rewrite(module, soleCall(users, kernel), *contraction,
              epilogue.value_or(EpilogueKind{}), constantWeights);
    }
  }

  /// The kernel's one call, or null when it has none or several.
  static func::CallOp soleCall(const SymbolUserMap &users,
                               func::FuncOp kernel) {
    ArrayRef<Operation *> calls = users.getUsers(kernel);
    return calls.size() == 1 ? dyn_cast<func::CallOp>(calls.front())
                             : func::CallOp();
  }

  static StringRef kernelName(kiln::ContractionKind kind, bool f32, bool bias,
                              bool residual, bool padded) {
    switch (kind) {
    case kiln::ContractionKind::Conv2DBackpropFilter:
      return f32 ? KILN_CPU_CONV2D_BACKPROP_FILTER_F32
                 : KILN_CPU_CONV2D_BACKPROP_FILTER_F64;
    case kiln::ContractionKind::MatMul:
      return bias ? (f32 ? KILN_CPU_MATMUL_BIAS_F32 : KILN_CPU_MATMUL_BIAS_F64)
                  : (f32 ? KILN_CPU_MATMUL_F32 : KILN_CPU_MATMUL_F64);
    case kiln::ContractionKind::Conv2D:
      if (residual)
        return f32 ? KILN_CPU_CONV2D_BIAS_ADD_F32
                   : KILN_CPU_CONV2D_BIAS_ADD_F64;
      if (padded)
        return bias ? (f32 ? KILN_CPU_CONV2D_BIAS_PADDED_F32
                           : KILN_CPU_CONV2D_BIAS_PADDED_F64)
                    : (f32 ? KILN_CPU_CONV2D_PADDED_F32
                           : KILN_CPU_CONV2D_PADDED_F64);
      return bias ? (f32 ? KILN_CPU_CONV2D_BIAS_F32 : KILN_CPU_CONV2D_BIAS_F64)
                  : (f32 ? KILN_CPU_CONV2D_F32 : KILN_CPU_CONV2D_F64);
    }
    llvm_unreachable("unknown contraction kind");
  }

  void rewrite(ModuleOp module, func::CallOp call,
               const Contraction &contraction, EpilogueKind epilogueKind,
               ConstantWeights &constantWeights) {
    linalg::GenericOp op = contraction.op;
    kiln::ContractionKind kind = contraction.what.getKind();
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
    // Constants and the allocation of the epilogue's output may sit
    // between the product and its epilogue.
    Operation *next = op->getNextNode();
    while (next && next->getNumRegions() == 0 &&
           (isMemoryEffectFree(next) || isa<memref::AllocOp>(next)))
      next = next->getNextNode();
    std::optional<Epilogue> epilogue;
    if (epilogueKind.any())
      epilogue = locateEpilogue(next, product, epilogueKind);
    if (epilogue) {
      // The fused call writes the epilogue's output while it still reads
      // A, B and the bias, so none of them may share its bytes; the
      // residual is read where the output will be written, so it may be
      // the output itself, but no other view of its bytes.
      Value outBuffer = epilogue->op.getDpsInits()[0];
      Value out = rootBuffer(outBuffer, call);
      for (Value read : {a, b, epilogue->bias})
        if (read && rootBuffer(read, call) == out)
          epilogue.reset();
      if (epilogue && epilogue->residual &&
          rootBuffer(epilogue->residual, call) == out &&
          atCall(epilogue->residual, call) != atCall(outBuffer, call))
        epilogue.reset();
    }
    // Something else reading the bare product keeps it, and the epilogue
    // then runs as its own loop.
    if (epilogue && llvm::any_of(product.getUsers(), [&](Operation *user) {
          return user != fill && user != op && user != epilogue->op &&
                 !isa<memref::DeallocOp>(user);
        }))
      epilogue.reset();

    Value out = epilogue ? epilogue->op.getDpsInits()[0] : product;
    // The call reads the source of a padded input while it writes `out`.
    std::optional<PaddedInput> padded;
    if (kind == kiln::ContractionKind::Conv2D)
      padded = findPaddedInput(a, op);
    if (padded && rootBuffer(padded->source, call) == rootBuffer(out, call))
      padded.reset();
    if (padded)
      a = padded->source;

    // A fused call goes where the epilogue was, after its output's
    // allocation.
    OpBuilder builder(epilogue ? epilogue->op.getOperation()
                               : op.getOperation());
    Location loc = op.getLoc();
    bool f32 = productType.getElementType().isF32();
    SmallVector<Value> operands = {toDynamicLayout(builder, loc, a),
                                   toDynamicLayout(builder, loc, b)};
    bool bias = epilogue && epilogue->bias;
    bool residual = epilogue && epilogue->residual;
    if (bias)
      operands.push_back(toDynamicLayout(builder, loc, epilogue->bias));
    if (residual)
      operands.push_back(toDynamicLayout(builder, loc, epilogue->residual));
    operands.push_back(toDynamicLayout(builder, loc, out));
    memref::GlobalOp constantB;
    if (packConstantWeights && kind == kiln::ContractionKind::MatMul && f32 &&
        cast<MemRefType>(a.getType()).getDimSize(0) >= KILN_CPU_PACKED_MIN_ROWS)
      constantB = constantWeights.constantGlobal(atCall(b, call));
    if (constantB) {
      PanelGlobals globals = constantWeights.panelGlobalsFor(constantB);
      for (memref::GlobalOp global : {globals.panels, globals.state}) {
        Value whole = memref::GetGlobalOp::create(
            builder, loc, global.getType(), global.getSymName());
        operands.push_back(toDynamicLayout(builder, loc, whole));
      }
    }
    // The residual kernels always take the padding.
    SmallVector<int64_t> padding;
    if (padded)
      padding = {padded->top, padded->left};
    else if (residual)
      padding = {0, 0};
    for (int64_t value : llvm::concat<const int64_t>(
             contraction.what.getStrides(), contraction.what.getDilations(),
             ArrayRef<int64_t>(padding)))
      operands.push_back(arith::ConstantIntOp::create(builder, loc, value, 64));
    if (kind != kiln::ContractionKind::Conv2DBackpropFilter) {
      int32_t activation = epilogue && epilogueKind.relu
                               ? KILN_CPU_ACTIVATION_RELU
                               : KILN_CPU_ACTIVATION_NONE;
      operands.push_back(arith::ConstantIntOp::create(builder, loc, activation, 32));
    }
    StringRef name = !constantB
                         ? kernelName(kind, f32, bias, residual, bool(padded))
                     : bias ? KILN_CPU_MATMUL_BIAS_PACKED_F32
                            : KILN_CPU_MATMUL_PACKED_F32;
    func::FuncOp library =
        declareKernel(module, name, ValueRange(operands).getTypes());
    func::CallOp::create(builder, loc, library, operands);

    if (epilogue)
      epilogue->op.erase();
    op.erase();
    fill.erase();
    if (padded) {
      Operation *interior = padded->copy.getTarget().getDefiningOp();
      padded->copy.erase();
      interior->erase();
      padded->fill->erase();
      for (Operation *user :
           llvm::make_early_inc_range(padded->alloc->getUsers()))
        user->erase(); // its deallocations
      padded->alloc.erase();
    }
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
