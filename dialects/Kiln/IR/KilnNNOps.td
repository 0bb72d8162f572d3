#ifndef KILN_DIALECT_KILN_IR_KILNNNOPS_TD
#define KILN_DIALECT_KILN_IR_KILNNNOPS_TD

include "dialects/Kiln/IR/KilnBase.td"

def Kiln_MatMulOp : Kiln_Op<"matmul",
    [Pure, Kiln_InferResultTypes]> {
  let summary = "matrix product of two rank-2 tensors";
  let description = [{
    Computes `op(a) x op(b)` where `op` transposes its argument when
    `transpose_a` / `transpose_b` is set. With `op(a)` of shape MxK and
    `op(b)` of shape KxN the result is MxN. Both operands have the result's
    element type.

    ```mlir
    %c = kiln.matmul %a, %b {transpose_b = true}
        : (tensor<32x784xf32>, tensor<200x784xf32>) -> tensor<32x200xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$a, Kiln_NumericTensor:$b,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_b);
  let results = (outs Kiln_NumericTensor:$output);
  let assemblyFormat = "$a `,` $b attr-dict `:` functional-type(operands, results)";
  let builders = [
    OpBuilder<(ins "::mlir::Value":$a, "::mlir::Value":$b,
                   CArg<"bool", "false">:$transposeA,
                   CArg<"bool", "false">:$transposeB), [{
      build($_builder, $_state,
            ::kiln::inferredOr(::kiln::inferMatMul({std::nullopt, ""},
                                                   a.getType(), b.getType(),
                                                   transposeA, transposeB),
                               a.getType()),
            a, b, transposeA, transposeB);
    }]>
  ];
}

def Kiln_BiasAddOp : Kiln_Op<"bias_add",
    [Pure, Kiln_InferResultTypes]> {
  let summary = "adds a rank-1 bias along the innermost (channel) dimension";
  let description = [{
    `value` has rank at least 2 and its innermost dimension is the channel
    dimension (NHWC); `bias` has one element per channel. The result has the
    type of `value`.

    ```mlir
    %y = kiln.bias_add %x, %b
        : (tensor<32x200xf32>, tensor<200xf32>) -> tensor<32x200xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$value, Kiln_NumericTensor:$bias);
  let results = (outs Kiln_NumericTensor:$output);
  let builders = [
    OpBuilder<(ins "::mlir::Value":$value, "::mlir::Value":$bias), [{
      build($_builder, $_state,
            ::kiln::inferredOr(::kiln::inferBiasAdd({std::nullopt, ""},
                                                    value.getType(),
                                                    bias.getType()),
                               value.getType()),
            value, bias);
    }]>
  ];
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def Kiln_Conv2DOp : Kiln_Op<"conv2d",
    [Pure, Kiln_InferResultTypes]> {
  let summary = "2-D convolution, NHWC input and HWIO filter";
  let description = [{
    Cross-correlates an NHWC `input` with an HWIO `filter` (filter height,
    width, input channels, output channels). `strides` and `dilations` hold
    the height and width values. With `padding = SAME` the output size is
    `ceil(in / stride)`; with `VALID` it is
    `ceil((in - (k - 1) * dilation) / stride)`; with `EXPLICIT`,
    `explicit_paddings` holds `[top, bottom, left, right]` and the output is
    `(in + top + bottom - (k - 1) * dilation - 1) / stride + 1`.

    ```mlir
    %y = kiln.conv2d %x, %w {padding = #kiln.padding<SAME>,
                             strides = array<i64: 1, 1>}
        : (tensor<8x28x28x1xf32>, tensor<5x5x1x32xf32>) -> tensor<8x28x28x32xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input, Kiln_FloatTensor:$filter,
                       DenseI64ArrayAttr:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       Kiln_PaddingAttr:$padding,
                       OptionalAttr<DenseI64ArrayAttr>:$explicit_paddings);
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$filter,
                   "::llvm::ArrayRef<int64_t>":$strides,
                   "::kiln::Padding":$padding,
                   CArg<"::llvm::ArrayRef<int64_t>", "{1, 1}">:$dilations,
                   CArg<"std::optional<::llvm::ArrayRef<int64_t>>",
                        "std::nullopt">:$explicitPaddings), [{
      ::mlir::Type type = ::kiln::inferredOr(
          ::kiln::inferConv2D({std::nullopt, ""}, input.getType(),
                              filter.getType(), strides, dilations, padding,
                              explicitPaddings),
          input.getType());
      build($_builder, $_state, type, input, filter,
            $_builder.getDenseI64ArrayAttr(strides),
            $_builder.getDenseI64ArrayAttr(dilations),
            ::kiln::PaddingAttr::get($_builder.getContext(), padding),
            explicitPaddings
                ? $_builder.getDenseI64ArrayAttr(*explicitPaddings)
                : ::mlir::DenseI64ArrayAttr());
    }]>
  ];
  let results = (outs Kiln_FloatTensor:$output);
  let assemblyFormat = "$input `,` $filter attr-dict `:` functional-type(operands, results)";
}

class Kiln_PoolOp<string mnemonic, Type tensorType, string reduction>
    : Kiln_Op<mnemonic, [Pure, Kiln_InferResultTypes]> {
  let summary = "2-D " # reduction # " pooling over an NHWC tensor";
  let description = [{
    Takes the }] # reduction # [{ of each `ksize` window (height, width),
    moved by `strides`. `padding` is `SAME` or `VALID`, with TensorFlow's
    output sizes; padded positions do not take part in the result.

    ```mlir
    %y = kiln.}] # mnemonic # [{ %x {ksize = array<i64: 2, 2>,
        padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>}
        : (tensor<8x28x28x32xf32>) -> tensor<8x14x14x32xf32>
    ```
  }];
  let arguments = (ins tensorType:$input, DenseI64ArrayAttr:$ksize,
                       DenseI64ArrayAttr:$strides, Kiln_PaddingAttr:$padding);
  let results = (outs tensorType:$output);
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input, "::llvm::ArrayRef<int64_t>":$ksize,
                   "::llvm::ArrayRef<int64_t>":$strides,
                   "::kiln::Padding":$padding), [{
      ::mlir::Type type = ::kiln::inferredOr(
          ::kiln::inferPool({std::nullopt, ""}, input.getType(), ksize,
                            strides, padding),
          input.getType());
      build($_builder, $_state, type, input,
            $_builder.getDenseI64ArrayAttr(ksize),
            $_builder.getDenseI64ArrayAttr(strides),
            ::kiln::PaddingAttr::get($_builder.getContext(), padding));
    }]>
  ];
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Kiln_MaxPoolOp : Kiln_PoolOp<"max_pool", Kiln_NumericTensor, "maximum">;
def Kiln_AvgPoolOp : Kiln_PoolOp<"avg_pool", Kiln_FloatTensor, "average">;

class Kiln_SoftmaxLikeOp<string mnemonic, string formula>
    : Kiln_Op<mnemonic, [Pure, AllTypesMatch<["logits", "output"]>,
                         Kiln_InferResultTypes]> {
  let summary = formula # " over the innermost dimension";
  let description = [{
    Computes `}] # formula # [{` along the innermost dimension of a tensor of
    rank at least 1, in a numerically stable way (the maximum is subtracted
    first).

    ```mlir
    %p = kiln.}] # mnemonic # [{ %logits : tensor<32x10xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$logits);
  let results = (outs Kiln_FloatTensor:$output);
  let assemblyFormat = "$logits attr-dict `:` type($logits)";
  let hasVerifier = 1;
}

def Kiln_SoftmaxOp : Kiln_SoftmaxLikeOp<"softmax",
    "exp(x_i) / sum_j exp(x_j)">;
def Kiln_LogSoftmaxOp : Kiln_SoftmaxLikeOp<"log_softmax",
    "x_i - log(sum_j exp(x_j))">;

def Kiln_SparseSoftmaxCrossEntropyWithLogitsOp
    : Kiln_Op<"sparse_softmax_cross_entropy_with_logits",
              [Pure, Kiln_InferResultTypes]> {
  let summary = "softmax cross-entropy against integer class labels";
  let description = [{
    For `features` of shape [batch, classes] and `labels` of shape [batch]
    holding class indices, returns the per-example `loss`
    (`-log softmax(features)[label]`, shape [batch]) and its gradient with
    respect to the features, `backprop = softmax(features) - onehot(label)`
    (shape [batch, classes]), as TensorFlow's op of the same name does.

    ```mlir
    %loss, %grad = kiln.sparse_softmax_cross_entropy_with_logits %f, %l
        : (tensor<32x10xf32>, tensor<32xi64>) -> (tensor<32xf32>, tensor<32x10xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$features, Kiln_IndexTensor:$labels);
  let results = (outs Kiln_FloatTensor:$loss, Kiln_FloatTensor:$backprop);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

#endif // KILN_DIALECT_KILN_IR_KILNNNOPS_TD
