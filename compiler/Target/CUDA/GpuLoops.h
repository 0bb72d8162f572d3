//===- GpuLoops.h - the loops a GPU kernel's linalg ops become --*- C++ -*-===//
//
// kiln-map-kernels-to-gpu turns each linalg op of a GPU kernel function
// into loops that map onto a grid of blocks: an element-wise op into one
// parallel loop over its elements, a reduction along its innermost dimension into a
// block per result whose threads stride the row and then combine their
// partials (gpu.all_reduce: warp shuffles, then shared memory), any other
// reduction into a thread per result.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_CUDA_GPULOOPS_H
#define KILN_COMPILER_TARGET_CUDA_GPULOOPS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace kiln {

/// What a linalg op of a GPU kernel became.
struct GpuLoops {
  /// A parallel loop over the results, flattened (the last dimension
  /// varying fastest), still to be split into blocks of threads; null when
  /// the op became a block reduction or has no iterations.
  mlir::scf::ParallelOp perElement;
};

/// Replaces `op` (static sizes; named ops generalized) by its loops. A
/// reduction whose innermost loop is a reduction that the first input
/// reads contiguously, and whose body combines one element with the
/// accumulator by one associative op, becomes a block reduction with at
/// most `blockSize` threads per block: `gpu.launch` with `gpu.all_reduce`,
/// or, under `hostEmulation`, the same grid and thread loops with the
/// partials combined in order, so the CPU runs the same index arithmetic.
mlir::FailureOr<GpuLoops> emitGpuLoops(mlir::linalg::GenericOp op,
                                       int64_t blockSize, bool hostEmulation);

/// Replaces a copy between two buffers of one shape by a parallel loop
/// over its elements.
mlir::FailureOr<GpuLoops> emitGpuCopy(mlir::memref::CopyOp copy);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_CUDA_GPULOOPS_H
