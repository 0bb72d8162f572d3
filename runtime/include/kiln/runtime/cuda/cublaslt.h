//===- cublaslt.h - cuBLASLt, loaded at run time ----------------*- C++ -*-===//
//
// Like the driver (driver.h), cuBLASLt is found and bound with dlopen the
// first time a step multiplies on the GPU, so kiln links no CUDA library.
// The entry points below are cuBLASLt's own (cublasLt.h), with its opaque
// handles as pointers and its enums as 32-bit integers.
//
// Thread-safety: CublasLt::load() may be called from any thread; the
// returned table is immutable.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_CUDA_CUBLASLT_H
#define KILN_RUNTIME_CUDA_CUBLASLT_H

#include "kiln/runtime/cuda/driver.h"
#include "kiln/runtime/status_cc.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace kiln::cuda {

using cublasStatus = int;
using cublasLtHandle = struct cublasLtContext *;
using cublasLtMatmulDesc = struct cublasLtMatmulDescOpaque *;
using cublasLtMatrixLayout = struct cublasLtMatrixLayoutOpaque *;
using cublasLtMatmulPreference = struct cublasLtMatmulPreferenceOpaque *;

/// cublasLtMatmulAlgo_t and cublasLtMatmulHeuristicResult_t, by layout.
struct CublasLtAlgo {
  uint64_t data[8];
};
struct CublasLtHeuristicResult {
  CublasLtAlgo algo;
  size_t workspaceSize;
  cublasStatus state;
  float wavesCount;
  int reserved[4];
};

/// The attributes kiln sets (cublasLtMatmulDescAttributes_t,
/// cublasLtMatmulPreferenceAttributes_t).
enum : int32_t {
  kCublasStatusSuccess = 0,
  kCublasLtMatmulDescTransA = 3,
  kCublasLtMatmulDescTransB = 4,
  kCublasLtMatmulDescEpilogue = 7,
  kCublasLtMatmulDescBiasPointer = 8,
  kCublasLtPrefMaxWorkspaceBytes = 1,
  kCublasLtPrefMinAlignmentABytes = 5,
  kCublasLtPrefMinAlignmentBBytes = 6,
  kCublasLtPrefMinAlignmentCBytes = 7,
  kCublasLtPrefMinAlignmentDBytes = 8,
};

struct CublasLtApi {
  cublasStatus (*cublasLtCreate)(cublasLtHandle *handle);
  const char *(*cublasLtGetStatusName)(cublasStatus status);
  const char *(*cublasLtGetStatusString)(cublasStatus status);
  size_t (*cublasLtGetVersion)();
  cublasStatus (*cublasLtMatmulDescCreate)(cublasLtMatmulDesc *desc,
                                           int32_t computeType,
                                           int32_t scaleType);
  cublasStatus (*cublasLtMatmulDescDestroy)(cublasLtMatmulDesc desc);
  cublasStatus (*cublasLtMatmulDescSetAttribute)(cublasLtMatmulDesc desc,
                                                 int32_t attribute,
                                                 const void *value,
                                                 size_t bytes);
  cublasStatus (*cublasLtMatrixLayoutCreate)(cublasLtMatrixLayout *layout,
                                             int32_t type, uint64_t rows,
                                             uint64_t cols, int64_t ld);
  cublasStatus (*cublasLtMatrixLayoutDestroy)(cublasLtMatrixLayout layout);
  cublasStatus (*cublasLtMatmulPreferenceCreate)(
      cublasLtMatmulPreference *preference);
  cublasStatus (*cublasLtMatmulPreferenceDestroy)(
      cublasLtMatmulPreference preference);
  cublasStatus (*cublasLtMatmulPreferenceSetAttribute)(
      cublasLtMatmulPreference preference, int32_t attribute, const void *value,
      size_t bytes);
  cublasStatus (*cublasLtMatmulAlgoGetHeuristic)(
      cublasLtHandle handle, cublasLtMatmulDesc desc, cublasLtMatrixLayout a,
      cublasLtMatrixLayout b, cublasLtMatrixLayout c, cublasLtMatrixLayout d,
      cublasLtMatmulPreference preference, int requested,
      CublasLtHeuristicResult *results, int *returned);
  cublasStatus (*cublasLtMatmul)(cublasLtHandle handle, cublasLtMatmulDesc desc,
                                 const void *alpha, const void *a,
                                 cublasLtMatrixLayout layoutA, const void *b,
                                 cublasLtMatrixLayout layoutB, const void *beta,
                                 const void *c, cublasLtMatrixLayout layoutC,
                                 void *d, cublasLtMatrixLayout layoutD,
                                 const CublasLtAlgo *algo, void *workspace,
                                 size_t workspaceBytes, CUstream stream);
};

class CublasLt {
public:
  /// The process's cuBLASLt, loaded on the first call (later calls return
  /// the same table or the same error): FailedPrecondition "no cuBLASLt:
  /// ..." when the library cannot be found.
  static StatusOr<const CublasLt *> load();

  /// Loads cuBLASLt from `path` (a file) or, when empty, by searching
  /// libcublasLt.so.13 in librarySearchDirectories() (driver.h), the CUDA
  /// toolkit's lib64 (CUDA_HOME, /usr/local/cuda), then the system's
  /// library path. A fresh, uncached load, for tests.
  static StatusOr<CublasLt> loadFrom(const std::string &path);

  const CublasLtApi &api() const { return api_; }
  const std::string &path() const { return path_; }

  /// "cublasLtMatmul: CUBLAS_STATUS_NOT_SUPPORTED (the requested
  /// functionality is not supported)", for messages.
  std::string describe(const char *call, cublasStatus status) const;

private:
  CublasLtApi api_{};
  std::string path_;
};

} // namespace kiln::cuda

#endif // KILN_RUNTIME_CUDA_CUBLASLT_H
