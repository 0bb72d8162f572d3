//===- StepSignature.cpp - names, dtypes and shapes of a step's buffers ---===//

#include "compiler/Target/StepSignature.h"

#include "dialects/Kiln/IR/KilnDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace kiln {

bool toRuntimeDType(mlir::Type element, runtime::DType &dtype) {
  using runtime::DType;
  if (element.isF32())
    dtype = DType::F32;
  else if (element.isF64())
    dtype = DType::F64;
  else if (element.isF16())
    dtype = DType::F16;
  else if (element.isInteger(1))
    dtype = DType::Bool;
  else if (element.isUnsignedInteger(8))
    dtype = DType::U8;
  else if (element.isUnsignedInteger(16))
    dtype = DType::U16;
  else if (element.isUnsignedInteger(32))
    dtype = DType::U32;
  else if (element.isUnsignedInteger(64))
    dtype = DType::U64;
  else if (element.isSignlessInteger(8))
    dtype = DType::I8;
  else if (element.isSignlessInteger(16))
    dtype = DType::I16;
  else if (element.isSignlessInteger(32))
    dtype = DType::I32;
  else if (element.isSignlessInteger(64))
    dtype = DType::I64;
  else
    return false;
  return true;
}

mlir::Type fromRuntimeDType(runtime::DType dtype, mlir::MLIRContext *ctx) {
  mlir::Builder b(ctx);
  switch (dtype) {
  case runtime::DType::F16: return b.getF16Type();
  case runtime::DType::F32: return b.getF32Type();
  case runtime::DType::F64: return b.getF64Type();
  case runtime::DType::I8: return b.getIntegerType(8);
  case runtime::DType::I16: return b.getIntegerType(16);
  case runtime::DType::I32: return b.getIntegerType(32);
  case runtime::DType::I64: return b.getIntegerType(64);
  case runtime::DType::U8: return b.getIntegerType(8, /*isSigned=*/false);
  case runtime::DType::U16:
    return b.getIntegerType(16, /*isSigned=*/false);
  case runtime::DType::U32:
    return b.getIntegerType(32, /*isSigned=*/false);
  case runtime::DType::U64:
    return b.getIntegerType(64, /*isSigned=*/false);
  case runtime::DType::Bool: return b.getI1Type();
  }
  return nullptr;
}

namespace {
Status signatureOf(mlir::Type type, std::string name, const char *what,
                   TensorSignature &out) {
  auto tensor = mlir::dyn_cast<mlir::ShapedType>(type);
  out.name = std::move(name);
  if (!tensor || !tensor.hasStaticShape() ||
      !toRuntimeDType(tensor.getElementType(), out.dtype))
    return invalidArgument(std::string(what) + " '" + out.name +
                           "' has no static shape or dtype");
  out.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  return Status();
}
} // namespace

std::vector<ArenaSlot> collectArenaSlots(mlir::Operation *op) {
  auto func = mlir::cast<mlir::func::FuncOp>(op);
  std::vector<ArenaSlot> slots;
  for (auto [index, type] : llvm::enumerate(func.getArgumentTypes()))
    if (std::optional<int64_t> offset = getArenaSlotOffset(func, index))
      slots.push_back(
          {*offset, mlir::cast<mlir::MemRefType>(type).getNumElements()});
  return slots;
}

Status collectStepSignatures(mlir::Operation *op,
                             llvm::ArrayRef<std::string> fetchNames,
                             std::vector<TensorSignature> &inputs,
                             std::vector<TensorSignature> &outputs) {
  auto func = mlir::cast<mlir::func::FuncOp>(op);
  inputs.clear();
  outputs.clear();
  for (auto [index, type] : llvm::enumerate(func.getArgumentTypes())) {
    std::string name = "arg" + std::to_string(index);
    if (auto feed = getFeedName(func, index))
      name = feed.str();
    auto variable = getVariableName(func, index);
    if (variable)
      name = variable.str();
    TensorSignature &input = inputs.emplace_back();
    KILN_RETURN_IF_ERROR(
        signatureOf(type, name, variable ? "variable" : "input", input));
    input.variable = bool(variable);
    input.variableRead = isVariableRead(func, index);
  }
  for (auto [index, type] : llvm::enumerate(func.getResultTypes())) {
    std::string name = index < fetchNames.size()
                           ? fetchNames[index]
                           : "result" + std::to_string(index);
    KILN_RETURN_IF_ERROR(
        signatureOf(type, name, "fetch", outputs.emplace_back()));
  }
  return Status();
}

} // namespace kiln
