//===- KilnInterfaces.cpp - kiln op interfaces ----------------------------===//

#include "dialects/Kiln/IR/KilnInterfaces.h"

#include "dialects/Kiln/IR/KilnTypeInference.h"

using namespace mlir;

#include "dialects/Kiln/IR/KilnInterfaces.cpp.inc"

LogicalResult kiln::detail::verifyInferredResultTypes(Operation *op) {
  SmallVector<Type> inferred;
  if (failed(cast<kiln::InferResultTypesOpInterface>(op).inferResultTypes(
          op->getLoc(), inferred)))
    return failure();
  if (inferred.size() != op->getNumResults())
    return op->emitOpError("inferred ")
           << inferred.size() << " result types for " << op->getNumResults()
           << " results";
  for (auto [index, declared, expected] :
       llvm::enumerate(op->getResultTypes(), inferred)) {
    if (areCompatibleTensorTypes(declared, expected))
      continue;
    InFlightDiagnostic diag = op->emitOpError("expected ");
    if (op->getNumResults() > 1)
      diag << "result #" << index << " ";
    return diag << "to have a type compatible with " << expected << ", got "
                << declared;
  }
  return success();
}
