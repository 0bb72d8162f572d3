//===- KilnAutodiffOps.td - gradients of a step's loss -----*- tablegen -*-===//
#ifndef KILN_DIALECT_KILN_IR_KILNAUTODIFFOPS_TD
#define KILN_DIALECT_KILN_IR_KILNAUTODIFFOPS_TD

include "dialects/Kiln/IR/KilnBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Kiln_GradientsOp : Kiln_Op<"gradients", [Pure]> {
  let summary = "the gradient of a scalar loss with respect to values";
  let description = [{
    Returns d`loss`/d`x` for every `x` in `xs`, each with the type of its
    `x` (TensorFlow's `tf.gradients(loss, xs)`). `loss` is a float scalar
    computed in the same function from the `xs`; the gradient flows back
    through every differentiable op between them (an `x` the loss does not
    depend on gets zeros). kiln-expand-gradients replaces the op by the
    backward computation, built from ordinary kiln ops that fusion and
    memory planning then treat like forward ones.

    ```mlir
    %dw, %db = kiln.gradients %loss wrt %w, %b
        : tensor<f32>, (tensor<784x10xf32>, tensor<10xf32>)
       -> (tensor<784x10xf32>, tensor<10xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$loss, Variadic<Kiln_FloatTensor>:$xs);
  let results = (outs Variadic<Kiln_FloatTensor>:$gradients);
  let assemblyFormat = [{
    $loss `wrt` $xs attr-dict `:` type($loss) `,` `(` type($xs) `)` `->`
    `(` type($gradients) `)`
  }];
  let hasVerifier = 1;
}

def Kiln_StopGradientOp : Kiln_Op<"stop_gradient",
    [Pure, AllTypesMatch<["x", "y"]>]> {
  let summary = "passes a value through; no gradient flows back through it";
  let description = [{
    TensorFlow's StopGradient: `y` is `x`, and kiln-expand-gradients treats
    it as a constant, so nothing upstream of it gets a gradient through
    it. With `prevent_message` (TensorFlow's PreventGradient) a gradient
    that reaches it is an error carrying that message instead.
    kiln-expand-gradients removes the op once the gradients are built.

    ```mlir
    %target = kiln.stop_gradient %q : tensor<32x4xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, OptionalAttr<StrAttr>:$prevent_message);
  let results = (outs Kiln_Tensor:$y);
  let assemblyFormat = "$x attr-dict `:` type($x)";
}

#endif // KILN_DIALECT_KILN_IR_KILNAUTODIFFOPS_TD
