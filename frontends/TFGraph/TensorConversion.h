//===- TensorConversion.h - TensorFlow dtypes and tensors <-> MLIR -*- C++ -*-===//
//
// Maps TensorFlow's DataType to kiln element types and TensorProto to
// DenseElementsAttr and back. Shared by the GraphDef importer and exporter.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_TFGRAPH_TENSORCONVERSION_H
#define KILN_FRONTENDS_TFGRAPH_TENSORCONVERSION_H

#include "frontends/TFGraph/proto/tensor.pb.h"
#include "kiln/runtime/status_cc.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <string>

namespace kiln::tfgraph {

/// The kiln element type of a TensorFlow dtype (reference dtypes map like
/// their value dtype); null for dtypes kiln does not support.
mlir::Type convertDataType(tensorflow::DataType dtype, mlir::MLIRContext *ctx);

/// The TensorFlow dtype of a kiln element type; DT_INVALID if none.
tensorflow::DataType convertElementType(mlir::Type type);

/// TensorFlow's name of a dtype ("float", "int64", ...), for messages.
std::string dataTypeName(tensorflow::DataType dtype);

/// Shape of a TensorShapeProto, -1 dims as dynamic. Fails on unknown rank.
mlir::FailureOr<llvm::SmallVector<int64_t>>
convertShape(const tensorflow::TensorShapeProto &shape);

/// Converts a TensorProto (tensor_content or typed values, one value splatted
/// over the shape); an error says why it cannot.
kiln::StatusOr<mlir::DenseElementsAttr>
convertTensorProto(const tensorflow::TensorProto &tensor,
                   mlir::MLIRContext *ctx);

/// Writes `attr` into `tensor` (dtype, shape and tensor_content, or one
/// typed value for splats), as TensorFlow's own writers do.
mlir::LogicalResult exportTensorProto(mlir::DenseElementsAttr attr,
                                      tensorflow::TensorProto &tensor);

} // namespace kiln::tfgraph

#endif // KILN_FRONTENDS_TFGRAPH_TENSORCONVERSION_H
