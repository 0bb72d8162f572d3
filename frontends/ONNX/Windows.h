//===- Windows.h - ONNX window attributes and layouts -----------*- C++ -*-===//
//
// Private to the ONNX importer: what Conv, ConvTranspose and the pools
// share. ONNX lays images out NCHW; kiln's window ops take NHWC, so those
// converters transpose in and out (the transposes of neighbouring window
// ops cancel when kiln folds them).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_WINDOWS_H
#define KILN_FRONTENDS_ONNX_WINDOWS_H

#include "frontends/ONNX/OnnxConversion.h"

namespace kiln::onnximport {

/// A window op's kernel, strides and dilations, and its padding before and
/// after each spatial dimension (from auto_pad or the pads attribute, in
/// ONNX order: all begins, then all ends).
struct WindowSpec {
  llvm::SmallVector<int64_t, 2> kernel, strides, dilations;
  llvm::SmallVector<int64_t, 2> before, after;
};

/// The window of `node` over `spatial` dimensions (any number); with
/// `ceilMode` the end padding grows so the last, partial window exists.
mlir::FailureOr<WindowSpec> windowSpec(OnnxNode &node,
                                       llvm::ArrayRef<int64_t> spatial,
                                       llvm::ArrayRef<int64_t> kernel,
                                       bool ceilMode);

/// windowSpec for the two spatial dimensions of an NHWC tensor; a 1-D
/// window (`oneDimensional`, the height a unit dimension) reads the
/// attributes of its one dimension.
mlir::FailureOr<WindowSpec> window2d(OnnxNode &node,
                                     llvm::ArrayRef<int64_t> spatial,
                                     llvm::ArrayRef<int64_t> kernel,
                                     bool ceilMode, bool oneDimensional);

/// `x` (NHWC) padded in height and width with `value`; its shape must be
/// static.
mlir::FailureOr<mlir::Value> padSpatial(OnnxNode &node, mlir::Value x,
                                        llvm::ArrayRef<int64_t> before,
                                        llvm::ArrayRef<int64_t> after,
                                        double value);

/// Input (N, C, spatial...) as NHWC with two spatial dimensions: 1-D
/// windows gain a unit height (`oneDimensional` says so).
mlir::FailureOr<mlir::Value> toNHWC(OnnxNode &node, mlir::Value x,
                                    bool &oneDimensional);
/// The inverse of toNHWC.
mlir::Value fromNHWC(OnnxNode &node, mlir::Value y, bool oneDimensional);

} // namespace kiln::onnximport

#endif // KILN_FRONTENDS_ONNX_WINDOWS_H
