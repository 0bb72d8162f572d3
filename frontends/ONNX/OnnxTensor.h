//===- OnnxTensor.h - ONNX dtypes and TensorProto contents ------*- C++ -*-===//
//
// Decodes an ONNX TensorProto (raw_data, the typed value fields, or an
// external data file beside the model) into little-endian bytes, and maps
// ONNX element types to kiln's. Shared by the importer (initializers,
// Constant nodes, tensor attributes) and by tools that read the backend
// tests' input_N.pb / output_N.pb files.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_ONNXTENSOR_H
#define KILN_FRONTENDS_ONNX_ONNXTENSOR_H

#include "frontends/ONNX/proto/onnx.pb.h"
#include "kiln/runtime/status_cc.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <string>
#include <vector>

namespace kiln::onnximport {

/// ONNX's name of a TensorProto.DataType value ("FLOAT", "UINT16", ...).
std::string dataTypeName(int32_t dataType);

/// The kiln element type of an ONNX dtype; null when kiln has none, with
/// the reason in `why` ("kiln has no uint16 dtype").
mlir::Type convertDataType(int32_t dataType, mlir::MLIRContext *ctx,
                           std::string *why = nullptr);

/// The ONNX dtype of a kiln element type; 0 (UNDEFINED) when none.
int32_t dataTypeOf(mlir::Type elementType);

/// Bytes per element of a fixed-width ONNX dtype; 0 for the others.
size_t dataTypeSize(int32_t dataType);

/// A tensor's contents as one buffer of little-endian elements (bools one
/// byte each).
struct DecodedTensor {
  int32_t dataType = 0;
  std::vector<int64_t> dims;
  std::string bytes;
  int64_t elementCount() const;
};

/// Decodes `tensor`. External data is read from `location` relative to
/// `modelDirectory`, which must stay inside it, with offset and length
/// checked against the file. Errors name the tensor.
StatusOr<DecodedTensor> decodeTensor(const onnx::TensorProto &tensor,
                                     const std::string &modelDirectory);

/// `decoded` as an attribute of kiln's element type; an error when kiln
/// has no such dtype.
StatusOr<mlir::DenseElementsAttr> toElementsAttr(const DecodedTensor &decoded,
                                                 mlir::MLIRContext *ctx);

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_ONNXTENSOR_H
