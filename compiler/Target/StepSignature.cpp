//===- StepSignature.cpp - names, dtypes and shapes of a step's buffers ---===//

#include "compiler/Target/StepSignature.h"

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

} // namespace kiln
