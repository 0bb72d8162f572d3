#ifndef KILN_DIALECT_KILN_IR_KILNCHECKOPS_TD
#define KILN_DIALECT_KILN_IR_KILNCHECKOPS_TD

include "dialects/Kiln/IR/KilnBase.td"

def Kiln_CheckNumericsOp : Kiln_Op<"check_numerics",
    [Pure, AllTypesMatch<["x", "y"]>]> {
  let summary = "fails the step when a tensor holds NaN or infinity";
  let description = [{
    TensorFlow's CheckNumerics: returns `x` unchanged, or ends the step
    with an error (`message`, then what was found) when any element is NaN
    or infinite. Its gradient checks the incoming gradient the same way.

    ```mlir
    %y = kiln.check_numerics %x {message = "logits"} : tensor<32x10xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$x, StrAttr:$message);
  let results = (outs Kiln_FloatTensor:$y);
  let assemblyFormat = "$x attr-dict `:` type($x)";
}

def Kiln_CheckIndicesOp : Kiln_Op<"check_indices",
    [Pure, AllTypesMatch<["indices", "checked"]>]> {
  let summary = "fails the step when an index is outside a range";
  let description = [{
    Returns `indices` unchanged, or ends the step with an error naming the
    op, the first offending index's position and its value when one is
    outside `[lower, upper)`: the check TensorFlow's scatter kernels make
    before they write. Ops that use the result run after the check.

    ```mlir
    %ok = kiln.check_indices %ids {lower = 0 : i64, upper = 1000 : i64} : tensor<32xi32>
    ```
  }];
  let arguments = (ins Kiln_IndexTensor:$indices, I64Attr:$lower,
                       I64Attr:$upper);
  let results = (outs Kiln_IndexTensor:$checked);
  let assemblyFormat = "$indices attr-dict `:` type($indices)";
}

def Kiln_RuntimeCheckOp : Kiln_Op<"runtime_check",
    [MemoryEffects<[MemWrite<Kiln_StepStatusResource>]>]> {
  let summary = "ends the step with an error when a condition holds";
  let description = [{
    The scalar form every run-time check lowers to: when `failed` is true
    the step stops here and returns KILN_STATUS_INVALID_ARGUMENT with
    `message`, a printf format with one `%lld` per value in `values` (at
    most three; a literal percent sign is `%%`), filled in by the caller
    (kiln_step_error_t in executable.h). Ops after it do not run; ops
    before it keep their effects. kiln-lower-runtime-checks turns it into a
    branch to an early return. A check that cannot fail folds away.

    ```mlir
    kiln.runtime_check %bad, %position, %value
        {message = "GatherV2 'lookup': indices[%lld] = %lld is not in [0, 10)"}
    ```
  }];
  let arguments = (ins I1:$failed, Variadic<I64>:$values, StrAttr:$message);
  let assemblyFormat = "$failed (`,` $values^)? attr-dict";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNCHECKOPS_TD
