//===- driver.h - the CUDA driver, loaded at run time -----------*- C++ -*-===//
//
// kiln never links libcuda: it builds, links and runs its tests on machines
// with no GPU and no driver. The driver API kiln uses is looked up with
// dlopen/dlsym the first time a GPU is asked for, and a machine without one
// gets an error that says so ("no CUDA driver", "no GPU") instead of a
// loader failure. The types below are the driver API's own (cuda.h), by
// value: opaque handles, 32-bit results, 64-bit device addresses.
//
// Thread-safety: CudaDriver::load() may be called from any thread; the
// returned table is immutable.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CUDA_DRIVER_H
#define KILN_RUNTIME_CUDA_DRIVER_H

#include "kiln/runtime/status_cc.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kiln::cuda {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUstream = struct CUstream_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;

/// The driver's result codes kiln tells apart.
enum : CUresult {
  kCudaSuccess = 0,
  kCudaErrorStubLibrary = 34,
  kCudaErrorNoDevice = 100,
};

/// The driver entry points kiln calls, bound by CudaDriver::load().
struct CudaDriverApi {
  CUresult (*cuInit)(unsigned flags);
  CUresult (*cuDriverGetVersion)(int *version);
  CUresult (*cuDeviceGetCount)(int *count);
  CUresult (*cuDeviceGet)(CUdevice *device, int ordinal);
  CUresult (*cuDeviceGetName)(char *name, int length, CUdevice device);
  CUresult (*cuDeviceTotalMem)(size_t *bytes, CUdevice device);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *context, CUdevice device);
  CUresult (*cuDevicePrimaryCtxRelease)(CUdevice device);
  CUresult (*cuCtxSetCurrent)(CUcontext context);
  CUresult (*cuMemAlloc)(CUdeviceptr *address, size_t bytes);
  CUresult (*cuMemFree)(CUdeviceptr address);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr to, const void *from, size_t bytes);
  CUresult (*cuMemcpyDtoH)(void *to, CUdeviceptr from, size_t bytes);
  CUresult (*cuStreamCreate)(CUstream *stream, unsigned flags);
  CUresult (*cuStreamDestroy)(CUstream stream);
  CUresult (*cuStreamSynchronize)(CUstream stream);
  CUresult (*cuModuleLoadData)(CUmodule *module, const void *image);
  CUresult (*cuModuleUnload)(CUmodule module);
  CUresult (*cuModuleGetFunction)(CUfunction *function, CUmodule module,
                                  const char *name);
  CUresult (*cuLaunchKernel)(CUfunction function, unsigned gridX,
                             unsigned gridY, unsigned gridZ, unsigned blockX,
                             unsigned blockY, unsigned blockZ,
                             unsigned sharedBytes, CUstream stream,
                             void **parameters, void **extra);
  CUresult (*cuGetErrorName)(CUresult result, const char **name);
  CUresult (*cuGetErrorString)(CUresult result, const char **text);
};

/// One GPU the driver reports.
struct CudaDeviceInfo {
  int ordinal = 0;
  std::string name;
  uint64_t totalBytes = 0;
};

class CudaDriver {
public:
  /// The process's driver: loaded and initialized on the first call (later
  /// calls return the same table or the same error). Fails with
  /// FailedPrecondition "no CUDA driver: ..." when libcuda cannot be found
  /// or is the toolkit's link-time stub, and "no GPU: ..." when the driver
  /// reports no device.
  static StatusOr<const CudaDriver *> load();

  /// Loads the driver from `path` (a file) or, when empty, by searching
  /// `libcuda.so.1` in KILN_CUDA_LIBRARY_PATH's directories and then the
  /// system's library path. A fresh, uncached load, for tests.
  static StatusOr<CudaDriver> loadFrom(const std::string &path);

  const CudaDriverApi &api() const { return api_; }
  /// Where the driver library was found, and its CUDA version (e.g. 13000).
  const std::string &path() const { return path_; }
  int version() const { return version_; }
  const std::vector<CudaDeviceInfo> &devices() const { return devices_; }

  /// A driver result as "cuMemAlloc: CUDA_ERROR_OUT_OF_MEMORY (out of
  /// memory)", for messages.
  std::string describe(const char *call, CUresult result) const;

private:
  CudaDriverApi api_{};
  std::string path_;
  int version_ = 0;
  std::vector<CudaDeviceInfo> devices_;
};

/// Where kiln looks for a shared library `name` (libcuda.so.1,
/// libcublasLt.so.13, libcudnn.so.9): KILN_CUDA_LIBRARY_PATH's directories,
/// then the lib directories of NVIDIA's Python wheels (`nvidia/*/lib` under
/// the site-packages of VIRTUAL_ENV, ~/.local and /usr/local), in that
/// order. The system's own library path comes after these (dlopen by
/// name). Only directories that exist are returned.
std::vector<std::string> librarySearchDirectories();

} // namespace kiln::cuda

#endif // KILN_RUNTIME_CUDA_DRIVER_H
