//===- Passes.td - passes of the cuda target ---------------*- tablegen -*-===//
#ifndef KILN_COMPILER_TARGET_CUDA_PASSES_TD
#define KILN_COMPILER_TARGET_CUDA_PASSES_TD

include "mlir/Pass/PassBase.td"

def MapKernelsToGpuPass : Pass<"kiln-map-kernels-to-gpu", "::mlir::ModuleOp"> {
  let summary = "Maps the loops of GPU kernel functions to blocks and threads";
  let description = [{
    Runs on bufferized kernel functions (kiln-outline-fusions) placed on a
    GPU (`#kiln.kernel<..., #kiln.device<"GPU", N>>`); other functions are
    left alone. Each linalg op of such a kernel becomes a parallel loop
    nest whose innermost dimension is split into blocks of `block-size`
    threads and whose outer dimensions map to the grid, then a
    `gpu.launch`: consecutive threads touch consecutive elements, so loads
    and stores coalesce. gpu-kernel-outlining later moves each launch's
    body into a `gpu.module`.

    ```mlir
    func.func private @step_elementwise_0(%x: memref<1024xf32>, %y: memref<1024xf32>)
        attributes {kiln.kernel = #kiln.kernel<"elementwise", <"GPU", 0>>} {
      linalg.generic {...} ins(%x : ...) outs(%y : ...) {...}
    // becomes
      gpu.launch blocks(%bx, %by, %bz) in (%gx = %c4, ...) threads(%tx, %ty, %tz) in (%sx = %c256, ...) {...}
    ```
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block along the innermost loop">,
    Option<"hostEmulation", "host-emulation", "bool", /*default=*/"false",
           "Stop at the grid and block loops (nested scf.parallel, the "
           "same index arithmetic) instead of gpu.launch, so tests run the "
           "mapping on the CPU against references">
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // KILN_COMPILER_TARGET_CUDA_PASSES_TD
