//===- Passes.td - passes of the x86 target ----------------*- tablegen -*-===//
//
// Passes only the x86 target runs (X86Target.cpp orders them); kiln-opt
// registers them with the target-neutral ones for lit tests.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_X86_PASSES_TD
#define KILN_COMPILER_TARGET_X86_PASSES_TD

include "mlir/Pass/PassBase.td"

def CpuLibraryCallsPass : Pass<"kiln-cpu-library-calls", "::mlir::ModuleOp"> {
  let summary = "Calls the CPU kernel library for large matmuls and convolutions";
  let description = [{
    Runs on bufferized kernel functions (kiln-outline-fusions), before
    memory planning. In a CPU kernel whose kind names a matmul or a
    convolution, the product the lowering tagged `#kiln.contraction`
    (zero-filled, f32 or f64, with at least `min-multiply-adds`
    multiply-adds) becomes a call to runtime/kernels:
    `kiln_cpu_matmul_<type>` (Eigen's blocked, packed, threaded GEMM),
    `kiln_cpu_conv2d_<type>` (GEMM over image patches of the padded input)
    or `kiln_cpu_conv2d_backprop_filter_<type>`; a convolution's strides
    then dilations, from the tag, follow the buffers as i64 (h, w) pairs.
    The kernel's kind says what else the call does: for `..._bias`,
    `..._relu` and `..._bias_relu` kernels the epilogue (the one
    element-wise op reading the product) moves into the same call
    (`..._bias_<type>`, activation argument), applied to each block of the
    result while it is in cache; other kinds (`matmul_tanh`,
    `conv2d_backprop_input`) call the library for the product and keep
    their epilogue as loops. The epilogue is not folded when its output
    shares a buffer with an input or the bias at the kernel's call, since
    the call writes the output while it still reads them. Loops are never
    matched: a product the lowering did not tag stays a loop.

    ```mlir
    func.func private @step_matmul_bias_relu_0(%a, %b, %bias, %c)
        attributes {kiln.kernel = #kiln.kernel<"matmul_bias_relu", #kiln.device<"CPU", 0>>} {
      linalg.fill ins(%zero : f32) outs(%t : memref<256x200xf32>)
      linalg.generic {...} ins(%a, %b : ...) outs(%t : ...) attrs = {kiln.contraction = #kiln.contraction<matmul>}
      linalg.generic {...add bias, max 0...} ins(%t, %bias : ...) outs(%c : ...)
    // becomes
      func.call @kiln_cpu_matmul_bias_f32(%a', %b', %bias', %c', %c1_i32)
    ```

    An f32 matmul whose B is, at the kernel's call, a constant global (a
    weight of an inference graph) of a product with at least three rows calls
    `kiln_cpu_matmul[_bias]_packed_f32` instead, with two new zero-filled
    globals: storage for B in the kernel's packed layout and a state word.
    The first call packs B there; every later call reads that copy rather
    than packing B again. Matmuls sharing a constant share its globals.

    ```mlir
    %w = memref.get_global @__constant_784x200xf32 : memref<784x200xf32>
    // becomes, next to the call
    memref.global "private" @__constant_784x200xf32_panels
        : memref<175616xf32> = dense<0.0> {alignment = 64 : i64}
    memref.global "private" @__constant_784x200xf32_panels_state
        : memref<1xi32> = dense<0>
    func.call @kiln_cpu_matmul_bias_packed_f32(%a', %w', %bias', %c',
        %panels', %state', %c1_i32)
    ```

    Kernels are declared with `llvm.emit_c_interface`: a step calls
    `_mlir_ciface_<name>` with pointers to strided memref descriptors.
  }];
  let options = [
    Option<"minMultiplyAdds", "min-multiply-adds", "int64_t",
           /*default=*/"65536",
           "Smaller matmuls keep their generated loops, which beat a call">,
    Option<"packConstantWeights", "pack-constant-weights", "bool",
           /*default=*/"true",
           "Pack a constant B of an f32 matmul once, into a global, instead "
           "of on every call">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // KILN_COMPILER_TARGET_X86_PASSES_TD
