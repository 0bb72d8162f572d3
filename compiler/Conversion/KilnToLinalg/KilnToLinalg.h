//===- KilnToLinalg.h - lowering kiln ops to linalg/tensor/arith -*- C++ -*-===//
//
// Device-neutral lowering: every kiln compute op becomes linalg structured
// ops (named where one fits, linalg.generic otherwise) on tensors, with
// arith/math scalar bodies. Nothing here knows the target; the X86 and PTX
// pipelines bufferize, tile and vectorize the result their own way.
//
// The patterns need static shapes (run kiln-infer-shapes with concrete
// feeds first) and variables already turned into step buffers
// (kiln-externalize-variables). Unsigned dtypes choose the unsigned arith
// ops here and become signless types at the end.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_CONVERSION_KILNTOLINALG_KILNTOLINALG_H
#define KILN_COMPILER_CONVERSION_KILNTOLINALG_KILNTOLINALG_H

namespace mlir {
class ModuleOp;
class RewritePatternSet;
} // namespace mlir

namespace kiln {

/// Unary, binary, compare, select and cast ops, bias_add and constants.
void populateKilnElementwiseToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// matmul.
void populateKilnMatMulToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// conv2d, max_pool, avg_pool.
void populateKilnConvToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateKilnWindowGradientToLinalgPatterns(
    mlir::RewritePatternSet &patterns);
/// reduce_*, argmax, in_top_k, softmax, log_softmax, sparse softmax xent.
void populateKilnReductionToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// reshape, transpose, concat.
void populateKilnShapeToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// Rewrites unsigned integer types and constants left after lowering to
/// their signless twins (Signless.cpp).
void makeIntegersSignless(mlir::ModuleOp module);
/// random_uniform, random_normal, truncated_normal (Random.cpp).
void populateKilnRandomToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// gather, unsorted_segment_sum, check_numerics, with their run-time
/// checks (Indexing.cpp).
void populateKilnIndexingToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// All of the above.
void populateKilnToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace kiln

#endif // KILN_COMPILER_CONVERSION_KILNTOLINALG_KILNTOLINALG_H
