#ifndef KILN_COMPILER_CONVERSION_PASSES_TD
#define KILN_COMPILER_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertKilnToLinalgPass
    : Pass<"convert-kiln-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lowers kiln compute ops to linalg, tensor, arith and math";
  let description = [{
    Rewrites every kiln compute op into device-neutral linalg structured ops
    on tensors (populateKilnToLinalgPatterns). Shapes must be static: the
    pass fails naming the first op with a dynamic dimension (run
    kiln-infer-shapes after fixing the feeds' shapes). Unsigned element
    types, random generators and variables are not lowered yet and are
    reported the same way.

    ```mlir
    %y = kiln.relu %x : tensor<4xf32>
    // becomes
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {...} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %zero = arith.constant 0.000000e+00 : f32
      %max = arith.maximumf %in, %zero : f32
      linalg.yield %max : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
}

#endif // KILN_COMPILER_CONVERSION_PASSES_TD
