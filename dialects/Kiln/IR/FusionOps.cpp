//===- FusionOps.cpp - kiln.fusion and kiln.yield -------------------------===//

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;
using namespace kiln;

LogicalResult FusionOp::verify() {
  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("expected ") << getInputs().size()
                                    << " body arguments (one per input), got "
                                    << body.getNumArguments();
  for (auto [index, input, arg] :
       llvm::enumerate(getInputs(), body.getArguments()))
    if (input.getType() != arg.getType())
      return emitOpError("body argument #")
             << index << " has type " << arg.getType() << ", but input #"
             << index << " is " << input.getType();
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError("expected the body to end with kiln.yield");
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields ")
           << yield.getValues().size()
           << " values whose types differ from the results';"
              " expected "
           << getResultTypes();
  if (getKind().empty())
    return emitOpError("expected a non-empty kind");
  return success();
}

std::string DeviceAttr::getTensorFlowName() const {
  return "/job:localhost/replica:0/task:0/device:" + getType().str() + ":" +
         std::to_string(getIndex());
}

DeviceAttr kiln::getPlacedDevice(Operation *op) {
  return op->getAttrOfType<DeviceAttr>(kDeviceAttrName);
}

DeviceAttr kiln::getPlacedDevice(Value value) {
  if (Operation *producer = value.getDefiningOp())
    return getPlacedDevice(producer);
  // A step's arguments are host memory (the step ABI).
  return DeviceAttr::get(value.getContext(), "CPU", 0);
}

OpFoldResult CopyOp::fold(FoldAdaptor) {
  // A copy to where its input already is moves nothing; a copy of a copy
  // reads the original.
  if (getPlacedDevice(getInput()) == getDevice())
    return getInput();
  if (auto previous = getInput().getDefiningOp<CopyOp>()) {
    if (getPlacedDevice(previous.getInput()) == getDevice())
      return previous.getInput();
    getInputMutable().assign(previous.getInput());
    return getResult();
  }
  return {};
}
