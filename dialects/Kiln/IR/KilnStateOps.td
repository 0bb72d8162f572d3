#ifndef KILN_DIALECT_KILN_IR_KILNSTATEOPS_TD
#define KILN_DIALECT_KILN_IR_KILNSTATEOPS_TD

include "dialects/Kiln/IR/KilnBase.td"

//===----------------------------------------------------------------------===//
// Constants and seeded random number generators.
//===----------------------------------------------------------------------===//

def Kiln_ConstantOp : Kiln_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "output"]>]> {
  let summary = "a tensor literal";
  let description = [{
    Produces `value`, a dense (or splat) elements attribute whose type is the
    result type. TensorFlow's Const, Fill, ZerosLike and OnesLike with
    static shapes all import as this op.

    ```mlir
    %c = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Kiln_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasVerifier = 1;
  let hasFolder = 1;
}

class Kiln_RandomOp<string mnemonic, string distribution, dag parameters>
    : Kiln_Op<mnemonic, [MemoryEffects<[MemRead<Kiln_RandomStateResource>,
                                        MemWrite<Kiln_RandomStateResource>]>]> {
  let summary = "a tensor of " # distribution # " random numbers";
  let description = [{
    Fills the static result shape with }] # distribution # [{ samples.
    `seed` and `seed2` are TensorFlow's graph-level and op-level seeds: with
    either non-zero, the sequence of tensors the op produces over successive
    steps is reproducible. The op reads and advances generator state, so it
    is never merged with an identical op nor removed as dead.

    ```mlir
    %w = kiln.}] # mnemonic # [{ {seed = 42 : i64} : tensor<784x200xf32>
    ```
  }];
  let arguments = !con((ins DefaultValuedAttr<I64Attr, "0">:$seed,
                            DefaultValuedAttr<I64Attr, "0">:$seed2),
                       parameters);
  let results = (outs Kiln_FloatTensor:$output);
  let assemblyFormat = "attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def Kiln_RandomNormalOp : Kiln_RandomOp<"random_normal",
    "normally distributed (`mean`, `stddev`)",
    (ins DefaultValuedAttr<F64Attr, "0.0">:$mean,
         DefaultValuedAttr<F64Attr, "1.0">:$stddev)>;
def Kiln_TruncatedNormalOp : Kiln_RandomOp<"truncated_normal",
    "normally distributed (`mean`, `stddev`), redrawn beyond two standard "
    "deviations,",
    (ins DefaultValuedAttr<F64Attr, "0.0">:$mean,
         DefaultValuedAttr<F64Attr, "1.0">:$stddev)>;
def Kiln_RandomUniformOp : Kiln_RandomOp<"random_uniform",
    "uniformly distributed [`minval`, `maxval`)",
    (ins DefaultValuedAttr<F64Attr, "0.0">:$minval,
         DefaultValuedAttr<F64Attr, "1.0">:$maxval)>;

//===----------------------------------------------------------------------===//
// Variables: module-level state that outlives a step.
//===----------------------------------------------------------------------===//

def Kiln_VariableOp : Kiln_Op<"variable",
    [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "declares a variable that lives across steps";
  let description = [{
    Declares module-level storage of a static tensor type, named by a symbol
    (TensorFlow's variable name, scopes included). Variables are kiln ops
    rather than `ml_program.global` because kiln needs to mark which ones are
    `trainable` (optimizers update only those) and because their storage is
    owned by the runtime, outside the step's memory arena, and updated in
    place. Initial values come from an initializer step that assigns them.

    ```mlir
    kiln.variable trainable @"hidden1/weights" : tensor<784x200xf32>
    kiln.variable @global_step : tensor<i64>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<Kiln_Tensor>:$type,
                       UnitAttr:$trainable);
  let assemblyFormat = "(`trainable` $trainable^)? $sym_name attr-dict `:` $type";
  let hasVerifier = 1;
}

class Kiln_VariableAccessOp<string mnemonic, list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits,
          [DeclareOpInterfaceMethods<SymbolUserOpInterface>])>;

def Kiln_ReadVariableOp : Kiln_VariableAccessOp<"read_variable",
    [MemoryEffects<[MemRead<Kiln_VariableResource>]>]> {
  let summary = "reads the current value of a variable";
  let description = [{
    Returns the value of the named `kiln.variable`; the result type is the
    variable's type.

    ```mlir
    %w = kiln.read_variable @"hidden1/weights" : tensor<784x200xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$variable);
  let results = (outs Kiln_Tensor:$value);
  let assemblyFormat = "$variable attr-dict `:` type($value)";
}

def Kiln_AssignVariableOp : Kiln_VariableAccessOp<"assign_variable",
    [MemoryEffects<[MemWrite<Kiln_VariableResource>]>]> {
  let summary = "stores a new value into a variable";
  let description = [{
    Overwrites the named variable with `value`, which has the variable's
    type. Later reads in the same step see the new value.

    ```mlir
    kiln.assign_variable @"hidden1/weights", %w : tensor<784x200xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$variable, Kiln_Tensor:$value);
  let assemblyFormat = "$variable `,` $value attr-dict `:` type($value)";
}

def Kiln_AssignAddVariableOp : Kiln_VariableAccessOp<"assign_add_variable",
    [MemoryEffects<[MemRead<Kiln_VariableResource>,
                    MemWrite<Kiln_VariableResource>]>]> {
  let summary = "adds a value to a variable in place";
  let description = [{
    Adds `delta`, which has the variable's type, to the named numeric
    variable (TensorFlow's AssignAdd / AssignAddVariableOp).

    ```mlir
    kiln.assign_add_variable @global_step, %one : tensor<i64>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$variable, Kiln_NumericTensor:$delta);
  let assemblyFormat = "$variable `,` $delta attr-dict `:` type($delta)";
}

#endif // KILN_DIALECT_KILN_IR_KILNSTATEOPS_TD
