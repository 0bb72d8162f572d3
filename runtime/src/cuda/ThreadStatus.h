//===- ThreadStatus.h - the CUDA layer's per-thread first error -*- C++ -*-===//
//
// What compiled steps call in the CUDA layer (launches, copies, GEMMs)
// returns no error: the first failure on a thread is kept here, later
// calls skip their work, and the step collects it with
// kiln_cuda_take_status() (gpu_runtime.h) when its body returns.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SRC_CUDA_THREADSTATUS_H
#define KILN_RUNTIME_SRC_CUDA_THREADSTATUS_H

#include "kiln/runtime/cuda/driver.h"
#include "kiln/runtime/status_cc.h"

#include <string>

namespace kiln::cuda {

/// Keeps `status` as the calling thread's first error, unless one is
/// pending already or it is OK.
void recordThreadError(Status status);

/// Keeps `status` as recordThreadError() does; true when it is an error,
/// so a caller can stop: `if (recordIfError(check(call))) return;`.
bool recordIfError(Status status);

/// Whether the calling thread has an error no step collected yet.
bool threadErrorPending();

/// The driver with the launch GPU's primary context current on this
/// thread, or null with the reason recorded.
const CudaDriver *readyDriver();

/// Makes physical GPU `ordinal` the one launches and library calls run on
/// (GPU 0 unless a session chose another, by its visible device list).
/// Fails once launches began on another GPU.
Status selectLaunchDevice(int ordinal);

/// Waits for the work a library call queued on the default stream, so
/// launches after it read its result; a failure is recorded, naming
/// `what` (the call, for messages).
void finishLibraryCall(const CudaDriver &driver, const std::string &what);

} // namespace kiln::cuda

#endif // KILN_RUNTIME_SRC_CUDA_THREADSTATUS_H
