//===- CudaLibraryCalls.cpp - GPU matmul kernels to cuBLASLt --------------===//
//
// The GPU counterpart of the CPU's library calls (X86/CpuLibraryCalls.cpp):
// a matmul kernel's product and the epilogue its kind names become one
// call of the CUDA layer's kiln_cuda_gemm, which cuBLASLt runs with a fused
// BIAS / RELU / RELU_BIAS epilogue. What the call describes is row-major,
// as the step stores it; the CUDA layer translates it into cuBLASLt's
// column-major terms (runtime/include/kiln/runtime/cuda/gemm_plan.h).
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

/// A buffer as the call passes it: its first element's address and its
/// row stride, both i64.
struct Matrix {
  Value address, rowStride;
};

Matrix describeMatrix(OpBuilder &b, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  int64_t bytes = type.getElementTypeBitWidth() / 8;
  auto layout = memref::ExtractStridedMetadataOp::create(b, loc, buffer);
  Value aligned =
      memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  Value first = arith::AddIOp::create(
      b, loc, aligned,
      arith::MulIOp::create(b, loc, layout.getOffset(),
                            arith::ConstantIndexOp::create(b, loc, bytes)));
  Type i64 = b.getI64Type();
  Value rowStride = type.getRank() == 2
                        ? Value(layout.getStrides().front())
                        : Value(arith::ConstantIndexOp::create(b, loc, 0));
  return {arith::IndexCastOp::create(b, loc, i64, first),
          arith::IndexCastOp::create(b, loc, i64, rowStride)};
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
      // Gradient kernels (conv2d_backprop_*) keep their loops for now.
      bool matmul = what == kiln::ContractionKind::MatMul &&
                    kind.getKind().starts_with("matmul");
      bool conv = what == kiln::ContractionKind::Conv2D &&
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
  Value allocateWorkspace(OpBuilder &builder, Location loc) {
    auto workspace = memref::AllocOp::create(
        builder, loc,
        MemRefType::get({workspaceBytes}, builder.getIntegerType(8)),
        builder.getI64IntegerAttr(256));
    return workspace;
  }

  /// A kiln_cuda_conv2d call for a conv2d kernel: NHWC input (a padded
  /// copy folded into cuDNN's padding when the padding is symmetric),
  /// the HWIO filter transposed to cuDNN's KRSC by a kernel before the
  /// call, the bias, residual and relu the kind names fused.
  void rewriteConv2D(ModuleOp module, func::CallOp call,
                     const kiln::Contraction &contraction,
                     kiln::EpilogueKind epilogueKind) {
    linalg::GenericOp op = contraction.op;
    std::optional<kiln::ContractionSite> site =
        kiln::matchContractionSite(contraction, epilogueKind, call);
    if (!site)
      return;
    Value input = op.getDpsInputs()[0], filter = op.getDpsInputs()[1];
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
    for (Value buffer : {input, filter, site->out, bias, residual})
      if (buffer &&
          !cast<MemRefType>(buffer.getType()).getLayout().isIdentity())
        return;

    auto inputType = cast<MemRefType>(input.getType());
    auto filterType = cast<MemRefType>(filter.getType());
    auto outType = cast<MemRefType>(site->out.getType());
    OpBuilder builder(site->epilogue ? site->epilogue->op.getOperation()
                                     : op.getOperation());
    Location loc = op.getLoc();
    auto i32 = [&](int64_t value) -> Value {
      return arith::ConstantIntOp::create(builder, loc, value, 32);
    };
    auto i64 = [&](int64_t value) -> Value {
      return arith::ConstantIntOp::create(builder, loc, value, 64);
    };
    // HWIO [r, s, c, k] to KRSC [k, r, s, c].
    auto krscType =
        MemRefType::get({filterType.getDimSize(3), filterType.getDimSize(0),
                         filterType.getDimSize(1), filterType.getDimSize(2)},
                        filterType.getElementType());
    auto krsc = memref::AllocOp::create(builder, loc, krscType,
                                        builder.getI64IntegerAttr(256));
    linalg::TransposeOp::create(builder, loc, filter, krsc,
                                ArrayRef<int64_t>{3, 0, 1, 2});
    int32_t epilogue = 0;
    if (bias)
      epilogue |= KILN_CONV_EPILOGUE_BIAS;
    if (residual)
      epilogue |= KILN_CONV_EPILOGUE_RESIDUAL;
    if (site->epilogue && epilogueKind.relu)
      epilogue |= KILN_CONV_EPILOGUE_RELU;
    int32_t dtype =
        outType.getElementType().isF32() ? KILN_DTYPE_F32 : KILN_DTYPE_F64;
    ArrayRef<int64_t> strides = contraction.what.getStrides();
    ArrayRef<int64_t> dilations = contraction.what.getDilations();
    Value workspace = allocateWorkspace(builder, loc);
    SmallVector<Value> operands = {i32(dtype), i32(epilogue)};
    for (int64_t size :
         {inputType.getDimSize(0), inputType.getDimSize(1),
          inputType.getDimSize(2), inputType.getDimSize(3),
          krscType.getDimSize(0), krscType.getDimSize(1),
          krscType.getDimSize(2), outType.getDimSize(1), outType.getDimSize(2),
          padH, padW, strides[0], strides[1], dilations[0], dilations[1]})
      operands.push_back(i64(size));
    for (Value buffer :
         {input, Value(krsc), bias, residual, site->out, workspace})
      operands.push_back(buffer ? describeMatrix(builder, loc, buffer).address
                                : i64(0));
    operands.push_back(i64(workspaceBytes));
    func::CallOp::create(
        builder, loc,
        declareLibraryCall(module, hostEmulation ? kEmulatedConv2D : kConv2D, 2,
                           22),
        operands);
    memref::DeallocOp::create(builder, loc, workspace);
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
    auto i32 = [&](int64_t value) -> Value {
      return arith::ConstantIntOp::create(builder, loc, value, 32);
    };
    auto i64 = [&](int64_t value) -> Value {
      return arith::ConstantIntOp::create(builder, loc, value, 64);
    };
    bool relu = site->epilogue && epilogueKind.relu;
    int32_t epilogue =
        bias ? (relu ? KILN_GEMM_EPILOGUE_BIAS_RELU : KILN_GEMM_EPILOGUE_BIAS)
             : (relu ? KILN_GEMM_EPILOGUE_RELU : KILN_GEMM_EPILOGUE_NONE);
    int32_t dtype =
        productType.getElementType().isF32() ? KILN_DTYPE_F32 : KILN_DTYPE_F64;
    Matrix matrixA = describeMatrix(builder, loc, a);
    Matrix matrixB = describeMatrix(builder, loc, b);
    Matrix matrixD = describeMatrix(builder, loc, site->out);
    Value biasAddress =
        bias ? describeMatrix(builder, loc, bias).address : i64(0);
    Value workspace = allocateWorkspace(builder, loc);
    Value workspaceAddress = describeMatrix(builder, loc, workspace).address;
    func::FuncOp gemm = declareLibraryCall(
        module, hostEmulation ? kEmulatedGemm : kGemm, 4, 12);
    func::CallOp::create(
        builder, loc, gemm,
        ValueRange{i32(dtype), i32(bool(transposedA)), i32(bool(transposedB)),
                   i32(epilogue), i64(m), i64(n), i64(k), matrixA.address,
                   matrixA.rowStride, matrixB.address, matrixB.rowStride,
                   biasAddress, matrixD.address, matrixD.rowStride,
                   workspaceAddress, i64(workspaceBytes)});
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
