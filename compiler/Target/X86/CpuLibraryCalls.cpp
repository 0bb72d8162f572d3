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
    std::optional<kiln::PaddedInput> padded;
    if (kind == kiln::ContractionKind::Conv2D)
      padded = kiln::findPaddedInput(a, op);
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
    if (padded)
      kiln::erasePaddedInput(*padded);
  }
};

} // namespace
