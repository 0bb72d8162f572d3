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

def Kiln_KernelAttr : AttrDef<Kiln_Dialect, "Kernel"> {
  let mnemonic = "kernel";
  let summary = "marks a function as one fused kernel, with its kind and device";
  let description = [{
    kiln-outline-fusions turns every `kiln.fusion` into a private function
    that carries this attribute as `kiln.kernel`: the fusion's `kind`
    (`matmul_bias_relu`, `conv2d`, `elementwise`, ...) and the device the
    group was placed on (absent before placement). The function is lowered
    and bufferized like any other, so the kernel boundary, its kind and its
    device reach the target, which turns each kernel into what it runs: a
    library call chosen by the kind, loops inlined into the step, or a
    device launch.

    ```mlir
    func.func private @predict_matmul_bias_relu_0(...) -> tensor<32x200xf32>
        attributes {kiln.kernel = #kiln.kernel<"matmul_bias_relu", #kiln.device<"CPU", 0>>}
    ```
  }];
  let parameters = (ins StringRefParameter<"the fusion's pattern">:$kind,
                        OptionalParameter<"DeviceAttr">:$device);
  let assemblyFormat = "`<` $kind (`,` $device^)? `>`";
}

def Kiln_ContractionKindMatMul : I32EnumAttrCase<"MatMul", 0, "matmul">;
def Kiln_ContractionKindConv2D : I32EnumAttrCase<"Conv2D", 1, "conv2d">;
def Kiln_ContractionKindConv2DBackpropFilter
    : I32EnumAttrCase<"Conv2DBackpropFilter", 2, "conv2d_backprop_filter">;

def Kiln_ContractionKind : I32EnumAttr<"ContractionKind",
    "what a lowered contraction computes",
    [Kiln_ContractionKindMatMul, Kiln_ContractionKindConv2D,
     Kiln_ContractionKindConv2DBackpropFilter]> {
  let cppNamespace = "::kiln";
  let genSpecializedAttr = 0;
}

def Kiln_ContractionAttr : AttrDef<Kiln_Dialect, "Contraction"> {
  let mnemonic = "contraction";
  let summary = "what the linalg op a matmul or convolution lowered to computes";
  let description = [{
    convert-kiln-to-linalg puts this on the `linalg.generic` it emits for
    the product of a `kiln.matmul` (C(m, n) += A(m, k) * B(k, n), loops m,
    k, n), a convolution (O(n, oh, ow, f) += I(n, oh*sh + kh*dh, ow*sw +
    kw*dw, c) * F(kh, kw, c, f)) or a convolution's filter gradient, with
    the window's strides and dilations. A target that hands kernels to a
    library reads what to call from here and from the kernel's kind, not
    from the loop nest, which later passes may reorder.

    ```mlir
    linalg.generic {...} {kiln.contraction = #kiln.contraction<conv2d, strides = [2, 2], dilations = [1, 1]>}
    ```
  }];
  let parameters = (ins EnumParameter<Kiln_ContractionKind>:$kind,
                        OptionalArrayRefParameter<"int64_t">:$strides,
                        OptionalArrayRefParameter<"int64_t">:$dilations);
  let assemblyFormat =
      "`<` $kind (`,` `strides` `=` `[` $strides^ `]`)? (`,` `dilations` `=` `[` $dilations^ `]`)? `>`";
  let genVerifyDecl = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNATTRS_TD
