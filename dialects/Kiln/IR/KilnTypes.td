#ifndef KILN_DIALECT_KILN_IR_KILNTYPES_TD
#define KILN_DIALECT_KILN_IR_KILNTYPES_TD

include "mlir/IR/CommonTypeConstraints.td"

// Kiln has no types of its own: it uses builtin ranked tensors whose element
// types are TensorFlow's dtypes. These constraints name the allowed sets.
def Kiln_Bool : TypeAlias<I1, "bool (i1)">;
def Kiln_Int : AnyTypeOf<[I8, I16, I32, I64, UI8, UI16, UI32, UI64], "integer">;
def Kiln_Float : AnyTypeOf<[F16, BF16, F32, F64], "floating-point">;
def Kiln_Numeric : AnyTypeOf<[Kiln_Float, Kiln_Int], "numeric">;
def Kiln_Element : AnyTypeOf<[Kiln_Numeric, Kiln_Bool], "TensorFlow dtype">;
def Kiln_IndexElement : AnyTypeOf<[I32, I64], "i32 or i64">;

def Kiln_Tensor : RankedTensorOf<[Kiln_Element]>;
def Kiln_NumericTensor : RankedTensorOf<[Kiln_Numeric]>;
def Kiln_FloatTensor : RankedTensorOf<[Kiln_Float]>;
def Kiln_BoolTensor : RankedTensorOf<[I1]>;
def Kiln_IndexTensor : RankedTensorOf<[I32, I64]>;

#endif // KILN_DIALECT_KILN_IR_KILNTYPES_TD
