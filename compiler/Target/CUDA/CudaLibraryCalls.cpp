//===- CudaLibraryCalls.cpp - GPU matmuls and convolutions to libraries ---===//
//
// The GPU counterpart of the CPU's library calls (X86/CpuLibraryCalls.cpp):
// a matmul kernel's product and the epilogue its kind names become one
// call of the CUDA layer's kiln_cuda_gemm, which cuBLASLt runs with a fused
// BIAS / RELU / RELU_BIAS epilogue; a conv2d kernel's, one call of
// kiln_cuda_conv2d, which cuDNN runs with bias, residual and relu fused;
// a filter gradient, kiln_cuda_conv2d_backprop_filter. What a call
// describes is laid out as the step stores it (row-major, NHWC); the CUDA
// layer translates it into the library's terms
// (runtime/include/kiln/runtime/cuda/gemm_plan.h, conv2d_plan.h).
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/CUDA/Passes.h"

#include "compiler/Target/ContractionMatching.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "kiln/runtime/cuda/conv2d.h"
#include "kiln/runtime/cuda/gemm.h"
#include "kiln/runtime/executable.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define DEBUG_TYPE "kiln-cuda-library-calls"

namespace kiln {
#define GEN_PASS_DEF_CUDALIBRARYCALLSPASS
#include "compiler/Target/CUDA/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kGemm = "kiln_cuda_gemm";
constexpr llvm::StringLiteral kEmulatedGemm = "kiln_cuda_emulated_gemm";
constexpr llvm::StringLiteral kConv2D = "kiln_cuda_conv2d";
constexpr llvm::StringLiteral kEmulatedConv2D = "kiln_cuda_emulated_conv2d";
constexpr llvm::StringLiteral kConv2DBackpropFilter =
    "kiln_cuda_conv2d_backprop_filter";
constexpr llvm::StringLiteral kEmulatedConv2DBackpropFilter =
    "kiln_cuda_emulated_conv2d_backprop_filter";

/// Whether `buffer`'s rows are contiguous (innermost stride 1), which
/// cuBLASLt's layouts need; the other strides may be anything.
bool hasContiguousRows(Value buffer) {
  auto type = dyn_cast<MemRefType>(buffer.getType());
  if (!type || type.getRank() != 2)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

/// An operand the lowering transposed into a temporary: `alloc`, written
/// by `transpose` from `source`, read by the product alone.
struct TransposedOperand {
  Value source;
  linalg::TransposeOp transpose;
  memref::AllocOp alloc;
};

/// `operand` of `product` as a transpose of another buffer nothing writes
/// between the transpose and the product.
std::optional<TransposedOperand> findTransposedOperand(Value operand,
                                                       Operation *product) {
  auto alloc = operand.getDefiningOp<memref::AllocOp>();
  if (!alloc || alloc->getBlock() != product->getBlock())
    return std::nullopt;
  linalg::TransposeOp transpose;
  for (Operation *user : alloc->getUsers()) {
    if (user == product || isa<memref::DeallocOp>(user))
      continue;
    auto candidate = dyn_cast<linalg::TransposeOp>(user);
    if (!candidate || transpose || candidate.getInit() != operand)
      return std::nullopt;
    transpose = candidate;
  }
  if (!transpose || transpose->getBlock() != product->getBlock() ||
      !transpose->isBeforeInBlock(product) ||
      transpose.getPermutation() != ArrayRef<int64_t>{1, 0})
    return std::nullopt;
  Value source = transpose.getInput();
  Value sourceRoot = kiln::rootBuffer(source, {});
  for (Operation *op = transpose->getNextNode(); op != product;
       op = op->getNextNode()) {
    // The product's own zero fill writes another buffer.
    auto fill = dyn_cast<linalg::FillOp>(op);
    bool fillsOther =
        fill && kiln::rootBuffer(fill.getDpsInits()[0], {}) != sourceRoot;
    if (!isMemoryEffectFree(op) && !isa<memref::AllocOp>(op) && !fillsOther)
      return std::nullopt;
  }
  return TransposedOperand{source, transpose, alloc};
}

/// The address of `buffer`'s first element, as the CUDA layer takes it
/// (i64): its aligned pointer moved by its offset.
Value addressOf(OpBuilder &b, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  int64_t bytes = type.getElementTypeBitWidth() / 8;
  auto layout = memref::ExtractStridedMetadataOp::create(b, loc, buffer);
  Value aligned =
      memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  Value first = arith::AddIOp::create(
      b, loc, aligned,
      arith::MulIOp::create(b, loc, layout.getOffset(),
                            arith::ConstantIndexOp::create(b, loc, bytes)));
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), first);
}

/// The row stride of a matrix `buffer`, in elements (i64).
Value rowStrideOf(OpBuilder &b, Location loc, Value buffer) {
  auto layout = memref::ExtractStridedMetadataOp::create(b, loc, buffer);
  return arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                    layout.getStrides().front());
}

/// cuBLASLt wants its workspace 256-byte aligned (cuDNN less).
constexpr int64_t kWorkspaceAlignment = 256;

/// The first kWorkspaceAlignment-aligned address of `workspace` (see
/// allocateWorkspace), as i64.
Value workspaceAddress(OpBuilder &b, Location loc, Value workspace) {
  Value start =
      memref::ExtractAlignedPointerAsIndexOp::create(b, loc, workspace);
  Value aligned = arith::AndIOp::create(
      b, loc,
      arith::AddIOp::create(
          b, loc, start,
          arith::ConstantIndexOp::create(b, loc, kWorkspaceAlignment - 1)),
      arith::ConstantIndexOp::create(b, loc, -kWorkspaceAlignment));
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), aligned);
}

/// The kernel function holding `op`.
StringRef kernelName(Operation *op) {
  return op->getParentOfType<func::FuncOp>().getSymName();
}

Value constantI32(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIntOp::create(b, loc, value, 32);
}

Value constantI64(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIntOp::create(b, loc, value, 64);
}

/// The CUDA layer's `name`, declared once: `i32Count` i32 arguments, then
/// `i64Count` i64 ones (gemm.h, conv2d.h).
func::FuncOp declareLibraryCall(ModuleOp module, StringRef name,
                                unsigned i32Count, unsigned i64Count) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  SmallVector<Type> arguments(i32Count, b.getI32Type());
  arguments.append(i64Count, b.getI64Type());
  auto function = func::FuncOp::create(b, module.getLoc(), name,
                                       b.getFunctionType(arguments, {}));
  function.setPrivate();
  return function;
}

/// Builds a library call's arguments inside its wrapper function, from the
/// wrapper's buffer arguments (in the order given, absent ones skipped).
using ArgumentBuilder =
    llvm::function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;

/// Calls `callee` from a private function of its own, named after
/// `kernel`, that takes `buffers` (null ones left out) as memrefs: the call
/// site passes them, so memory planning, which reads lifetimes off the
/// ops using a buffer, keeps each one live (and its bytes its own) until
/// the library has run. The CUDA layer takes plain addresses, which the
/// function derives from its arguments; once lowered, LLVM inlines it.
void emitWrappedCall(ModuleOp module, OpBuilder &builder, Location loc,
                     StringRef kernel, func::FuncOp callee,
                     ArrayRef<Value> buffers, ArgumentBuilder arguments) {
  SmallVector<Value> passed;
  for (Value buffer : buffers)
    if (buffer)
      passed.push_back(buffer);
  OpBuilder atEnd = OpBuilder::atBlockEnd(module.getBody());
  auto wrapper = func::FuncOp::create(
      atEnd, loc, (kernel + "_" + callee.getSymName()).str(),
      atEnd.getFunctionType(ValueRange(passed).getTypes(), {}));
  wrapper.setPrivate();
  SymbolTable(module).insert(wrapper); // renamed if the name is taken
  Block *body = wrapper.addEntryBlock();
  OpBuilder inside = OpBuilder::atBlockBegin(body);
  func::CallOp::create(inside, loc, callee,
                       arguments(inside, loc, body->getArguments()));
  func::ReturnOp::create(inside, loc);
  func::CallOp::create(builder, loc, wrapper, passed);
}

struct CudaLibraryCallsPass
    : public kiln::impl::CudaLibraryCallsPassBase<CudaLibraryCallsPass> {
  using CudaLibraryCallsPassBase::CudaLibraryCallsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (workspaceBytes < 0) {
      module.emitError("workspace-bytes must not be negative, got ")
          << static_cast<int64_t>(workspaceBytes);
      return signalPassFailure();
    }
    SymbolTableCollection symbolTables;
    SymbolUserMap users(symbolTables, module);
    SmallVector<func::FuncOp> kernels(module.getOps<func::FuncOp>());
    for (func::FuncOp kernel : kernels) {
      kiln::KernelAttr kind = kiln::getKernel(kernel);
      if (!kind || kernel.isExternal() || !kind.getDevice() ||
          kind.getDevice().getType() != "GPU")
        continue;
      std::optional<kiln::Contraction> contraction =
          kiln::findContraction(kernel);
      if (!contraction)
        continue;
      kiln::ContractionKind what = contraction->what.getKind();
      // conv2d_backprop_input kernels convolve the spread-out gradient with
      // the flipped filter: a Conv2D product, without an epilogue.
      bool matmul = what == kiln::ContractionKind::MatMul &&
                    kind.getKind().starts_with("matmul");
      bool conv = (what == kiln::ContractionKind::Conv2D ||
                   what == kiln::ContractionKind::Conv2DBackpropFilter) &&
                  kind.getKind().starts_with("conv2d");
      if (!matmul && !conv)
        continue;
      ArrayRef<Operation *> calls = users.getUsers(kernel);
      func::CallOp call = calls.size() == 1
                              ? dyn_cast<func::CallOp>(calls.front())
                              : func::CallOp();
      kiln::EpilogueKind epilogue =
          kiln::epilogueKind(kind.getKind(), contraction->what)
              .value_or(kiln::EpilogueKind{});
      if (matmul)
        rewriteMatmul(module, call, *contraction, epilogue);
      else
        rewriteConv2D(module, call, *contraction, epilogue);
    }
  }

  /// The cuBLASLt/cuDNN workspace, a block of the step's arena once
  /// memory planning has run; its address as the calls take it.
  /// Arena slots are only kArenaAlignment-aligned, so the block is one
  /// alignment longer and the call gets its first aligned byte
  /// (workspaceAddress).
  Value allocateWorkspace(OpBuilder &builder, Location loc) {
    auto workspace = memref::AllocOp::create(
        builder, loc,
        MemRefType::get({workspaceBytes + kWorkspaceAlignment},
                        builder.getIntegerType(8)),
        builder.getI64IntegerAttr(kWorkspaceAlignment));
    return workspace;
  }

  /// A kiln_cuda_conv2d call for a conv2d kernel (NHWC input, the HWIO
  /// filter transposed to cuDNN's KRSC by a kernel before the call, the
  /// bias, residual and relu the kind names fused), or a
  /// kiln_cuda_conv2d_backprop_filter call for a filter-gradient kernel
  /// (the KRSC gradient transposed to HWIO after it). An input that is a
  /// zero-padded copy becomes cuDNN's padding when that is the same on
  /// both sides.
  void rewriteConv2D(ModuleOp module, func::CallOp call,
                     const kiln::Contraction &contraction,
                     kiln::EpilogueKind epilogueKind) {
    linalg::GenericOp op = contraction.op;
    bool filterGradient = contraction.what.getKind() ==
                          kiln::ContractionKind::Conv2DBackpropFilter;
    std::optional<kiln::ContractionSite> site =
        kiln::matchContractionSite(contraction, epilogueKind, call);
    if (!site)
      return;
    // Forward: the filter (HWIO); filter gradient: the output's gradient.
    Value input = op.getDpsInputs()[0], other = op.getDpsInputs()[1];
    Value outRoot = kiln::rootBuffer(site->out, call);
    int64_t padH = 0, padW = 0;
    std::optional<kiln::PaddedInput> padded = kiln::findPaddedInput(input, op);
    if (padded) {
      auto paddedType = cast<MemRefType>(input.getType());
      auto sourceType = cast<MemRefType>(padded->source.getType());
      int64_t bottom =
          paddedType.getDimSize(1) - sourceType.getDimSize(1) - padded->top;
      int64_t right =
          paddedType.getDimSize(2) - sourceType.getDimSize(2) - padded->left;
      // cuDNN pads both sides alike; TensorFlow's SAME padding puts the
      // odd element at the end, which keeps the padded copy.
      if (bottom != padded->top || right != padded->left ||
          kiln::rootBuffer(padded->source, call) == outRoot)
        padded.reset();
    }
    if (padded) {
      input = padded->source;
      padH = padded->top;
      padW = padded->left;
    }
    Value bias = site->epilogue ? site->epilogue->bias : Value();
    Value residual = site->epilogue ? site->epilogue->residual : Value();
    // cuDNN's descriptors are for dense tensors.
    for (Value buffer : {input, other, site->out, bias, residual})
      if (buffer &&
          !cast<MemRefType>(buffer.getType()).getLayout().isIdentity())
        return;

    auto inputType = cast<MemRefType>(input.getType());
    // The HWIO filter [r, s, c, k], read or written, and the NHWC output
    // [n, oh, ow, k], written or read.
    auto hwioType = cast<MemRefType>(filterGradient ? site->out.getType()
                                                    : other.getType());
    auto outputType = cast<MemRefType>(filterGradient ? other.getType()
                                                      : site->out.getType());
    OpBuilder builder(site->epilogue ? site->epilogue->op.getOperation()
                                     : op.getOperation());
    Location loc = op.getLoc();
    auto krscType =
        MemRefType::get({hwioType.getDimSize(3), hwioType.getDimSize(0),
                         hwioType.getDimSize(1), hwioType.getDimSize(2)},
                        hwioType.getElementType());
    auto krsc = memref::AllocOp::create(builder, loc, krscType,
                                        builder.getI64IntegerAttr(256));
    if (!filterGradient)
      linalg::TransposeOp::create(builder, loc, other, krsc,
                                  ArrayRef<int64_t>{3, 0, 1, 2});
    int32_t epilogue = 0;
    if (bias)
      epilogue |= KILN_CONV_EPILOGUE_BIAS;
    if (residual)
      epilogue |= KILN_CONV_EPILOGUE_RESIDUAL;
    if (site->epilogue && epilogueKind.relu)
      epilogue |= KILN_CONV_EPILOGUE_RELU;
    int32_t dtype =
        inputType.getElementType().isF32() ? KILN_DTYPE_F32 : KILN_DTYPE_F64;
    ArrayRef<int64_t> strides = contraction.what.getStrides();
    ArrayRef<int64_t> dilations = contraction.what.getDilations();
    Value workspace = allocateWorkspace(builder, loc);
    SmallVector<int64_t> sizes = {inputType.getDimSize(0),
                                  inputType.getDimSize(1),
                                  inputType.getDimSize(2),
                                  inputType.getDimSize(3),
                                  krscType.getDimSize(0),
                                  krscType.getDimSize(1),
                                  krscType.getDimSize(2),
                                  outputType.getDimSize(1),
                                  outputType.getDimSize(2),
                                  padH,
                                  padW,
                                  strides[0],
                                  strides[1],
                                  dilations[0],
                                  dilations[1]};
    // The call's addresses, in its order: x, the filter, then the
    // forward's bias, residual and y, or the gradient's dy; the workspace.
    SmallVector<Value> buffers =
        filterGradient ? SmallVector<Value>{input, other, krsc, workspace}
                       : SmallVector<Value>{input,    krsc,      bias,
                                            residual, site->out, workspace};
    StringRef callee = filterGradient
                           ? (hostEmulation ? kEmulatedConv2DBackpropFilter
                                            : kConv2DBackpropFilter)
                           : (hostEmulation ? kEmulatedConv2D : kConv2D);
    unsigned i32Count = filterGradient ? 1 : 2;
    emitWrappedCall(
        module, builder, loc, kernelName(op),
        declareLibraryCall(module, callee, i32Count,
                           sizes.size() + buffers.size() + 1),
        buffers, [&](OpBuilder &b, Location l, ValueRange arguments) {
          SmallVector<Value> operands = {constantI32(b, l, dtype)};
          if (!filterGradient)
            operands.push_back(constantI32(b, l, epilogue));
          for (int64_t size : sizes)
            operands.push_back(constantI64(b, l, size));
          unsigned next = 0;
          for (Value buffer : ArrayRef<Value>(buffers).drop_back())
            operands.push_back(buffer ? addressOf(b, l, arguments[next++])
                                      : constantI64(b, l, 0));
          operands.push_back(workspaceAddress(b, l, arguments.back()));
          operands.push_back(constantI64(b, l, workspaceBytes));
          return operands;
        });
    memref::DeallocOp::create(builder, loc, workspace);
    if (filterGradient)
      linalg::TransposeOp::create(builder, loc, krsc, site->out,
                                  ArrayRef<int64_t>{1, 2, 3, 0});
    memref::DeallocOp::create(builder, loc, krsc);

    kiln::eraseContractionSite(contraction, *site);
    if (padded)
      kiln::erasePaddedInput(*padded);
  }

  void rewriteMatmul(ModuleOp module, func::CallOp call,
                     const kiln::Contraction &contraction,
                     kiln::EpilogueKind epilogueKind) {
    linalg::GenericOp op = contraction.op;
    std::optional<kiln::ContractionSite> site =
        kiln::matchContractionSite(contraction, epilogueKind, call);
    if (!site)
      return;
    Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1];
    auto productType = cast<MemRefType>(op.getDpsInits()[0].getType());
    int64_t m = productType.getDimSize(0), n = productType.getDimSize(1);
    int64_t k = cast<MemRefType>(a.getType()).getDimSize(1);
    if (m < 1 || n < 1 || k < 1)
      return; // nothing for cuBLASLt to do; the loops handle empty shapes
    // The call reads a transposed operand where it is, unless that is
    // what it writes.
    Value outRoot = kiln::rootBuffer(site->out, call);
    auto foldable = [&](Value operand) {
      std::optional<TransposedOperand> transposed =
          findTransposedOperand(operand, op);
      if (transposed && kiln::rootBuffer(transposed->source, call) == outRoot)
        transposed.reset();
      return transposed;
    };
    std::optional<TransposedOperand> transposedA = foldable(a);
    std::optional<TransposedOperand> transposedB = foldable(b);
    if (transposedA)
      a = transposedA->source;
    if (transposedB)
      b = transposedB->source;
    Value bias = site->epilogue ? site->epilogue->bias : Value();
    for (Value buffer : {a, b, site->out})
      if (!hasContiguousRows(buffer))
        return;
    if (bias && cast<MemRefType>(bias.getType()).getRank() != 1)
      return;

    OpBuilder builder(site->epilogue ? site->epilogue->op.getOperation()
                                     : op.getOperation());
    Location loc = op.getLoc();
    bool relu = site->epilogue && epilogueKind.relu;
    int32_t epilogue =
        bias ? (relu ? KILN_GEMM_EPILOGUE_BIAS_RELU : KILN_GEMM_EPILOGUE_BIAS)
             : (relu ? KILN_GEMM_EPILOGUE_RELU : KILN_GEMM_EPILOGUE_NONE);
    int32_t dtype =
        productType.getElementType().isF32() ? KILN_DTYPE_F32 : KILN_DTYPE_F64;
    Value workspace = allocateWorkspace(builder, loc);
    emitWrappedCall(
        module, builder, loc, kernelName(op),
        declareLibraryCall(module, hostEmulation ? kEmulatedGemm : kGemm, 4,
                           12),
        {a, b, bias, site->out, workspace},
        [&](OpBuilder &nb, Location l, ValueRange arguments) {
          auto i32 = [&](int64_t value) { return constantI32(nb, l, value); };
          auto i64 = [&](int64_t value) { return constantI64(nb, l, value); };
          Value lhs = arguments[0], rhs = arguments[1];
          Value out = arguments[bias ? 3 : 2];
          return SmallVector<Value>{i32(dtype),
                                    i32(bool(transposedA)),
                                    i32(bool(transposedB)),
                                    i32(epilogue),
                                    i64(m),
                                    i64(n),
                                    i64(k),
                                    addressOf(nb, l, lhs),
                                    rowStrideOf(nb, l, lhs),
                                    addressOf(nb, l, rhs),
                                    rowStrideOf(nb, l, rhs),
                                    bias ? addressOf(nb, l, arguments[2])
                                         : i64(0),
                                    addressOf(nb, l, out),
                                    rowStrideOf(nb, l, out),
                                    workspaceAddress(nb, l, arguments.back()),
                                    i64(workspaceBytes)};
        });
    memref::DeallocOp::create(builder, loc, workspace);

    kiln::eraseContractionSite(contraction, *site);
    for (std::optional<TransposedOperand> transposed :
         {transposedA, transposedB}) {
      if (!transposed)
        continue;
      transposed->transpose.erase();
      for (Operation *user :
           llvm::make_early_inc_range(transposed->alloc->getUsers()))
        user->erase(); // its deallocations
      transposed->alloc.erase();
    }
  }
};

} // namespace
