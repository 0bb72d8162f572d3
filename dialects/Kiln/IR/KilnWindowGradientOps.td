//===- KilnWindowGradientOps.td - backward conv and pooling -*- tablegen -*-===//
//
// TensorFlow's gradient ops of the window ops, as one op each: TF-written
// training graphs import them one to one and kiln-expand-gradients builds
// them, so both share one lowering (and one fast CPU kernel per conv).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECT_KILN_IR_KILNWINDOWGRADIENTOPS_TD
#define KILN_DIALECT_KILN_IR_KILNWINDOWGRADIENTOPS_TD

include "dialects/Kiln/IR/KilnBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Kiln_Conv2DBackpropInputOp : Kiln_Op<"conv2d_backprop_input", [Pure]> {
  let summary = "gradient of a 2-D convolution with respect to its input";
  let description = [{
    TensorFlow's `Conv2DBackpropInput`: given the HWIO `filter` and the
    gradient `out_backprop` of a `kiln.conv2d` output, returns the gradient
    of its NHWC input. The result type is the forward input's type (several
    input sizes can give one output size, so it is not inferred); the
    attributes are the forward op's, and the verifier checks that the
    forward conv maps the result shape to `out_backprop`'s.

    ```mlir
    %dx = kiln.conv2d_backprop_input %w, %dy {padding = #kiln.padding<SAME>,
                                              strides = array<i64: 2, 2>}
        : (tensor<3x3x8x16xf32>, tensor<4x7x7x16xf32>) -> tensor<4x14x14x8xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$filter, Kiln_FloatTensor:$out_backprop,
                       DenseI64ArrayAttr:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       Kiln_PaddingAttr:$padding,
                       OptionalAttr<DenseI64ArrayAttr>:$explicit_paddings);
  let results = (outs Kiln_FloatTensor:$input_backprop);
  let assemblyFormat = "$filter `,` $out_backprop attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Kiln_Conv2DBackpropFilterOp : Kiln_Op<"conv2d_backprop_filter", [Pure]> {
  let summary = "gradient of a 2-D convolution with respect to its filter";
  let description = [{
    TensorFlow's `Conv2DBackpropFilter`: given the forward NHWC `input` and
    the gradient `out_backprop` of the `kiln.conv2d` output, returns the
    gradient of its HWIO filter (the result type is the filter's type).
    Input rows or columns no window reads get no contribution.

    ```mlir
    %dw = kiln.conv2d_backprop_filter %x, %dy {padding = #kiln.padding<SAME>,
                                               strides = array<i64: 1, 1>}
        : (tensor<4x14x14x8xf32>, tensor<4x14x14x16xf32>) -> tensor<3x3x8x16xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input, Kiln_FloatTensor:$out_backprop,
                       DenseI64ArrayAttr:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       Kiln_PaddingAttr:$padding,
                       OptionalAttr<DenseI64ArrayAttr>:$explicit_paddings);
  let results = (outs Kiln_FloatTensor:$filter_backprop);
  let assemblyFormat = "$input `,` $out_backprop attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Kiln_MaxPoolGradOp : Kiln_Op<"max_pool_grad",
    [Pure, AllTypesMatch<["input", "input_backprop"]>]> {
  let summary = "gradient of a 2-D max pool with respect to its input";
  let description = [{
    TensorFlow's `MaxPoolGrad`: each window's gradient goes to the first
    (row-major) position of its maximum in `input`; overlapping windows add
    up. `output` is the forward pool's result (kept for TensorFlow's
    signature; the maxima are found again from `input`).

    ```mlir
    %dx = kiln.max_pool_grad %x, %y, %dy {ksize = array<i64: 3, 3>,
        padding = #kiln.padding<SAME>, strides = array<i64: 2, 2>}
        : (tensor<4x8x8x2xf32>, tensor<4x4x4x2xf32>, tensor<4x4x4x2xf32>)
       -> tensor<4x8x8x2xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input, Kiln_FloatTensor:$output,
                       Kiln_FloatTensor:$grad, DenseI64ArrayAttr:$ksize,
                       DenseI64ArrayAttr:$strides, Kiln_PaddingAttr:$padding);
  let results = (outs Kiln_FloatTensor:$input_backprop);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Kiln_AvgPoolGradOp : Kiln_Op<"avg_pool_grad", [Pure]> {
  let summary = "gradient of a 2-D average pool with respect to its input";
  let description = [{
    TensorFlow's `AvgPoolGrad` (with the input shape as the result type):
    each window's gradient is spread evenly over the real (unpadded) input
    elements it averaged; overlapping windows add up.

    ```mlir
    %dx = kiln.avg_pool_grad %dy {ksize = array<i64: 2, 2>,
        padding = #kiln.padding<VALID>, strides = array<i64: 2, 2>}
        : (tensor<4x4x4x2xf32>) -> tensor<4x8x8x2xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$grad, DenseI64ArrayAttr:$ksize,
                       DenseI64ArrayAttr:$strides, Kiln_PaddingAttr:$padding);
  let results = (outs Kiln_FloatTensor:$input_backprop);
  let assemblyFormat = "$grad attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNWINDOWGRADIENTOPS_TD
