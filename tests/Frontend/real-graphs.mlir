// Tests importing real TensorFlow graphs from the shared test data: two
// frozen binary GraphDefs written by TF1 (tensorflow-onnx's fc-layers and
// ae0 MLPs), two tiny binary graphs from tensorflow/rust, and a text
// GraphDef from TensorFlow's own test suite. Checks the signature, the op
// sequence and the exact types.
// RUN: kiln-translate --import-graphdef %S/../../../shared/testdata/tf-graphs/onnx__tensorflow-onnx/tests/models/fc-layers/frozen.pb | FileCheck %s --check-prefix=FC
// RUN: kiln-translate --import-graphdef %S/../../../shared/testdata/tf-graphs/onnx__tensorflow-onnx/tests/models/fc-layers/frozen.pb --feeds X --fetches output | FileCheck %s --check-prefix=FC
// RUN: kiln-translate --import-graphdef %S/../../../shared/testdata/tf-graphs/onnx__tensorflow-onnx/tests/models/ae0/frozen.pb | FileCheck %s --check-prefix=AE
// RUN: kiln-translate --import-graphdef %S/../../../shared/testdata/tf-graphs/tensorflow__rust/examples/addition/model.pb | FileCheck %s --check-prefix=ADD
// RUN: kiln-translate --import-graphdef %S/../../../shared/testdata/tf-graphs/tensorflow__rust/tensorflow-sys/examples/assets/multiplication.pb | FileCheck %s --check-prefix=MUL
// RUN: kiln-translate --import-graphdef %S/../../../shared/testdata/tf-graphs/tensorflow__tensorflow/tensorflow/compiler/mlir/lite/tests/end2end/conv_2d.pbtxt | FileCheck %s --check-prefix=CONV

// fc-layers: 784-256-256-10, MatMul + BiasAdd (+ Relu), weights as Const.
// FC-LABEL: func.func @main
// FC-SAME: (%[[X:[^:]+]]: tensor<?x784xf32> {kiln.feed = "X"}) -> tensor<?x10xf32>
// FC-NEXT: %[[W1:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<784x256xf32>
// FC-NEXT: %[[M1:.+]] = kiln.matmul %[[X]], %[[W1]] : (tensor<?x784xf32>, tensor<784x256xf32>) -> tensor<?x256xf32>
// FC-NEXT: %[[B1:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<256xf32>
// FC-NEXT: %[[A1:.+]] = kiln.bias_add %[[M1]], %[[B1]] : (tensor<?x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
// FC-NEXT: %[[R1:.+]] = kiln.relu %[[A1]] : tensor<?x256xf32>
// FC-NEXT: %[[W2:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<256x256xf32>
// FC-NEXT: %[[M2:.+]] = kiln.matmul %[[R1]], %[[W2]] : (tensor<?x256xf32>, tensor<256x256xf32>) -> tensor<?x256xf32>
// FC-NEXT: %[[B2:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<256xf32>
// FC-NEXT: %[[A2:.+]] = kiln.bias_add %[[M2]], %[[B2]] : (tensor<?x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
// FC-NEXT: %[[R2:.+]] = kiln.relu %[[A2]] : tensor<?x256xf32>
// FC-NEXT: %[[W3:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<256x10xf32>
// FC-NEXT: %[[M3:.+]] = kiln.matmul %[[R2]], %[[W3]] : (tensor<?x256xf32>, tensor<256x10xf32>) -> tensor<?x10xf32>
// FC-NEXT: %[[B3:.+]] = kiln.constant dense<[0.0495601259, -0.527093887, -0.037907552, -0.137757331, 0.0801360607, -0.0889905914, -0.516421199, -0.248648539, 0.742366076, 0.169378325]> : tensor<10xf32>
// FC-NEXT: %[[A3:.+]] = kiln.bias_add %[[M3]], %[[B3]] : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
// FC-NEXT: return %[[A3]] : tensor<?x10xf32>

// ae0: 784-256-128-128-784 with Sigmoid after every layer.
// AE-LABEL: func.func @main
// AE-SAME: (%[[X:[^:]+]]: tensor<?x784xf32> {kiln.feed = "X"}) -> tensor<?x784xf32>
// AE-NEXT: %[[W1:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<784x256xf32>
// AE-NEXT: %[[M1:.+]] = kiln.matmul %[[X]], %[[W1]] : (tensor<?x784xf32>, tensor<784x256xf32>) -> tensor<?x256xf32>
// AE-NEXT: %[[B1:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<256xf32>
// AE-NEXT: %[[A1:.+]] = kiln.bias_add %[[M1]], %[[B1]] : (tensor<?x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
// AE-NEXT: %[[S1:.+]] = kiln.sigmoid %[[A1]] : tensor<?x256xf32>
// AE-NEXT: %[[W2:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<256x128xf32>
// AE-NEXT: %[[M2:.+]] = kiln.matmul %[[S1]], %[[W2]] : (tensor<?x256xf32>, tensor<256x128xf32>) -> tensor<?x128xf32>
// AE-NEXT: %[[B2:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<128xf32>
// AE-NEXT: %[[A2:.+]] = kiln.bias_add %[[M2]], %[[B2]] : (tensor<?x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
// AE-NEXT: %[[S2:.+]] = kiln.sigmoid %[[A2]] : tensor<?x128xf32>
// AE-NEXT: %[[W3:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<128x128xf32>
// AE-NEXT: %[[M3:.+]] = kiln.matmul %[[S2]], %[[W3]] : (tensor<?x128xf32>, tensor<128x128xf32>) -> tensor<?x128xf32>
// AE-NEXT: %[[B3:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<128xf32>
// AE-NEXT: %[[A3:.+]] = kiln.bias_add %[[M3]], %[[B3]] : (tensor<?x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
// AE-NEXT: %[[S3:.+]] = kiln.sigmoid %[[A3]] : tensor<?x128xf32>
// AE-NEXT: %[[W4:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<128x784xf32>
// AE-NEXT: %[[M4:.+]] = kiln.matmul %[[S3]], %[[W4]] : (tensor<?x128xf32>, tensor<128x784xf32>) -> tensor<?x784xf32>
// AE-NEXT: %[[B4:.+]] = kiln.constant dense<"0x{{[0-9A-F]+}}"> : tensor<784xf32>
// AE-NEXT: %[[A4:.+]] = kiln.bias_add %[[M4]], %[[B4]] : (tensor<?x784xf32>, tensor<784xf32>) -> tensor<?x784xf32>
// AE-NEXT: %[[S4:.+]] = kiln.sigmoid %[[A4]] : tensor<?x784xf32>
// AE-NEXT: return %[[S4]] : tensor<?x784xf32>

// z = AddV2(x, y) on int32 scalars (TF2-era producer).
// ADD-LABEL: func.func @main
// ADD-SAME: (%[[X:[^:]+]]: tensor<i32> {kiln.feed = "x"}, %[[Y:[^:]+]]: tensor<i32> {kiln.feed = "y"}) -> tensor<i32>
// ADD-NEXT: %[[Z:.+]] = kiln.add %[[X]], %[[Y]] : (tensor<i32>, tensor<i32>) -> tensor<i32>
// ADD-NEXT: return %[[Z]] : tensor<i32>

// c = Mul(a, b) on float scalars (very old producer).
// MUL-LABEL: func.func @main
// MUL-SAME: (%[[A:[^:]+]]: tensor<f32> {kiln.feed = "a"}, %[[B:[^:]+]]: tensor<f32> {kiln.feed = "b"}) -> tensor<f32>
// MUL-NEXT: %[[C:.+]] = kiln.mul %[[A]], %[[B]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// MUL-NEXT: return %[[C]] : tensor<f32>

// Conv2D (SAME) + BiasAdd + Relu with typed float_val weights, text format.
// CONV-LABEL: func.func @main
// CONV-SAME: (%[[IN:[^:]+]]: tensor<1x8x8x2xf32> {kiln.feed = "input"}) -> tensor<1x8x8x2xf32>
// CONV-NEXT: %[[F:.+]] = kiln.constant dense<{{.+}}> : tensor<3x3x2x2xf32>
// CONV-NEXT: %[[CONV:.+]] = kiln.conv2d %[[IN]], %[[F]] {padding = #kiln.padding<SAME>, strides = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<3x3x2x2xf32>) -> tensor<1x8x8x2xf32>
// CONV-NEXT: %[[B:.+]] = kiln.constant dense<1.000000e-01> : tensor<2xf32>
// CONV-NEXT: %[[BIAS:.+]] = kiln.bias_add %[[CONV]], %[[B]] : (tensor<1x8x8x2xf32>, tensor<2xf32>) -> tensor<1x8x8x2xf32>
// CONV-NEXT: %[[RELU:.+]] = kiln.relu %[[BIAS]] : tensor<1x8x8x2xf32>
// CONV-NEXT: return %[[RELU]] : tensor<1x8x8x2xf32>
