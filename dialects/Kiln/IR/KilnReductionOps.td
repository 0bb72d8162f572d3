#ifndef KILN_DIALECT_KILN_IR_KILNREDUCTIONOPS_TD
#define KILN_DIALECT_KILN_IR_KILNREDUCTIONOPS_TD

include "dialects/Kiln/IR/KilnBase.td"

class Kiln_ReduceOp<string mnemonic, Type tensorType, string reduction>
    : Kiln_Op<mnemonic, [Pure, Kiln_InferResultTypes]> {
  let summary = reduction # " over the given axes";
  let description = [{
    Reduces `input` over `axes` with }] # reduction # [{. Axes may be
    negative (counted from the innermost dimension) and must be distinct.
    With `keep_dims` the reduced dimensions stay as size 1; otherwise they
    are removed. Empty `axes` leave the input unchanged. Canonicalization
    rewrites negative axes to their positive, sorted form.

    ```mlir
    %s = kiln.}] # mnemonic # [{ %x {axes = array<i64: -1>}
        : (tensor<32x10xf32>) -> tensor<32xf32>
    ```
  }];
  let arguments = (ins tensorType:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "false">:$keep_dims);
  let results = (outs tensorType:$output);
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input, "::llvm::ArrayRef<int64_t>":$axes,
                   CArg<"bool", "false">:$keepDims), [{
      ::mlir::Type type = ::kiln::inferredOr(
          ::kiln::inferReduce({std::nullopt, ""}, input.getType(), axes,
                              keepDims),
          input.getType());
      build($_builder, $_state, type, input,
            $_builder.getDenseI64ArrayAttr(axes),
            $_builder.getBoolAttr(keepDims));
    }]>
  ];
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Kiln_ReduceSumOp : Kiln_ReduceOp<"reduce_sum", Kiln_NumericTensor, "a sum">;
def Kiln_ReduceMeanOp : Kiln_ReduceOp<"reduce_mean", Kiln_NumericTensor,
    "the arithmetic mean (integers truncate)">;
def Kiln_ReduceMaxOp : Kiln_ReduceOp<"reduce_max", Kiln_NumericTensor, "a maximum">;
def Kiln_ReduceProdOp : Kiln_ReduceOp<"reduce_prod", Kiln_NumericTensor,
    "a product (integers wrap)">;

def Kiln_ArgMaxOp : Kiln_Op<"argmax", [Pure, Kiln_InferResultTypes]> {
  let summary = "index of the largest element along one axis";
  let description = [{
    Returns, for every position of the other dimensions, the index along
    `axis` of the largest element (the first one on ties). `axis` may be
    negative. The result drops `axis` and has element type i32 or i64.

    ```mlir
    %i = kiln.argmax %x {axis = 1 : i64} : (tensor<32x10xf32>) -> tensor<32xi64>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$input, I64Attr:$axis);
  let results = (outs Kiln_IndexTensor:$output);
  // The index type is the caller's choice (TensorFlow's output_type).
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input, "int64_t":$axis,
                   "::mlir::Type":$indexType), [{
      ::mlir::Type type = ::kiln::inferredOr(
          ::kiln::inferArgMax({std::nullopt, ""}, input.getType(), axis,
                              indexType),
          input.getType());
      build($_builder, $_state, type, input, axis);
    }]>
  ];
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Kiln_InTopKOp : Kiln_Op<"in_top_k",
    [Pure, Kiln_InferResultTypes]> {
  let summary = "whether each target class is among the k largest predictions";
  let description = [{
    For `predictions` of shape [batch, classes] and `targets` of shape
    [batch], returns a bool per example: true when the target's prediction is
    among the `k` largest of its row (ties count as in, as in TensorFlow's
    InTopKV2; a non-finite prediction or an out-of-range target gives false).

    ```mlir
    %ok = kiln.in_top_k %p, %t {k = 1 : i64}
        : (tensor<32x10xf32>, tensor<32xi32>) -> tensor<32xi1>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$predictions, Kiln_IndexTensor:$targets,
                       I64Attr:$k);
  let results = (outs Kiln_BoolTensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

#endif // KILN_DIALECT_KILN_IR_KILNREDUCTIONOPS_TD
