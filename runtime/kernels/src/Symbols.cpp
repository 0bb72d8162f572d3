//===- Symbols.cpp - the kernel table the JIT binds -----------------------===//

#include "kiln/kernels/cpu_kernels.h"

#define KILN_KERNEL(name, function)                                            \
  { "_mlir_ciface_" name, reinterpret_cast<void *>(&function) }

extern "C" const KilnCpuKernelSymbol *kiln_cpu_kernel_symbols(void) {
  static const KilnCpuKernelSymbol symbols[] = {
      KILN_KERNEL(KILN_CPU_MATMUL_F32, _mlir_ciface_kiln_cpu_matmul_f32),
      KILN_KERNEL(KILN_CPU_MATMUL_F64, _mlir_ciface_kiln_cpu_matmul_f64),
      KILN_KERNEL(KILN_CPU_MATMUL_BIAS_F32,
                  _mlir_ciface_kiln_cpu_matmul_bias_f32),
      KILN_KERNEL(KILN_CPU_MATMUL_BIAS_F64,
                  _mlir_ciface_kiln_cpu_matmul_bias_f64),
      KILN_KERNEL(KILN_CPU_MATMUL_PACKED_F32,
                  _mlir_ciface_kiln_cpu_matmul_packed_f32),
      KILN_KERNEL(KILN_CPU_MATMUL_BIAS_PACKED_F32,
                  _mlir_ciface_kiln_cpu_matmul_bias_packed_f32),
      KILN_KERNEL(KILN_CPU_CONV2D_F32, _mlir_ciface_kiln_cpu_conv2d_f32),
      KILN_KERNEL(KILN_CPU_CONV2D_F64, _mlir_ciface_kiln_cpu_conv2d_f64),
      KILN_KERNEL(KILN_CPU_CONV2D_BIAS_F32,
                  _mlir_ciface_kiln_cpu_conv2d_bias_f32),
      KILN_KERNEL(KILN_CPU_CONV2D_BIAS_F64,
                  _mlir_ciface_kiln_cpu_conv2d_bias_f64),
      KILN_KERNEL(KILN_CPU_CONV2D_PADDED_F32,
                  _mlir_ciface_kiln_cpu_conv2d_padded_f32),
      KILN_KERNEL(KILN_CPU_CONV2D_PADDED_F64,
                  _mlir_ciface_kiln_cpu_conv2d_padded_f64),
      KILN_KERNEL(KILN_CPU_CONV2D_BIAS_PADDED_F32,
                  _mlir_ciface_kiln_cpu_conv2d_bias_padded_f32),
      KILN_KERNEL(KILN_CPU_CONV2D_BIAS_PADDED_F64,
                  _mlir_ciface_kiln_cpu_conv2d_bias_padded_f64),
      KILN_KERNEL(KILN_CPU_CONV2D_BIAS_ADD_F32,
                  _mlir_ciface_kiln_cpu_conv2d_bias_add_f32),
      KILN_KERNEL(KILN_CPU_CONV2D_BIAS_ADD_F64,
                  _mlir_ciface_kiln_cpu_conv2d_bias_add_f64),
      KILN_KERNEL(KILN_CPU_CONV2D_BACKPROP_FILTER_F32,
                  _mlir_ciface_kiln_cpu_conv2d_backprop_filter_f32),
      KILN_KERNEL(KILN_CPU_CONV2D_BACKPROP_FILTER_F64,
                  _mlir_ciface_kiln_cpu_conv2d_backprop_filter_f64),
      {"kiln_cpu_omp_fork_call",
       reinterpret_cast<void *>(&kiln_cpu_omp_fork_call)},
      {"kiln_cpu_omp_global_thread_num",
       reinterpret_cast<void *>(&kiln_cpu_omp_global_thread_num)},
      {"kiln_cpu_omp_for_static_init_8u",
       reinterpret_cast<void *>(&kiln_cpu_omp_for_static_init_8u)},
      {"kiln_cpu_omp_for_static_init_8",
       reinterpret_cast<void *>(&kiln_cpu_omp_for_static_init_8)},
      {"kiln_cpu_omp_for_static_fini",
       reinterpret_cast<void *>(&kiln_cpu_omp_for_static_fini)},
      {"kiln_cpu_omp_barrier", reinterpret_cast<void *>(&kiln_cpu_omp_barrier)},
      {KILN_CPU_LIMIT_THREADS,
       reinterpret_cast<void *>(&kiln_cpu_limit_threads)},
      {nullptr, nullptr}};
  return symbols;
}
