/*===- gemm.h - the matrix products compiled GPU steps call -----*- C -*-===*
 *
 * The cuda target hands each matmul kernel (with its bias and relu
 * epilogue) to cuBLASLt through kiln_cuda_gemm. The call describes the
 * product the way the step stores it, row-major:
 *
 *   D[m, n] = epilogue(op(A)[m, k] * op(B)[k, n])
 *
 * op(X) is X, or X stored transposed when the transpose flag is set (A is
 * then stored [k, m], B [n, k]); lda, ldb and ldd are the row strides of
 * the stored matrices, in elements. The bias (epilogues BIAS and
 * BIAS_RELU) has n elements and is added to every row, as TensorFlow's
 * BiasAdd does; RELU then clamps at zero. The workspace is a block of the
 * step's arena that cuBLASLt may use. Addresses are device pointers.
 *
 * Like the launches (gpu_runtime.h), the call returns nothing: a failure
 * (no driver, no cuBLASLt, a product it refuses) becomes the step's status
 * through kiln_cuda_take_status(). The product is complete when the call
 * returns.
 *
 * kiln_cuda_emulated_gemm takes the same arguments with host addresses and
 * computes, on the CPU, exactly the column-major cuBLASLt product that
 * kiln_cuda_gemm would ask for: the cuda-emulation target calls it, so the
 * translation from row-major steps to cuBLASLt is checked without a GPU.
 *
 * Plain C; part of the CUDA layer (KilnRuntimeCuda).
 *===----------------------------------------------------------------------===*/
#ifndef KILN_RUNTIME_CUDA_GEMM_H
#define KILN_RUNTIME_CUDA_GEMM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What follows the product (the epilogue argument). */
typedef enum kiln_gemm_epilogue_e {
  KILN_GEMM_EPILOGUE_NONE = 0,
  KILN_GEMM_EPILOGUE_BIAS = 1,
  KILN_GEMM_EPILOGUE_RELU = 2,
  KILN_GEMM_EPILOGUE_BIAS_RELU = 3,
} kiln_gemm_epilogue_t;

/* dtype: KILN_DTYPE_F32 or KILN_DTYPE_F64 (executable.h); bias is 0 when
 * the epilogue adds none. */
void kiln_cuda_gemm(int32_t dtype, int32_t transpose_a, int32_t transpose_b,
                    int32_t epilogue, int64_t m, int64_t n, int64_t k,
                    uint64_t a, int64_t lda, uint64_t b, int64_t ldb,
                    uint64_t bias, uint64_t d, int64_t ldd, uint64_t workspace,
                    uint64_t workspace_bytes);

void kiln_cuda_emulated_gemm(int32_t dtype, int32_t transpose_a,
                             int32_t transpose_b, int32_t epilogue, int64_t m,
                             int64_t n, int64_t k, uint64_t a, int64_t lda,
                             uint64_t b, int64_t ldb, uint64_t bias, uint64_t d,
                             int64_t ldd, uint64_t workspace,
                             uint64_t workspace_bytes);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_CUDA_GEMM_H */
