//===- AutodiffOps.cpp - kiln.gradients -----------------------------------===//

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;
using namespace kiln;

LogicalResult GradientsOp::verify() {
  auto loss = cast<RankedTensorType>(getLoss().getType());
  if (loss.getRank() != 0)
    return emitOpError("differentiates a scalar loss, got ") << loss;
  if (getXs().empty())
    return emitOpError("needs at least one value to differentiate with "
                       "respect to");
  if (getGradients().size() != getXs().size())
    return emitOpError("returns one gradient per value, got ")
           << getGradients().size() << " for " << getXs().size();
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip(getXs(), getGradients()))) {
    auto [x, gradient] = pair;
    if (x.getType() != gradient.getType())
      return emitOpError("gradient #")
             << index << " must have its value's type " << x.getType()
             << ", got " << gradient.getType();
  }
  return success();
}
