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

func::FuncOp declareGemm(ModuleOp module, StringRef name) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  SmallVector<Type> arguments = {i32, i32, i32, i32};
  arguments.append(12, i64);
  auto gemm = func::FuncOp::create(b, module.getLoc(), name,
                                   b.getFunctionType(arguments, {}));
  gemm.setPrivate();
  return gemm;
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
      if (!contraction ||
          contraction->what.getKind() != kiln::ContractionKind::MatMul ||
          !kind.getKind().starts_with("matmul"))
        continue;
      ArrayRef<Operation *> calls = users.getUsers(kernel);
      func::CallOp call = calls.size() == 1
                              ? dyn_cast<func::CallOp>(calls.front())
                              : func::CallOp();
      rewrite(module, call, *contraction,
              kiln::epilogueKind(kind.getKind(), contraction->what)
                  .value_or(kiln::EpilogueKind{}));
    }
  }

  void rewrite(ModuleOp module, func::CallOp call,
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
    auto workspace = memref::AllocOp::create(
        builder, loc,
        MemRefType::get({workspaceBytes}, builder.getIntegerType(8)),
        builder.getI64IntegerAttr(256));
    Value workspaceAddress = describeMatrix(builder, loc, workspace).address;
    func::FuncOp gemm =
        declareGemm(module, hostEmulation ? kEmulatedGemm : kGemm);
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
