//===- Signless.cpp - unsigned kiln types become signless after lowering --===//
//
// kiln keeps TensorFlow's unsigned dtypes (ui8) so ops know their
// semantics, and the lowering patterns already chose the unsigned arith
// ops (divui, cmpi ult, extui, uitofp, ...) from them. arith and LLVM only
// take signless integers, so once every kiln op is lowered the remaining
// types and constants are rewritten bit for bit to their signless twins.
// The step ABI only sees bytes, so buffers do not change.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/KilnToLinalg/KilnToLinalg.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace kiln {
namespace {

Type signless(Type type) {
  if (auto integer = dyn_cast<IntegerType>(type))
    return integer.isSignless()
               ? type
               : IntegerType::get(type.getContext(), integer.getWidth());
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor.clone(signless(tensor.getElementType()));
  if (auto memref = dyn_cast<MemRefType>(type))
    return MemRefType::Builder(memref).setElementType(
        signless(memref.getElementType()));
  if (auto function = dyn_cast<FunctionType>(type)) {
    auto inputs = llvm::map_to_vector(function.getInputs(), signless);
    auto results = llvm::map_to_vector(function.getResults(), signless);
    return FunctionType::get(type.getContext(), inputs, results);
  }
  return type;
}

Attribute signless(Attribute attribute) {
  if (auto dense = dyn_cast<DenseIntElementsAttr>(attribute)) {
    auto type = cast<ShapedType>(dense.getType());
    Type converted = signless(type);
    if (converted == type)
      return attribute;
    return DenseElementsAttr::getFromRawBuffer(cast<ShapedType>(converted),
                                               dense.getRawData());
  }
  if (auto integer = dyn_cast<IntegerAttr>(attribute)) {
    Type converted = signless(integer.getType());
    return converted == integer.getType()
               ? attribute
               : IntegerAttr::get(converted, integer.getValue());
  }
  if (auto type = dyn_cast<TypeAttr>(attribute)) {
    Type converted = signless(type.getValue());
    return converted == type.getValue() ? attribute : TypeAttr::get(converted);
  }
  return attribute;
}

} // namespace

void makeIntegersSignless(ModuleOp module) {
  module.walk([](Operation *op) {
    for (Value result : op->getResults())
      result.setType(signless(result.getType()));
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument argument : block.getArguments())
          argument.setType(signless(argument.getType()));
    for (NamedAttribute named : op->getAttrs()) {
      Attribute converted = signless(named.getValue());
      if (converted != named.getValue())
        op->setAttr(named.getName(), converted);
    }
  });
}

} // namespace kiln
