//===- StateOps.cpp - constants, random generators, variables -------------===//

#include "dialects/Kiln/IR/KilnOps.h"

using namespace mlir;
using namespace kiln;

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

// Folders and code generation read element values directly; sparse and
// other lazily materialized forms must be densified by whoever builds them.
LogicalResult ConstantOp::verify() {
  if (isa<DenseElementsAttr, DenseResourceElementsAttr>(getValue()))
    return success();
  return emitOpError("expected a dense or dense_resource value, got ")
         << getValue();
}

//===----------------------------------------------------------------------===//
// Random generators
//===----------------------------------------------------------------------===//

static LogicalResult verifyStaticShape(Operation *op, Type type,
                                       const Twine &what) {
  if (!cast<RankedTensorType>(type).hasStaticShape())
    return op->emitOpError("expected ") << what << " to have a static shape, got "
                                        << type;
  return success();
}

static LogicalResult verifyNormal(Operation *op, Type type, double stddev) {
  if (failed(verifyStaticShape(op, type, "the result")))
    return failure();
  if (!(stddev > 0))
    return op->emitOpError("expected a positive stddev, got ") << stddev;
  return success();
}

LogicalResult RandomNormalOp::verify() {
  return verifyNormal(*this, getType(), getStddev().convertToDouble());
}

LogicalResult TruncatedNormalOp::verify() {
  return verifyNormal(*this, getType(), getStddev().convertToDouble());
}

LogicalResult RandomUniformOp::verify() {
  if (failed(verifyStaticShape(*this, getType(), "the result")))
    return failure();
  double minval = getMinval().convertToDouble();
  double maxval = getMaxval().convertToDouble();
  if (!(minval < maxval))
    return emitOpError("expected minval < maxval, got ")
           << minval << " and " << maxval;
  return success();
}

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

LogicalResult VariableOp::verify() {
  return verifyStaticShape(*this, getType(), "variable '" + getSymName() + "'");
}

/// Resolves `name` to a kiln.variable and checks the accessed value's type.
static LogicalResult verifyVariableAccess(Operation *op,
                                          SymbolTableCollection &symbolTable,
                                          FlatSymbolRefAttr name,
                                          Type accessedType, StringRef what) {
  auto variable = symbolTable.lookupNearestSymbolFrom<VariableOp>(op, name);
  if (!variable)
    return op->emitOpError("'") << name.getValue()
                                << "' does not name a kiln.variable";
  if (variable.getType() != accessedType)
    return op->emitOpError("expected ")
           << what << " of type " << variable.getType() << " (the type of "
           << name << "), got " << accessedType;
  return success();
}

LogicalResult
ReadVariableOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableAccess(*this, symbolTable, getVariableAttr(),
                              getType(), "a result");
}

LogicalResult
AssignVariableOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableAccess(*this, symbolTable, getVariableAttr(),
                              getValue().getType(), "a value");
}

LogicalResult
AssignAddVariableOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableAccess(*this, symbolTable, getVariableAttr(),
                              getDelta().getType(), "a delta");
}
