#ifndef KILN_DIALECT_KILN_IR_KILNELEMENTWISEOPS_TD
#define KILN_DIALECT_KILN_IR_KILNELEMENTWISEOPS_TD

include "dialects/Kiln/IR/KilnBase.td"

//===----------------------------------------------------------------------===//
// Unary element-wise ops: result type equals operand type.
//===----------------------------------------------------------------------===//

class Kiln_UnaryOp<string mnemonic, Type tensorType, string formula>
    : Kiln_Op<mnemonic, [Pure, Elementwise, AllTypesMatch<["x", "y"]>,
                         Kiln_InferResultTypes]> {
  let summary = "element-wise " # formula;
  let description = [{
    Applies `}] # formula # [{` to every element. The result has the operand's
    type. Constant operands of at most 4096 elements fold.

    ```mlir
    %y = kiln.}] # mnemonic # [{ %x : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins tensorType:$x);
  let results = (outs tensorType:$y);
  let assemblyFormat = "$x attr-dict `:` type($x)";
  let hasFolder = 1;
}

def Kiln_ReluOp : Kiln_UnaryOp<"relu", Kiln_NumericTensor, "max(x, 0)">;
def Kiln_NegOp : Kiln_UnaryOp<"neg", Kiln_NumericTensor, "-x">;
def Kiln_AbsOp : Kiln_UnaryOp<"abs", Kiln_NumericTensor, "|x|">;
def Kiln_SquareOp : Kiln_UnaryOp<"square", Kiln_NumericTensor, "x * x">;
def Kiln_SigmoidOp : Kiln_UnaryOp<"sigmoid", Kiln_FloatTensor, "1 / (1 + exp(-x))">;
def Kiln_TanhOp : Kiln_UnaryOp<"tanh", Kiln_FloatTensor, "tanh(x)">;
def Kiln_ExpOp : Kiln_UnaryOp<"exp", Kiln_FloatTensor, "exp(x)">;
def Kiln_LogOp : Kiln_UnaryOp<"log", Kiln_FloatTensor, "log(x)">;
def Kiln_SqrtOp : Kiln_UnaryOp<"sqrt", Kiln_FloatTensor, "sqrt(x)">;
def Kiln_RsqrtOp : Kiln_UnaryOp<"rsqrt", Kiln_FloatTensor, "1 / sqrt(x)">;
def Kiln_FloorOp : Kiln_UnaryOp<"floor", Kiln_FloatTensor, "floor(x)">;
def Kiln_CeilOp : Kiln_UnaryOp<"ceil", Kiln_FloatTensor, "ceil(x)">;
def Kiln_RoundOp : Kiln_UnaryOp<"round", Kiln_FloatTensor,
                                "x rounded to the nearest integer, ties to even">;
def Kiln_SignOp : Kiln_UnaryOp<"sign", Kiln_NumericTensor,
                               "-1, 0 or 1 by the sign of x (NaN stays NaN)">;
def Kiln_SinOp : Kiln_UnaryOp<"sin", Kiln_FloatTensor, "sin(x)">;
def Kiln_CosOp : Kiln_UnaryOp<"cos", Kiln_FloatTensor, "cos(x)">;

//===----------------------------------------------------------------------===//
// Binary element-wise ops with NumPy broadcasting.
//===----------------------------------------------------------------------===//

class Kiln_BroadcastingOp<string mnemonic, list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits,
          [Pure, Kiln_InferResultTypes])> {
  let assemblyFormat =
      "operands attr-dict `:` functional-type(operands, results)";
}

class Kiln_BinaryOp<string mnemonic, string formula, list<Trait> traits = []>
    : Kiln_BroadcastingOp<mnemonic, traits> {
  let summary = "element-wise " # formula # " with broadcasting";
  let description = [{
    Computes `}] # formula # [{` element-wise. Both operands have the same
    element type; their shapes broadcast as in NumPy: aligned from the
    innermost dimension, each pair of sizes must be equal or one of them 1.
    Constant operands of at most 4096 elements fold.

    ```mlir
    %z = kiln.}] # mnemonic # [{ %x, %y
        : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$lhs, Kiln_NumericTensor:$rhs);
  let results = (outs Kiln_NumericTensor:$output);
  // `AddOp::create(b, loc, lhs, rhs)`: the broadcast type, by the rule the
  // verifier checks.
  let builders = [
    OpBuilder<(ins "::mlir::Value":$lhs, "::mlir::Value":$rhs), [{
      build($_builder, $_state,
            ::kiln::inferredOr(::kiln::inferBinaryElementwise(
                                   {std::nullopt, ""}, lhs.getType(),
                                   rhs.getType()),
                               lhs.getType()),
            lhs, rhs);
    }]>
  ];
  let hasFolder = 1;
}

def Kiln_AddOp : Kiln_BinaryOp<"add", "lhs + rhs", [Commutative]>;
def Kiln_SubOp : Kiln_BinaryOp<"sub", "lhs - rhs">;
def Kiln_MulOp : Kiln_BinaryOp<"mul", "lhs * rhs", [Commutative]>;
def Kiln_DivOp : Kiln_BinaryOp<"div",
    "lhs / rhs (integers truncate toward zero)">;
def Kiln_MaximumOp : Kiln_BinaryOp<"maximum", "max(lhs, rhs)", [Commutative]>;
def Kiln_MinimumOp : Kiln_BinaryOp<"minimum", "min(lhs, rhs)", [Commutative]>;
def Kiln_PowOp : Kiln_BinaryOp<"pow", "lhs ^ rhs">;

class Kiln_CompareOp<string mnemonic, string formula, Type operandType,
                     list<Trait> traits = []>
    : Kiln_BroadcastingOp<mnemonic, traits> {
  let summary = "element-wise " # formula # " with broadcasting, to bool";
  let description = [{
    Compares element-wise (`}] # formula # [{`) after NumPy broadcasting and
    returns an `i1` tensor of the broadcast shape.

    ```mlir
    %m = kiln.}] # mnemonic # [{ %x, %y
        : (tensor<8xi64>, tensor<8xi64>) -> tensor<8xi1>
    ```
  }];
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs Kiln_BoolTensor:$output);
  let builders = [
    OpBuilder<(ins "::mlir::Value":$lhs, "::mlir::Value":$rhs), [{
      build($_builder, $_state,
            ::kiln::inferredOr(::kiln::inferCompare({std::nullopt, ""},
                                                    lhs.getType(),
                                                    rhs.getType()),
                               ::kiln::boolTensorLike(lhs.getType())),
            lhs, rhs);
    }]>
  ];
  let hasFolder = 1;
}

def Kiln_EqualOp : Kiln_CompareOp<"equal", "lhs == rhs", Kiln_Tensor,
                                  [Commutative]>;
def Kiln_LessOp : Kiln_CompareOp<"less", "lhs < rhs", Kiln_NumericTensor>;
def Kiln_GreaterOp : Kiln_CompareOp<"greater", "lhs > rhs",
                                    Kiln_NumericTensor>;

def Kiln_SelectOp : Kiln_BroadcastingOp<"select"> {
  let summary = "element-wise choice between two tensors";
  let description = [{
    Returns `on_true` where `condition` is true and `on_false` elsewhere, with
    all three operands broadcast together (TensorFlow's SelectV2).

    ```mlir
    %r = kiln.select %c, %a, %b
        : (tensor<4x1xi1>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Kiln_BoolTensor:$condition, Kiln_Tensor:$on_true,
                       Kiln_Tensor:$on_false);
  let results = (outs Kiln_Tensor:$output);
  let builders = [
    OpBuilder<(ins "::mlir::Value":$condition, "::mlir::Value":$on_true,
                   "::mlir::Value":$on_false), [{
      build($_builder, $_state,
            ::kiln::inferredOr(::kiln::inferSelect({std::nullopt, ""},
                                                   condition.getType(),
                                                   on_true.getType(),
                                                   on_false.getType()),
                               on_true.getType()),
            condition, on_true, on_false);
    }]>
  ];
  let hasFolder = 1;
}

def Kiln_CastOp : Kiln_Op<"cast", [Pure, Elementwise, Kiln_InferResultTypes]> {
  let summary = "element-wise dtype conversion";
  let description = [{
    Converts every element to the result's element type as TensorFlow's Cast
    does: float to integer truncates toward zero, anything to bool is
    `x != 0`, bool to a number is 0 or 1. Shapes must match. A cast to the
    operand's own type folds away.

    ```mlir
    %i = kiln.cast %f : (tensor<8xf32>) -> tensor<8xi32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x);
  let results = (outs Kiln_Tensor:$y);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNELEMENTWISEOPS_TD
