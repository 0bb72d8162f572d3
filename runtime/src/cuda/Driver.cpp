//===- Driver.cpp - find, load and initialize the CUDA driver -------------===//

#include "kiln/runtime/cuda/driver.h"

#include "LibraryLoader.h"

#include <dlfcn.h>
#include <glob.h>
#include <sys/stat.h>

#include <cstdlib>
#include <iterator>

namespace kiln::cuda {

namespace {

constexpr const char *kDriverLibrary = "libcuda.so.1";

bool isDirectory(const std::string &path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

void addMatches(const std::string &pattern, std::vector<std::string> &out) {
  glob_t matches;
  if (glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
    for (size_t i = 0; i < matches.gl_pathc; ++i)
      if (isDirectory(matches.gl_pathv[i]))
        out.push_back(matches.gl_pathv[i]);
  }
  globfree(&matches);
}

} // namespace

std::vector<std::string> librarySearchDirectories() {
  std::vector<std::string> dirs;
  if (const char *paths = std::getenv("KILN_CUDA_LIBRARY_PATH")) {
    std::string list = paths;
    size_t start = 0;
    while (start <= list.size()) {
      size_t end = list.find(':', start);
      std::string dir = list.substr(
          start, end == std::string::npos ? std::string::npos : end - start);
      if (!dir.empty() && isDirectory(dir))
        dirs.push_back(dir);
      if (end == std::string::npos)
        break;
      start = end + 1;
    }
  }
  std::vector<std::string> sitePackages;
  if (const char *venv = std::getenv("VIRTUAL_ENV"))
    sitePackages.push_back(std::string(venv) + "/lib/python3*/site-packages");
  if (const char *home = std::getenv("HOME"))
    sitePackages.push_back(std::string(home) +
                           "/.local/lib/python3*/site-packages");
  sitePackages.push_back("/usr/local/lib/python3*/dist-packages");
  sitePackages.push_back("/usr/local/lib/python3*/site-packages");
  sitePackages.push_back("/usr/lib/python3/dist-packages");
  for (const std::string &site : sitePackages)
    addMatches(site + "/nvidia/*/lib", dirs);
  return dirs;
}

std::string CudaDriver::describe(const char *call, CUresult result) const {
  const char *name = nullptr, *text = nullptr;
  if (api_.cuGetErrorName)
    api_.cuGetErrorName(result, &name);
  if (api_.cuGetErrorString)
    api_.cuGetErrorString(result, &text);
  std::string message = std::string(call) + ": ";
  message += name ? name : "CUDA error " + std::to_string(result);
  if (text)
    message += std::string(" (") + text + ")";
  return message;
}

StatusOr<CudaDriver> CudaDriver::loadFrom(const std::string &path) {
  OpenedLibrary opened = openLibrary(path, kDriverLibrary, {});
  void *handle = opened.handle;
  std::string found = opened.path;
  if (!handle)
    return Status(StatusCode::FailedPrecondition,
                  std::string("no CUDA driver: ") + kDriverLibrary +
                      " was not found (tried " + opened.tried +
                      "; install the NVIDIA driver or point "
                      "KILN_CUDA_LIBRARY_PATH at its directory)");
  // The handle stays open for the life of the process: the table points
  // into it.

  CudaDriver driver;
  driver.path_ = found;
  // A library found by name is reported by the file the loader chose.
  Dl_info where;
  if (void *init = dlsym(handle, "cuInit");
      init && dladdr(init, &where) && where.dli_fname)
    driver.path_ = where.dli_fname;
  found = driver.path_;
  CudaDriverApi &api = driver.api_;
  const Binding bindings[] = {
      {reinterpret_cast<void **>(&api.cuInit), {"cuInit"}},
      {reinterpret_cast<void **>(&api.cuDriverGetVersion),
       {"cuDriverGetVersion"}},
      {reinterpret_cast<void **>(&api.cuDeviceGetCount), {"cuDeviceGetCount"}},
      {reinterpret_cast<void **>(&api.cuDeviceGet), {"cuDeviceGet"}},
      {reinterpret_cast<void **>(&api.cuDeviceGetName), {"cuDeviceGetName"}},
      {reinterpret_cast<void **>(&api.cuDeviceTotalMem),
       {"cuDeviceTotalMem_v2", "cuDeviceTotalMem"}},
      {reinterpret_cast<void **>(&api.cuDevicePrimaryCtxRetain),
       {"cuDevicePrimaryCtxRetain"}},
      {reinterpret_cast<void **>(&api.cuDevicePrimaryCtxRelease),
       {"cuDevicePrimaryCtxRelease_v2", "cuDevicePrimaryCtxRelease"}},
      {reinterpret_cast<void **>(&api.cuCtxSetCurrent), {"cuCtxSetCurrent"}},
      {reinterpret_cast<void **>(&api.cuMemAlloc),
       {"cuMemAlloc_v2", "cuMemAlloc"}},
      {reinterpret_cast<void **>(&api.cuMemFree),
       {"cuMemFree_v2", "cuMemFree"}},
      {reinterpret_cast<void **>(&api.cuMemcpyHtoD),
       {"cuMemcpyHtoD_v2", "cuMemcpyHtoD"}},
      {reinterpret_cast<void **>(&api.cuMemcpyDtoH),
       {"cuMemcpyDtoH_v2", "cuMemcpyDtoH"}},
      {reinterpret_cast<void **>(&api.cuStreamCreate), {"cuStreamCreate"}},
      {reinterpret_cast<void **>(&api.cuStreamDestroy),
       {"cuStreamDestroy_v2", "cuStreamDestroy"}},
      {reinterpret_cast<void **>(&api.cuStreamSynchronize),
       {"cuStreamSynchronize"}},
      {reinterpret_cast<void **>(&api.cuModuleLoadData), {"cuModuleLoadData"}},
      {reinterpret_cast<void **>(&api.cuModuleUnload), {"cuModuleUnload"}},
      {reinterpret_cast<void **>(&api.cuModuleGetFunction),
       {"cuModuleGetFunction"}},
      {reinterpret_cast<void **>(&api.cuLaunchKernel), {"cuLaunchKernel"}},
      {reinterpret_cast<void **>(&api.cuGetErrorName), {"cuGetErrorName"}},
      {reinterpret_cast<void **>(&api.cuGetErrorString), {"cuGetErrorString"}},
  };
  if (const char *missing = bindSymbols(handle, bindings, std::size(bindings)))
    return Status(StatusCode::FailedPrecondition,
                  "the CUDA driver at " + found + " has no " + missing +
                      " (a driver older than CUDA 12?)");

  CUresult result = api.cuInit(0);
  if (result == kCudaErrorStubLibrary)
    return Status(StatusCode::FailedPrecondition,
                  "no CUDA driver: " + found +
                      " is the CUDA toolkit's link-time stub, not a driver");
  if (result == kCudaErrorNoDevice)
    return Status(StatusCode::FailedPrecondition,
                  "no GPU: the CUDA driver at " + found + " found no device");
  if (result != kCudaSuccess)
    return Status(StatusCode::FailedPrecondition,
                  "no usable GPU: " + driver.describe("cuInit", result));
  api.cuDriverGetVersion(&driver.version_);
  int count = 0;
  if ((result = api.cuDeviceGetCount(&count)) != kCudaSuccess)
    return internalError(driver.describe("cuDeviceGetCount", result));
  if (count == 0)
    return Status(StatusCode::FailedPrecondition,
                  "no GPU: the CUDA driver at " + found + " found no device");
  for (int ordinal = 0; ordinal < count; ++ordinal) {
    CUdevice device;
    CudaDeviceInfo info;
    info.ordinal = ordinal;
    char name[256] = {0};
    size_t bytes = 0;
    if ((result = api.cuDeviceGet(&device, ordinal)) != kCudaSuccess ||
        (result = api.cuDeviceGetName(name, sizeof name - 1, device)) !=
            kCudaSuccess ||
        (result = api.cuDeviceTotalMem(&bytes, device)) != kCudaSuccess)
      return internalError(driver.describe("describing a device", result));
    info.name = name;
    info.totalBytes = bytes;
    driver.devices_.push_back(std::move(info));
  }
  return driver;
}

StatusOr<const CudaDriver *> CudaDriver::load() {
  return loadOnce<CudaDriver>();
}

} // namespace kiln::cuda
