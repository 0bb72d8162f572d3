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

def Kiln_DeviceAttr : AttrDef<Kiln_Dialect, "Device"> {
  let mnemonic = "device";
  let summary = "the device an op runs on";
  let description = [{
    Where kiln-place-ops put an op: a TensorFlow device type (`CPU`, `GPU`)
    and its index among the host's devices of that type. The target whose
    device type it is compiles the op. Placement replaces the `device`
    string a graph requested by this attribute, and every later pass reads
    it from there: fusion groups only ops on one device and gives the
    `kiln.fusion` its device, and `kiln.copy` names the device it moves a
    tensor to. In logs it is written as TensorFlow's full name,
    `/job:localhost/replica:0/task:0/device:CPU:0`.

    ```mlir
    %y = kiln.relu %x {device = #kiln.device<"GPU", 0>} : tensor<4xf32>
    ```
  }];
  let parameters = (ins StringRefParameter<"TensorFlow device type">:$type,
                        "int64_t":$index);
  let assemblyFormat = "`<` $type `,` $index `>`";
  let extraClassDeclaration = [{
    /// TensorFlow's full name of the device on the local host.
    std::string getTensorFlowName() const;
  }];
}

#endif // KILN_DIALECT_KILN_IR_KILNATTRS_TD
