//===- SessionSplitPlan.h - how a run splits at all-reduces -----*- C++ -*-===//
//
// Private to compiler/API (Session.cpp owns the plans, SessionAllReduce.cpp
// runs them, SessionSegments.cpp compiles the first half's segments).
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_SESSIONSPLITPLAN_H
#define KILN_COMPILER_API_SESSIONSPLITPLAN_H

#include "compiler/API/Session.h"
#include "mlir/IR/MLIRContext.h"

#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kiln {

/// The first half of a split step for one feed signature: one compiled
/// segment per gradient bucket (kiln-split-step), run in order.
struct Session::FirstHalf {
  ~FirstHalf() { std::free(arena); }
  mlir::MLIRContext context;
  struct Segment {
    std::unique_ptr<JitExecutable> executable;
    /// Where executable input i comes from: a variable's storage (bound
    /// on the first run), caller feed `index`, or cut value `index`.
    enum class Source { Variable, Feed, Cut };
    std::vector<std::pair<Source, size_t>> inputs;
    std::vector<void *> variableStorage;
    /// Where output i goes: the caller's first-half output `index`,
    /// gradient `index` (in SplitPlan::reducedNames order), or cut value
    /// `index`.
    enum class Target { Caller, Gradient, Cut };
    std::vector<std::pair<Target, size_t>> outputs;
    /// The bucket this segment's gradients form in the flat buffer.
    size_t bucketBegin = 0, bucketCount = 0;
  };
  std::vector<Segment> segments;
  bool variablesBound = false;
  /// Gradient k's first element in the flat buffer (buckets are
  /// contiguous, in segment order) and its shape.
  std::vector<size_t> gradientOffset;
  std::vector<std::vector<int64_t>> gradientShape;
  size_t reduceElements = 0;
  /// Storage of the caller's first-half outputs and of the cut values,
  /// reused from step to step.
  std::vector<runtime::HostTensor> callerOutputs, cuts;
  /// The segments run one after another in one arena (the largest they
  /// need), so each finds the memory the previous one left in the cache.
  void *arena = nullptr;
};

/// What a compiled step depends on of `feeds`: names, dtypes and shapes.
std::string feedSignatureKey(const std::vector<TensorView> &feeds);

struct Session::SplitPlan {
  /// Fetches of the first half: the caller's that do not reach an
  /// all-reduce, then every all-reduce input.
  std::vector<std::string> firstFetches;
  /// How many of the first half's outputs are the caller's.
  size_t callerOutputsFirst = 0;
  /// The second half's fetches and the names it is fed the averages under
  /// ("node", "node:1", ...), one per all-reduce input.
  std::vector<std::string> secondFetches, reducedNames;
  /// For the caller's i-th output (targets return none): which half
  /// produced it and at which position.
  std::vector<std::pair<bool, size_t>> outputSource;
  /// The first half compiled, by feed signature.
  std::map<std::string, std::unique_ptr<FirstHalf>> firstHalves;
};

} // namespace kiln

#endif // KILN_COMPILER_API_SESSIONSPLITPLAN_H
