#ifndef KILN_DIALECT_KILN_IR_KILNATTRS_TD
#define KILN_DIALECT_KILN_IR_KILNATTRS_TD

include "dialects/Kiln/IR/KilnDialect.td"
include "mlir/IR/EnumAttr.td"

def Kiln_PaddingSame : I32EnumAttrCase<"Same", 0, "SAME">;
def Kiln_PaddingValid : I32EnumAttrCase<"Valid", 1, "VALID">;
def Kiln_PaddingExplicit : I32EnumAttrCase<"Explicit", 2, "EXPLICIT">;

def Kiln_Padding : I32EnumAttr<"Padding", "spatial padding scheme",
    [Kiln_PaddingSame, Kiln_PaddingValid, Kiln_PaddingExplicit]> {
  let cppNamespace = "::kiln";
  let genSpecializedAttr = 0;
  let description = [{
    TensorFlow's padding schemes. `SAME` pads so that the output has
    `ceil(in / stride)` elements, putting the odd element at the end; `VALID`
    does not pad; `EXPLICIT` takes the amounts from `explicit_paddings`.
  }];
}

def Kiln_PaddingAttr : EnumAttr<Kiln_Dialect, Kiln_Padding, "padding"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // KILN_DIALECT_KILN_IR_KILNATTRS_TD
