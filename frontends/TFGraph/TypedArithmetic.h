//===- TypedArithmetic.h - element-wise ops with one result type -*- C++
//-*-===//
//
// Private to the GraphDef importer: the arithmetic the optimizer updates
// and TensorFlow's backward ops are written in, every result of `type`
// (operands of that type or scalars). Ops are created in statement order,
// never two inside one call's argument list, whose evaluation order
// compilers choose differently.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_TFGRAPH_TYPEDARITHMETIC_H
#define KILN_FRONTENDS_TFGRAPH_TYPEDARITHMETIC_H

#include "frontends/TFGraph/NodeConversion.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/IR/TypeUtilities.h"

namespace kiln::tfgraph {

struct TypedArithmetic {
  TypedArithmetic(NodeContext &ctx, mlir::Type type) : ctx(ctx), type(type) {}

  NodeContext &ctx;
  mlir::Type type;

  mlir::Value add(mlir::Value a, mlir::Value b) {
    return AddOp::create(ctx.builder, ctx.loc, type, a, b);
  }
  mlir::Value sub(mlir::Value a, mlir::Value b) {
    return SubOp::create(ctx.builder, ctx.loc, type, a, b);
  }
  mlir::Value mul(mlir::Value a, mlir::Value b) {
    return MulOp::create(ctx.builder, ctx.loc, type, a, b);
  }
  mlir::Value div(mlir::Value a, mlir::Value b) {
    return DivOp::create(ctx.builder, ctx.loc, type, a, b);
  }
  /// A rank-0 constant of the result's element type.
  mlir::Value constant(double value) {
    return ctx.splat(
        mlir::RankedTensorType::get({}, mlir::getElementTypeOrSelf(type)),
        value);
  }
};

} // namespace kiln::tfgraph

#endif // KILN_FRONTENDS_TFGRAPH_TYPEDARITHMETIC_H
