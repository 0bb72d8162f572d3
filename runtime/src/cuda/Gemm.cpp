//===- Gemm.cpp - compiled steps' matrix products through cuBLASLt --------===//
//
// A product's descriptors and algorithm are chosen once per shape (the
// sizes, transposes, leading dimensions, epilogue, type and the alignment
// of its pointers) and cached for the life of the process; each call then
// only sets its bias pointer and enqueues cublasLtMatmul.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/cuda/gemm.h"

#include "ThreadStatus.h"
#include "kiln/runtime/cuda/cublaslt.h"
#include "kiln/runtime/cuda/gemm_plan.h"

#include <map>
#include <memory>
#include <mutex>
#include <tuple>

namespace kiln::cuda {

namespace {

/// The largest power of two (up to 256, cuBLASLt's default assumption)
/// dividing `address`.
uint32_t alignmentOf(uint64_t address) {
  if (address == 0)
    return 256;
  return static_cast<uint32_t>(std::min<uint64_t>(256, address & -address));
}

struct PlanKey {
  int32_t transA, transB, epilogue, dataType;
  uint64_t m, n, k;
  std::tuple<uint64_t, uint64_t, int64_t> layoutA, layoutB, layoutD;
  uint32_t alignA, alignB, alignD, alignBias;
  uint64_t workspaceBytes;
  auto tie() const {
    return std::tie(transA, transB, epilogue, dataType, m, n, k, layoutA,
                    layoutB, layoutD, alignA, alignB, alignD, alignBias,
                    workspaceBytes);
  }
  bool operator<(const PlanKey &other) const { return tie() < other.tie(); }
};

PlanKey keyOf(const CublasLtGemm &gemm) {
  return {gemm.transA,
          gemm.transB,
          gemm.epilogue,
          gemm.dataType,
          gemm.m,
          gemm.n,
          gemm.k,
          gemm.layoutA.key(),
          gemm.layoutB.key(),
          gemm.layoutD.key(),
          alignmentOf(gemm.a),
          alignmentOf(gemm.b),
          alignmentOf(gemm.d),
          alignmentOf(gemm.bias),
          gemm.workspaceBytes};
}

/// A shape's descriptors and the algorithm cuBLASLt's heuristic chose.
struct Plan {
  cublasLtMatmulDesc desc = nullptr;
  cublasLtMatrixLayout a = nullptr, b = nullptr, d = nullptr;
  CublasLtAlgo algo{};
  /// The bias pointer is an attribute of the shared descriptor.
  std::mutex settingBias;
};

class Plans {
public:
  /// The plan for `gemm`'s shape, made on first use.
  StatusOr<Plan *> get(const CublasLt &library, const CublasLtGemm &gemm,
                       const std::string &what) {
    std::lock_guard<std::mutex> lock(mutex_);
    const CublasLtApi &api = library.api();
    auto fail = [&](const char *call, cublasStatus status) {
      return internalError(what + ": " + library.describe(call, status));
    };
    if (!handle_)
      if (cublasStatus status = api.cublasLtCreate(&handle_))
        return fail("cublasLtCreate", status);
    std::unique_ptr<Plan> &slot = plans_[keyOf(gemm)];
    if (slot)
      return slot.get();
    auto plan = std::make_unique<Plan>();
    cublasStatus status = kCublasStatusSuccess;
    auto step = [&](cublasStatus result) {
      if (status == kCublasStatusSuccess)
        status = result;
      return status == kCublasStatusSuccess;
    };
    auto layout = [&](cublasLtMatrixLayout &out, const CublasLtLayout &of) {
      return step(api.cublasLtMatrixLayoutCreate(&out, gemm.dataType, of.rows,
                                                 of.cols, of.ld));
    };
    auto descAttribute = [&](int32_t attribute, int32_t value) {
      return step(api.cublasLtMatmulDescSetAttribute(plan->desc, attribute,
                                                     &value, sizeof value));
    };
    if (!step(api.cublasLtMatmulDescCreate(&plan->desc, gemm.computeType,
                                           gemm.dataType)) ||
        !descAttribute(kCublasLtMatmulDescTransA, gemm.transA) ||
        !descAttribute(kCublasLtMatmulDescTransB, gemm.transB) ||
        !descAttribute(kCublasLtMatmulDescEpilogue, gemm.epilogue) ||
        !layout(plan->a, gemm.layoutA) || !layout(plan->b, gemm.layoutB) ||
        !layout(plan->d, gemm.layoutD)) {
      destroy(api, *plan);
      return fail("describing the product", status);
    }
    if (gemm.bias) {
      const void *bias = reinterpret_cast<const void *>(gemm.bias);
      if (!step(api.cublasLtMatmulDescSetAttribute(
              plan->desc, kCublasLtMatmulDescBiasPointer, &bias,
              sizeof bias))) {
        destroy(api, *plan);
        return fail("cublasLtMatmulDescSetAttribute", status);
      }
    }
    cublasLtMatmulPreference preference = nullptr;
    CublasLtHeuristicResult result{};
    int found = 0;
    if (step(api.cublasLtMatmulPreferenceCreate(&preference))) {
      uint64_t workspace = gemm.workspaceBytes;
      step(api.cublasLtMatmulPreferenceSetAttribute(
          preference, kCublasLtPrefMaxWorkspaceBytes, &workspace,
          sizeof workspace));
      // Heuristics otherwise assume 256-byte aligned operands; a view's
      // pointer (a slice of the arena) may be less.
      PlanKey key = keyOf(gemm);
      const std::pair<int32_t, uint32_t> alignments[] = {
          {kCublasLtPrefMinAlignmentABytes, key.alignA},
          {kCublasLtPrefMinAlignmentBBytes, key.alignB},
          {kCublasLtPrefMinAlignmentCBytes, key.alignD},
          {kCublasLtPrefMinAlignmentDBytes, key.alignD}};
      for (auto [attribute, bytes] : alignments)
        step(api.cublasLtMatmulPreferenceSetAttribute(preference, attribute,
                                                      &bytes, sizeof bytes));
      step(api.cublasLtMatmulAlgoGetHeuristic(handle_, plan->desc, plan->a,
                                              plan->b, plan->d, plan->d,
                                              preference, 1, &result, &found));
      api.cublasLtMatmulPreferenceDestroy(preference);
    }
    if (status != kCublasStatusSuccess) {
      destroy(api, *plan);
      return fail("cublasLtMatmulAlgoGetHeuristic", status);
    }
    if (found < 1 || result.state != kCublasStatusSuccess) {
      destroy(api, *plan);
      return internalError(what +
                           ": cuBLASLt has no algorithm for it "
                           "within a workspace of " +
                           std::to_string(gemm.workspaceBytes) + " bytes");
    }
    plan->algo = result.algo;
    slot = std::move(plan);
    return slot.get();
  }

  cublasLtHandle handle() {
    std::lock_guard<std::mutex> lock(mutex_);
    return handle_;
  }

private:
  static void destroy(const CublasLtApi &api, Plan &plan) {
    for (cublasLtMatrixLayout layout : {plan.a, plan.b, plan.d})
      if (layout)
        api.cublasLtMatrixLayoutDestroy(layout);
    if (plan.desc)
      api.cublasLtMatmulDescDestroy(plan.desc);
  }

  std::mutex mutex_;
  cublasLtHandle handle_ = nullptr;
  std::map<PlanKey, std::unique_ptr<Plan>> plans_;
};

Plans &plans() {
  static Plans *all = new Plans; // outlives the steps of static destructors
  return *all;
}

void runGemm(const GemmCall &call) {
  StatusOr<CublasLtGemm> gemm = planCublasLtGemm(call);
  if (recordIfError(gemm.status()))
    return;
  const CudaDriver *driver = readyDriver();
  if (!driver)
    return;
  StatusOr<const CublasLt *> library = CublasLt::load();
  if (recordIfError(library.status()))
    return;
  std::string what = "GPU matmul " + call.describe();
  StatusOr<Plan *> plan = plans().get(**library, *gemm, what);
  if (recordIfError(plan.status()))
    return;
  const CublasLtApi &api = (*library)->api();
  float alpha32 = 1, beta32 = 0;
  double alpha64 = 1, beta64 = 0;
  bool f32 = gemm->dataType == kCudaR32F;
  const void *alpha = f32 ? static_cast<const void *>(&alpha32) : &alpha64;
  const void *beta = f32 ? static_cast<const void *>(&beta32) : &beta64;
  auto pointer = [](uint64_t address) {
    return reinterpret_cast<void *>(static_cast<uintptr_t>(address));
  };
  cublasStatus status;
  {
    std::lock_guard<std::mutex> lock((*plan)->settingBias);
    status = kCublasStatusSuccess;
    if (gemm->bias) {
      const void *bias = pointer(gemm->bias);
      status = api.cublasLtMatmulDescSetAttribute(
          (*plan)->desc, kCublasLtMatmulDescBiasPointer, &bias, sizeof bias);
    }
    if (status == kCublasStatusSuccess)
      status = api.cublasLtMatmul(
          plans().handle(), (*plan)->desc, alpha, pointer(gemm->a), (*plan)->a,
          pointer(gemm->b), (*plan)->b, beta, pointer(gemm->d), (*plan)->d,
          pointer(gemm->d), (*plan)->d, &(*plan)->algo,
          pointer(gemm->workspace), gemm->workspaceBytes, nullptr);
  }
  if (status != kCublasStatusSuccess) {
    recordThreadError(internalError(
        what + ": " + (*library)->describe("cublasLtMatmul", status)));
    return;
  }
  finishLibraryCall(*driver, what);
}

} // namespace

} // namespace kiln::cuda

extern "C" void kiln_cuda_gemm(int32_t dtype, int32_t transpose_a,
                               int32_t transpose_b, int32_t epilogue, int64_t m,
                               int64_t n, int64_t k, uint64_t a, int64_t lda,
                               uint64_t b, int64_t ldb, uint64_t bias,
                               uint64_t d, int64_t ldd, uint64_t workspace,
                               uint64_t workspace_bytes) {
  using namespace kiln::cuda;
  // After a failure the step's remaining work is skipped, as launches are.
  if (threadErrorPending())
    return;
  runGemm({dtype, transpose_a != 0, transpose_b != 0, epilogue, m, n, k, a, lda,
           b, ldb, bias, d, ldd, workspace, workspace_bytes});
}
