#ifndef KILN_DIALECT_KILN_IR_KILNSHAPEOPS_TD
#define KILN_DIALECT_KILN_IR_KILNSHAPEOPS_TD

include "dialects/Kiln/IR/KilnBase.td"

def Kiln_ReshapeOp : Kiln_Op<"reshape", [Pure, Kiln_InferResultTypes]> {
  let summary = "reinterprets a tensor with a new shape";
  let description = [{
    Returns the elements of `x`, in row-major order, with the result's shape.
    Element types must match, and so must element counts when both shapes
    are static; at most one result dimension may be dynamic, and it is
    inferred from the element count once the input is static. Reshapes of
    reshapes merge, reshapes to the operand's own type fold away, and
    reshapes of constants fold.

    ```mlir
    %y = kiln.reshape %x : (tensor<32x28x28x1xf32>) -> tensor<32x784xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x);
  let results = (outs Kiln_Tensor:$y);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_TransposeOp : Kiln_Op<"transpose",
    [Pure, Kiln_InferResultTypes]> {
  let summary = "permutes the dimensions of a tensor";
  let description = [{
    Result dimension `i` is operand dimension `perm[i]`; `perm` is a
    permutation of `[0, rank)`. The identity permutation folds away and a
    transpose of a transpose becomes one transpose.

    ```mlir
    %y = kiln.transpose %x {perm = array<i64: 1, 0>}
        : (tensor<784x200xf32>) -> tensor<200x784xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, DenseI64ArrayAttr:$perm);
  let results = (outs Kiln_Tensor:$y);
  let builders = [
    OpBuilder<(ins "::mlir::Value":$x, "::llvm::ArrayRef<int64_t>":$perm), [{
      ::mlir::Type type = ::kiln::inferredOr(
          ::kiln::inferTranspose({std::nullopt, ""}, x.getType(), perm),
          x.getType());
      build($_builder, $_state, type, x, $_builder.getDenseI64ArrayAttr(perm));
    }]>
  ];
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Kiln_ConcatOp : Kiln_Op<"concat",
    [Pure, Kiln_InferResultTypes]> {
  let summary = "joins tensors along one axis";
  let description = [{
    Concatenates one or more tensors of equal rank and element type along
    `axis` (negative counts from the innermost dimension). All other
    dimensions must agree. A single input folds away.

    ```mlir
    %y = kiln.concat %a, %b {axis = 1 : i64}
        : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Variadic<Kiln_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Kiln_Tensor:$output);
  let builders = [
    OpBuilder<(ins "::mlir::ValueRange":$inputs, "int64_t":$axis), [{
      ::mlir::Type type = ::kiln::inferredOr(
          ::kiln::inferConcat({std::nullopt, ""}, inputs.getTypes(), axis),
          inputs.front().getType());
      build($_builder, $_state, type, inputs, axis);
    }]>
  ];
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}


def Kiln_ReverseOp : Kiln_Op<"reverse", [Pure, AllTypesMatch<["x", "y"]>]> {
  let summary = "reverses a tensor along some dimensions";
  let description = [{
    Element `i` along each dimension in `axes` is read from `size - 1 - i`
    (TensorFlow's ReverseV2). Convolution gradients use it to flip filters.

    ```mlir
    %y = kiln.reverse %w {axes = array<i64: 0, 1>}
        : tensor<5x5x1x32xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, DenseI64ArrayAttr:$axes);
  let results = (outs Kiln_Tensor:$y);
  let assemblyFormat = "$x attr-dict `:` type($y)";
  let hasVerifier = 1;
}


def Kiln_SliceOp : Kiln_Op<"slice", [Pure]> {
  let summary = "a static box of a tensor";
  let description = [{
    The elements `begin[d] <= i < begin[d] + result size[d]` of each
    dimension (TensorFlow's Slice with constant begin and size). The
    gradient of `concat` uses it to hand each input its part. A slice of a
    small constant folds.

    ```mlir
    %y = kiln.slice %x {begin = array<i64: 0, 2>}
        : (tensor<4x5xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, DenseI64ArrayAttr:$begin);
  let results = (outs Kiln_Tensor:$y);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNSHAPEOPS_TD
