//===- VariableUpdates.h - helpers of ops that assign variables -*- C++ -*-===//
//
// Private to the GraphDef importer: what the optimizer updates
// (OptimizerConverters.cpp) and the assignments and scatters
// (TrainingOpConverters.cpp) share.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_TFGRAPH_VARIABLEUPDATES_H
#define KILN_FRONTENDS_TFGRAPH_VARIABLEUPDATES_H

#include "frontends/TFGraph/NodeConversion.h"

namespace kiln::tfgraph {

/// The variables (ref or resource) among the first `count` inputs.
mlir::FailureOr<llvm::SmallVector<InputRef>> variables(NodeContext &ctx,
                                                       unsigned count);
/// An op updating one variable, its input 0, with `inputs` inputs in all.
mlir::FailureOr<InputRef> updatedVariable(NodeContext &ctx, unsigned inputs);
/// Fails unless `value` is a scalar or has the variable's type.
mlir::LogicalResult checkShape(NodeContext &ctx, mlir::Value value,
                               const InputRef &variable, llvm::StringRef what);
void assign(NodeContext &ctx, const InputRef &variable, mlir::Value value);
/// TF1 Apply* ops output the updated ref; Resource* ops output nothing.
NodeOutputs outputsFor(const InputRef &variable, bool returnsRef);

/// Rows of a variable addressed by an index input, as dense tensors.
struct IndexedRows {
  mlir::Value sums;    // the variable's shape: each row the sum of its slices
  mlir::Value touched; // i1 [rows, 1, ...]: did any index name the row?
};
/// `values` (indices.shape + the variable's row shape) summed into the
/// rows of `variable` that input `indicesInput` names. An index outside
/// [0, rows) fails the step, as in TensorFlow; the padding of indices
/// that Unique padded (UniqueConverter.cpp) is skipped.
mlir::FailureOr<IndexedRows> indexedRows(NodeContext &ctx,
                                         const InputRef &variable,
                                         mlir::Value values,
                                         unsigned indicesInput);

} // namespace kiln::tfgraph

#endif // KILN_FRONTENDS_TFGRAPH_VARIABLEUPDATES_H
