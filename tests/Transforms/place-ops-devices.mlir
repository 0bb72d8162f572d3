// RUN: kiln-opt --split-input-file --kiln-place-ops='targets=x86-64,test-gpu soft-placement=true' %s | FileCheck %s
// RUN: kiln-opt --split-input-file --kiln-place-ops='targets=x86-64,test-gpu soft-placement=true' --kiln-fuse-ops %s | FileCheck %s --check-prefix=FUSED
// RUN: kiln-opt --split-input-file --kiln-place-ops='targets=x86-64,test-gpu soft-placement=true' --canonicalize %s | FileCheck %s --check-prefix=CANON
// RUN: kiln-opt --split-input-file --kiln-place-ops='targets=x86-64,test-gpu soft-placement=true' --kiln-fuse-ops --kiln-lowering-pipeline '--kiln-bufferization-pipeline=target=test-gpu' %s | FileCheck %s --check-prefix=KERNELS

// Tests placement on two devices (the host CPU and test-gpu, a fake GPU
// with element-wise kernels): ops go where they ask when that device has a
// kernel (the matmul has none on the GPU and falls back to the CPU), and
// every move between devices is an explicit kiln.copy, one per value and
// destination: the argument to the GPU, a GPU value to the CPU and back,
// and the GPU result to the host before it is returned.
// CHECK-LABEL: func.func @two_devices
// CHECK-SAME: (%[[X:[^:]+]]: tensor<4x4xf32>, %[[W:[^:]+]]: tensor<4x3xf32>)
// CHECK: %[[XG:.+]] = kiln.copy %[[X]] {device = #kiln.device<"GPU", 0>} : tensor<4x4xf32>
// CHECK: %[[A:.+]] = kiln.relu %[[XG]] {device = #kiln.device<"GPU", 0>}
// CHECK: %[[B:.+]] = kiln.exp %[[A]] {device = #kiln.device<"GPU", 0>}
// CHECK: %[[BC:.+]] = kiln.copy %[[B]] {device = #kiln.device<"CPU", 0>}
// CHECK: %[[C:.+]] = kiln.neg %[[BC]] {device = #kiln.device<"CPU", 0>}
// CHECK: %[[CG:.+]] = kiln.copy %[[C]] {device = #kiln.device<"GPU", 0>}
// CHECK: %[[M:.+]] = kiln.matmul %[[BC]], %[[W]] {device = #kiln.device<"CPU", 0>}
// CHECK-NOT: kiln.copy %[[M]]
// CHECK: %[[D:.+]] = kiln.add %[[B]], %[[CG]] {device = #kiln.device<"GPU", 0>}
// CHECK: %[[DC:.+]] = kiln.copy %[[D]] {device = #kiln.device<"CPU", 0>}
// CHECK: return %[[DC]], %[[M]]

// Fusion groups only ops of one device and keeps it: relu and exp (GPU)
// fuse; neg on the CPU stays out of their kernel.
// FUSED-LABEL: func.func @two_devices
// FUSED: kiln.fusion "elementwise"{{.*}}{device = #kiln.device<"GPU", 0>}
// FUSED: kiln.relu
// FUSED: kiln.exp
// FUSED: kiln.neg {{.+}}{device = #kiln.device<"CPU", 0>}

// Each group reaches the target as a kernel function with its kind and
// device, lowered and bufferized (test-gpu keeps its kernels as they are;
// a real GPU target would launch them). The lone matmul is a kernel of
// its own, on the CPU.
// KERNELS-LABEL: func.func private @two_devices_elementwise_0
// KERNELS-SAME: (%{{.+}}: memref<4x4xf32>, %{{.+}}: memref<4x4xf32>)
// KERNELS-SAME: kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>
// KERNELS: linalg.generic
// KERNELS-LABEL: func.func private @two_devices_matmul_1
// KERNELS-SAME: kiln.kernel = #kiln.kernel<"matmul", <"CPU", 0>>
// KERNELS: linalg.generic {{.+}} attrs = {kiln.contraction = #kiln.contraction<matmul>}
// KERNELS-LABEL: func.func @two_devices
// KERNELS: call @two_devices_elementwise_0(
// KERNELS: call @two_devices_matmul_1(

// Copies survive canonicalization (they move data between devices).
// CANON-LABEL: func.func @two_devices
// CANON-COUNT-4: kiln.copy
// CANON-NOT: kiln.copy
func.func @two_devices(%x: tensor<4x4xf32>, %w: tensor<4x3xf32>) -> (tensor<4x4xf32>, tensor<4x3xf32>) {
  %a = kiln.relu %x {device = "/gpu:0"} : tensor<4x4xf32>
  %b = kiln.exp %a {device = "/device:GPU:0"} : tensor<4x4xf32>
  %c = kiln.neg %b : tensor<4x4xf32>
  %m = kiln.matmul %b, %w {device = "/gpu:0"} : (tensor<4x4xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %d = kiln.add %b, %c {device = "/gpu:0"} : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return %d, %m : tensor<4x4xf32>, tensor<4x3xf32>
}
