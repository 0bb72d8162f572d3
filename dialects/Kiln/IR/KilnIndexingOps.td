#ifndef KILN_DIALECT_KILN_IR_KILNINDEXINGOPS_TD
#define KILN_DIALECT_KILN_IR_KILNINDEXINGOPS_TD

include "dialects/Kiln/IR/KilnBase.td"

def Kiln_GatherOp : Kiln_Op<"gather", [Pure, Kiln_InferResultTypes]> {
  let summary = "picks slices of a tensor along one axis by run-time indices";
  let description = [{
    TensorFlow's GatherV2 with batch_dims 0: the result has shape
    `params[:axis] + indices + params[axis+1:]`, and its element at
    `(a..., i..., b...)` is `params[a..., indices[i...], b...]`. An index
    outside `[0, params.shape[axis])` (negative ones included) ends the
    step with an error naming the op, the index's position and its value,
    as TensorFlow's CPU kernel does. With `wrap_negative_indices` (ONNX's
    Gather) an index in `[-size, 0)` counts from the end and the valid
    range is `[-size, size)`. The gradient with respect to `params`
    is a `kiln.unsorted_segment_sum` of the incoming gradient. A small
    gather of constants with indices in range folds.

    ```mlir
    %rows = kiln.gather %embedding, %ids {axis = 0 : i64}
        : (tensor<1000x64xf32>, tensor<32x20xi32>) -> tensor<32x20x64xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$params, Kiln_IndexTensor:$indices,
                       I64Attr:$axis, UnitAttr:$wrap_negative_indices);
  let results = (outs Kiln_Tensor:$output);
  let builders = [
    OpBuilder<(ins "::mlir::Value":$params, "::mlir::Value":$indices,
                   "int64_t":$axis, CArg<"bool", "false">:$wrapNegative), [{
      ::mlir::Type type = ::kiln::inferredOr(
          ::kiln::inferGather({std::nullopt, ""}, params.getType(),
                              indices.getType(), axis),
          params.getType());
      build($_builder, $_state, type, params, indices,
            $_builder.getI64IntegerAttr(axis),
            wrapNegative ? $_builder.getUnitAttr() : ::mlir::UnitAttr());
    }]>
  ];
  let assemblyFormat = "$params `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Kiln_UnsortedSegmentSumOp : Kiln_Op<"unsorted_segment_sum",
    [Pure, Kiln_InferResultTypes]> {
  let summary = "adds up slices of a tensor into the segments their ids name";
  let description = [{
    TensorFlow's UnsortedSegmentSum: `segment_ids` has the shape of the
    leading dimensions of `data`; the result has shape `[num_segments] +
    data.shape[rank(segment_ids):]` and its row `s` is the sum of the
    slices of `data` whose id is `s` (zero when none is). Slices with a
    negative id are dropped; an id of `num_segments` or more ends the step
    with an error naming the op, the id's position and its value.

    ```mlir
    %grad = kiln.unsorted_segment_sum %dy, %ids {num_segments = 1000 : i64}
        : (tensor<32x20x64xf32>, tensor<32x20xi32>) -> tensor<1000x64xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$data, Kiln_IndexTensor:$segment_ids,
                       I64Attr:$num_segments);
  let results = (outs Kiln_NumericTensor:$output);
  let builders = [
    OpBuilder<(ins "::mlir::Value":$data, "::mlir::Value":$segment_ids,
                   "int64_t":$num_segments), [{
      ::mlir::Type type = ::kiln::inferredOr(
          ::kiln::inferUnsortedSegmentSum({std::nullopt, ""}, data.getType(),
                                           segment_ids.getType(), num_segments),
          data.getType());
      build($_builder, $_state, type, data, segment_ids,
            $_builder.getI64IntegerAttr(num_segments));
    }]>
  ];
  let assemblyFormat = "$data `,` $segment_ids attr-dict `:` functional-type(operands, results)";
}

#endif // KILN_DIALECT_KILN_IR_KILNINDEXINGOPS_TD
