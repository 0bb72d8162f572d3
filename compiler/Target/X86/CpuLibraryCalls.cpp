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

#include "compiler/Target/ContractionMatching.h"
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
using kiln::atCall;
using kiln::Contraction;
using kiln::ContractionSite;
using kiln::Epilogue;
using kiln::EpilogueKind;
using kiln::isZero;
using kiln::rootBuffer;

namespace {

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
      std::optional<Contraction> contraction = kiln::findContraction(kernel);
      // A kernel of another kind holding a tagged product (nothing kiln
      // forms today) is not what the library implements.
      if (!contraction ||
          !kind.getKind().starts_with(
              kiln::stringifyContractionKind(contraction->what.getKind())))
        continue;
      std::optional<EpilogueKind> epilogue =
          kiln::epilogueKind(kind.getKind(), contraction->what);
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
    std::optional<ContractionSite> site =
        kiln::matchContractionSite(contraction, epilogueKind, call);
    if (!site)
      return;
    std::optional<Epilogue> &epilogue = site->epilogue;
    Value out = site->out;
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

    kiln::eraseContractionSite(contraction, *site);
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
  }
};

} // namespace
