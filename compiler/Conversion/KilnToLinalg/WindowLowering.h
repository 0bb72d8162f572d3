//===- WindowLowering.h - builders shared by the window ops -----*- C++ -*-===//
//
// Private to compiler/Conversion/KilnToLinalg: conv2d, pooling and their
// gradients build the same padded inputs, convolution generics (the form
// kiln-cpu-library-calls recognizes) and window counts.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_CONVERSION_KILNTOLINALG_WINDOWLOWERING_H
#define KILN_COMPILER_CONVERSION_KILNTOLINALG_WINDOWLOWERING_H

#include "dialects/Kiln/IR/KilnTypeInference.h"

#include "mlir/IR/Builders.h"

namespace kiln::lowering {

/// The padding of an NHWC window op's two spatial dimensions over an input
/// of `inputType`: window sizes `k`, strides `s` and dilations `d`, each
/// (rows, columns).
struct SpatialPads {
  WindowPads h, w;
};
SpatialPads spatialPadding(mlir::RankedTensorType inputType,
                           llvm::ArrayRef<int64_t> k, llvm::ArrayRef<int64_t> s,
                           llvm::ArrayRef<int64_t> d, Padding padding,
                           std::optional<llvm::ArrayRef<int64_t>> explicitPads);

/// NHWC `input` padded with `padValue` around its two spatial dimensions.
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                       WindowPads h, WindowPads w, mlir::Value padValue);

/// Body of a contraction generic: yields acc + a * b for (a, b, acc).
void yieldMultiplyAccumulate(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::ValueRange args);

/// A VALID convolution of the (already padded) NHWC `input` with the HWIO
/// `filter`: strides `s`, dilations `d`, result `resultType`.
mlir::Value buildConv2D(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value input, mlir::Value filter,
                        mlir::RankedTensorType resultType,
                        llvm::ArrayRef<int64_t> s, llvm::ArrayRef<int64_t> d);

/// How many real (unpadded) input elements each window of a pool from
/// `inputType` to `resultType` covers, as a constant [1, OH, OW, 1] tensor.
mlir::Value windowCounts(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType inputType,
                         mlir::RankedTensorType resultType,
                         llvm::ArrayRef<int64_t> k, llvm::ArrayRef<int64_t> s,
                         WindowPads h, WindowPads w);

} // namespace kiln::lowering

#endif // KILN_COMPILER_CONVERSION_KILNTOLINALG_WINDOWLOWERING_H
