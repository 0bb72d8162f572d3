//===- Passes.td - passes of the cuda target ---------------*- tablegen -*-===//
#ifndef KILN_COMPILER_TARGET_CUDA_PASSES_TD
#define KILN_COMPILER_TARGET_CUDA_PASSES_TD

include "mlir/Pass/PassBase.td"

def MapKernelsToGpuPass : Pass<"kiln-map-kernels-to-gpu", "::mlir::ModuleOp"> {
  let summary = "Maps the loops of GPU kernel functions to blocks and threads";
  let description = [{
    Runs on bufferized kernel functions (kiln-outline-fusions) placed on a
    GPU (`#kiln.kernel<..., #kiln.device<"GPU", N>>`); other functions are
    left alone. Each linalg op of such a kernel (named ops generalized
    first) and each buffer copy becomes a launch:

    * an element-wise op (a fill, a copy): a loop over its elements
      flattened, split into blocks of `block-size` threads across the
      grid (the last block guarded); consecutive threads touch consecutive
      elements, so loads and stores coalesce, and blocks are full whatever
      the shape;
    * a reduction along the innermost dimension of its first input (a
      row's sum or maximum, softmax's pieces) whose body folds one element
      into the accumulator by one associative op: a block per result,
      whose threads (up to `block-size`, whole warps) stride the row
      coalesced and combine their partials with `gpu.all_reduce`, which
      `kiln-lower-gpu-all-reduce` turns into warp shuffles and shared
      memory;
    * any other reduction (over outer dimensions, or with a body such as
      a select): a thread per result looping over the reduced dimensions,
      the results' innermost dimension across the threads of a block.

    Any other op that would touch device memory from the host is an
    error, as is a kernel reading a host constant. A constant (a host
    global) passed to a call, a kernel function's or a library call's, is
    first copied into a device buffer by a copy that becomes a launch (whose
    device code holds its own copy of the global), and the call gets that
    buffer. gpu-kernel-outlining later moves each launch's body into a
    `gpu.module`.

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
    Option<"steps", "steps", "bool", /*default=*/"false",
           "Also map the functions that are no kernel (the steps): on a "
           "target whose step buffers are device memory, what placement "
           "left outside kernels (a lone copy, a variable update) must run "
           "on the GPU too">,
    Option<"hostEmulation", "host-emulation", "bool", /*default=*/"false",
           "Stop at the grid and block loops (nested scf.parallel, the "
           "same index arithmetic) instead of gpu.launch, so tests run the "
           "mapping on the CPU against references (a block reduction's "
           "partials are combined in order)">
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect"];
}

def LowerGpuAllReducePass
    : Pass<"kiln-lower-gpu-all-reduce", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Lowers gpu.all_reduce to warp shuffles and shared memory";
  let description = [{
    Runs on outlined kernels: each `gpu.all_reduce` becomes a butterfly of
    `gpu.shuffle`s within each warp (a partial last warp included), one
    value per warp in a workgroup buffer of the kernel, a barrier, and a
    second shuffle round over those values in the first warp. Shuffles of
    64-bit values (an f32 sum accumulated in f64) become two 32-bit ones.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::memref::MemRefDialect"];
}

def MergeGpuModulesPass : Pass<"kiln-merge-gpu-modules", "::mlir::ModuleOp"> {
  let summary = "Moves every outlined kernel into one gpu.module";
  let description = [{
    gpu-kernel-outlining gives each launch a `gpu.module` of its own; this
    pass moves all their kernels into one, `@kiln_kernels`, each named
    after the module it came from, with one copy of each global they read
    (outlining copies a constant into every module using it), and points
    the launches there. A step
    then compiles to one PTX module: `--emit=asm` writes a file that
    `ptxas` assembles as a whole, and the runtime loads one module.
  }];
}

def CudaLibraryCallsPass : Pass<"kiln-cuda-library-calls", "::mlir::ModuleOp"> {
  let summary = "Hands GPU matmul and conv2d kernels, with their epilogues, to cuBLASLt and cuDNN";
  let description = [{
    Runs on bufferized kernel functions (kiln-outline-fusions) placed on a
    GPU, before kiln-map-kernels-to-gpu. In a kernel whose kind names a
    matmul, the product the lowering tagged `#kiln.contraction`
    (zero-filled, f32 or f64, static shapes, rows contiguous) becomes a
    call of the CUDA layer's `kiln_cuda_gemm` (runtime/include/kiln/
    runtime/cuda/gemm.h), which runs it through cuBLASLt:

    * the kind's epilogue (`matmul_bias`, `matmul_relu`,
      `matmul_bias_relu`: the one element-wise op reading the product)
      becomes cuBLASLt's `BIAS`, `RELU` or `RELU_BIAS` epilogue, under the
      same aliasing rules as the CPU's library calls; other kinds keep
      their epilogue as a kernel;
    * an operand the lowering transposed into a temporary (`transpose_a`,
      `transpose_b`, as in gradients) is read where it is, with cuBLASLt's
      transpose flag, and the temporary disappears;
    * pointers and row strides come from each buffer's strided metadata, so
      views of larger buffers are taken as they are;
    * a workspace of `workspace-bytes` bytes is allocated around the call,
      so memory planning puts it in the step's arena.

    In a kernel whose kind names a conv2d (`conv2d`, `conv2d_bias`,
    `conv2d_relu`, `conv2d_bias_relu`, `conv2d_bias_add[_relu]`), the
    tagged convolution becomes a call of `kiln_cuda_conv2d` (conv2d.h),
    which runs cuDNN's fused convolution: the bias, the residual and relu
    join the call; the HWIO filter is transposed into cuDNN's KRSC layout
    by a `linalg.transpose` before the call (which kiln-map-kernels-to-gpu
    then launches); a zero-padded copy of the input whose padding is the
    same on both sides becomes cuDNN's padding and disappears, while
    TensorFlow's uneven SAME padding keeps the copy. Tensors must be
    dense. A `conv2d_backprop_filter` kernel becomes
    `kiln_cuda_conv2d_backprop_filter` (cuDNN's backward-filter pass) into
    a KRSC temporary that a `linalg.transpose` after the call turns back
    into HWIO; a `conv2d_backprop_input` kernel, lowered to a convolution
    of the spread-out gradient with the flipped filter, is a forward call.

    Every call sits in a private function of its own (named after the
    kernel and the callee) that takes the buffers as memrefs and passes
    their addresses on: memory planning reads lifetimes off the ops using a
    buffer, so the call of that function keeps every buffer it reads or
    writes live, and unshared, until the library has run.

    With `host-emulation` the calls are `kiln_cuda_emulated_gemm` and
    `kiln_cuda_emulated_conv2d`, which compute on the host what the real
    calls ask cuBLASLt and cuDNN for (the cuda-emulation target).

    ```mlir
    func.func private @step_matmul_bias_relu_0(%a, %b, %bias, %c)
        attributes {kiln.kernel = #kiln.kernel<"matmul_bias_relu", <"GPU", 0>>} {
      linalg.fill ins(%zero : f32) outs(%t : memref<64x32xf32>)
      linalg.generic {...} ins(%a, %b : ...) outs(%t : ...) attrs = {kiln.contraction = #kiln.contraction<matmul>}
      linalg.generic {...add bias, max 0...} ins(%t, %bias : ...) outs(%c : ...)
    // becomes
      %ws = memref.alloc() : memref<33554432xi8>
      func.call @kiln_cuda_gemm(%f32, %no, %no, %bias_relu, %m, %n, %k,
          %a_ptr, %lda, %b_ptr, %ldb, %bias_ptr, %c_ptr, %ldc, %ws_ptr, %ws_bytes)
      memref.dealloc %ws : memref<33554432xi8>
    ```
  }];
  let options = [
    Option<"hostEmulation", "host-emulation", "bool", /*default=*/"false",
           "Call the host versions (kiln_cuda_emulated_gemm, "
           "kiln_cuda_emulated_conv2d) instead of cuBLASLt's and cuDNN's">,
    Option<"workspaceBytes", "workspace-bytes", "int64_t",
           /*default=*/"4194304",
           "Bytes of the step's arena cuBLASLt or cuDNN may use per call">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // KILN_COMPILER_TARGET_CUDA_PASSES_TD
