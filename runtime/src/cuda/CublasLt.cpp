//===- CublasLt.cpp - find, load and bind cuBLASLt ------------------------===//

#include "kiln/runtime/cuda/cublaslt.h"

#include "LibraryLoader.h"

#include <iterator>

namespace kiln::cuda {

namespace {

constexpr const char *kCublasLtLibrary = "libcublasLt.so.13";

} // namespace

std::string CublasLt::describe(const char *call, cublasStatus status) const {
  const char *name =
      api_.cublasLtGetStatusName ? api_.cublasLtGetStatusName(status) : nullptr;
  const char *text = api_.cublasLtGetStatusString
                         ? api_.cublasLtGetStatusString(status)
                         : nullptr;
  std::string message = std::string(call) + ": ";
  message += name ? name : "cuBLAS status " + std::to_string(status);
  if (text)
    message += std::string(" (") + text + ")";
  return message;
}

StatusOr<CublasLt> CublasLt::loadFrom(const std::string &path) {
  OpenedLibrary opened =
      openLibrary(path, kCublasLtLibrary, toolkitLibraryDirectories());
  if (!opened.handle)
    return Status(StatusCode::FailedPrecondition,
                  std::string("no cuBLASLt: ") + kCublasLtLibrary +
                      " was not found (tried " + opened.tried +
                      "; install the CUDA toolkit or the nvidia-cublas "
                      "wheel, or point KILN_CUDA_LIBRARY_PATH at it)");
  CublasLt library;
  library.path_ = opened.path;
  CublasLtApi &api = library.api_;
  auto field = [](auto &entry) { return reinterpret_cast<void **>(&entry); };
  const Binding bindings[] = {
      {field(api.cublasLtCreate), {"cublasLtCreate"}},
      {field(api.cublasLtGetStatusName), {"cublasLtGetStatusName"}},
      {field(api.cublasLtGetStatusString), {"cublasLtGetStatusString"}},
      {field(api.cublasLtGetVersion), {"cublasLtGetVersion"}},
      {field(api.cublasLtMatmulDescCreate), {"cublasLtMatmulDescCreate"}},
      {field(api.cublasLtMatmulDescDestroy), {"cublasLtMatmulDescDestroy"}},
      {field(api.cublasLtMatmulDescSetAttribute),
       {"cublasLtMatmulDescSetAttribute"}},
      {field(api.cublasLtMatrixLayoutCreate), {"cublasLtMatrixLayoutCreate"}},
      {field(api.cublasLtMatrixLayoutDestroy), {"cublasLtMatrixLayoutDestroy"}},
      {field(api.cublasLtMatmulPreferenceCreate),
       {"cublasLtMatmulPreferenceCreate"}},
      {field(api.cublasLtMatmulPreferenceDestroy),
       {"cublasLtMatmulPreferenceDestroy"}},
      {field(api.cublasLtMatmulPreferenceSetAttribute),
       {"cublasLtMatmulPreferenceSetAttribute"}},
      {field(api.cublasLtMatmulAlgoGetHeuristic),
       {"cublasLtMatmulAlgoGetHeuristic"}},
      {field(api.cublasLtMatmul), {"cublasLtMatmul"}},
  };
  if (const char *missing =
          bindSymbols(opened.handle, bindings, std::size(bindings)))
    return Status(StatusCode::FailedPrecondition,
                  "cuBLASLt at " + library.path_ + " has no " + missing);
  return library;
}

StatusOr<const CublasLt *> CublasLt::load() { return loadOnce<CublasLt>(); }

} // namespace kiln::cuda
