#ifndef KILN_DIALECT_KILN_IR_KILNFUSIONOPS_TD
#define KILN_DIALECT_KILN_IR_KILNFUSIONOPS_TD

include "dialects/Kiln/IR/KilnBase.td"

def Kiln_FusionOp : Kiln_Op<"fusion",
    [IsolatedFromAbove, RecursiveMemoryEffects, SingleBlock]> {
  let summary = "a group of kiln ops compiled as one kernel";
  let description = [{
    Holds ops that kiln-fuse-ops decided to compile as one kernel: a matmul
    or convolution with its bias and element-wise epilogue, or a chain of
    element-wise ops. The body takes the group's inputs as block arguments
    and yields its results; intermediate values never leave it, so they
    need no buffer of their own. `kind` names the pattern
    (`matmul_bias_relu`, `conv2d_bias_relu`, `elementwise`, ...).

    ```mlir
    %y = kiln.fusion "matmul_bias_relu" (%x, %w, %b)
        : (tensor<32x784xf32>, tensor<784x200xf32>, tensor<200xf32>) -> tensor<32x200xf32> {
    ^bb0(%a: tensor<32x784xf32>, %c: tensor<784x200xf32>, %d: tensor<200xf32>):
      %m = kiln.matmul %a, %c : (tensor<32x784xf32>, tensor<784x200xf32>) -> tensor<32x200xf32>
      %s = kiln.bias_add %m, %d : (tensor<32x200xf32>, tensor<200xf32>) -> tensor<32x200xf32>
      %r = kiln.relu %s : tensor<32x200xf32>
      kiln.yield %r : tensor<32x200xf32>
    }
    ```
  }];
  let arguments = (ins StrAttr:$kind, Variadic<Kiln_Tensor>:$inputs);
  let results = (outs Variadic<Kiln_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $kind `(` $inputs `)` attr-dict `:` functional-type($inputs, results) $body
  }];
  let hasVerifier = 1;
}

def Kiln_CopyOp : Kiln_Op<"copy", [Pure, SameOperandsAndResultType]> {
  let summary = "moves a tensor to another device";
  let description = [{
    The value of `input` on `device`. kiln-place-ops inserts one wherever an
    op uses a value produced on another device (function arguments and
    results live on the host), so every transfer between devices is an
    explicit op that the target lowers (a copy between memory spaces, or
    nothing when both devices share memory). A copy to the device its input
    is already on folds away.

    ```mlir
    %g = kiln.copy %x {device = #kiln.device<"GPU", 0>} : tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Kiln_DeviceAttr:$device);
  let results = (outs Kiln_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasFolder = 1;
}

def Kiln_YieldOp : Kiln_Op<"yield",
    [Pure, Terminator, HasParent<"FusionOp">]> {
  let summary = "the results of a kiln.fusion";
  let description = [{
    Terminates a `kiln.fusion` body; its operands become the fusion's
    results, with the same types.

    ```mlir
    kiln.yield %r : tensor<32x200xf32>
    ```
  }];
  let arguments = (ins Variadic<Kiln_Tensor>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

#endif // KILN_DIALECT_KILN_IR_KILNFUSIONOPS_TD
