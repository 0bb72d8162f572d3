//===- Session.h - tf.Session-style JIT over a graph ------------*- C++ -*-===//
//
// A Session holds one model (a GraphDef, e.g. from the C++ graph API; a
// kiln module; or a model file in any registered format) and runs fetches
// on feeds like tf.Session.run. The first run for a given
// signature - feed names, dtypes and shapes, and fetch names - imports,
// specializes and compiles that step; later runs with the same signature
// only look the executable up and call it.
//
// Variables live in the session across runs, outside every step's memory:
// a step that assigns a variable (an initializer such as fetching
// "^init") creates its storage, later steps read and update it in place.
// Reading a variable no step has assigned yet is an error naming it, as in
// TensorFlow.
//
// Data parallelism: with SessionOptions::communicator of several ranks, a
// run whose fetches reach KilnAllReduce nodes (graph::Graph::allReduce;
// an optimizer's setAverageGradientsAcrossRanks) is split there: the first
// half computes the values to reduce (the gradients) and the fetches that
// do not depend on them (the loss), the gradients are averaged across
// ranks in a flat buffer, and the second half (the updates) runs on the
// averages. The first half runs as one compiled segment per gradient
// bucket (SessionOptions::allReduceBucketBytes; kiln-split-step): the
// gradients the backward pass reaches first are summed on a thread of the
// session while the later segments compute them for the earlier layers.
// Every rank must make the same runs.
//
// Thread-safety: run() and runViews() may be called from several threads
// at once, with the same or different signatures, as tf.Session.run: the
// first run of a signature compiles it while other threads wait for that
// compile (runs of compiled signatures never wait for each other); steps
// that update the same variables race as they do in TensorFlow without
// use_locking. Runs split at all-reduces (data parallelism) go one at a
// time, since every rank must reduce in the same order. setVariable,
// restore, save and broadcastVariables must not overlap runs that use the
// variables they touch.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_SESSION_H
#define KILN_COMPILER_API_SESSION_H

#include "compiler/API/ModelRunner.h"
#include "compiler/API/VariableStore.h"
#include "frontends/TFGraph/proto/graph.pb.h"
#include "kiln/runtime/parallel/communicator.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace kiln {

class ReductionThread;

/// A fed tensor the caller owns: row-major `dtype` elements of `shape` at
/// `data`, read in place by Session::run (no copy).
struct TensorView {
  std::string name;
  runtime::DType dtype;
  std::vector<int64_t> shape;
  const void *data;
};

struct SessionOptions {
  /// The target steps compile for, placement, and how a GPU's memory is
  /// taken (TensorFlow's ConfigProto: device placement and GPUOptions).
  /// Steps on a GPU keep the session's variables in its memory.
  CompileOptions compile;
  /// The data-parallel job the session trains in. Null, or a job of one
  /// rank: the graph's all-reduces are the identity and steps do not split.
  std::shared_ptr<runtime::parallel::Communicator> communicator;
  /// The smallest gradient bucket, in bytes (Horovod's fusion threshold,
  /// PyTorch DDP's bucket size): gradients, ranked by how early the
  /// backward pass produces them, are summed in buckets of at least this
  /// size, each while the step computes the next. 0: one bucket, summed
  /// after the whole backward pass. Buckets are summed beside the step
  /// only where the communicator allows calls from another thread.
  size_t allReduceBucketBytes = kDefaultAllReduceBucketBytes;
  /// PyTorch DDP's 25 MiB: models smaller than that sum their gradients
  /// at once. Each bucket costs a segment boundary and a thread that needs
  /// a core of its own; on two cores shared by two ranks, overlapping
  /// made the Fashion-MNIST steps 6% slower (bench/RESULTS.md).
  static constexpr size_t kDefaultAllReduceBucketBytes = 25 << 20;
};

class Session {
public:
  explicit Session(tensorflow::GraphDef graph, SessionOptions options = {});
  /// A session over a kiln module, copied: `module` may go away afterwards.
  /// Its step function is used as written; fetch names only label results.
  explicit Session(mlir::ModuleOp module, SessionOptions options = {});
  /// A session over a model file's bytes in any format a registered
  /// frontend recognizes; the buffer's identifier names it in errors.
  explicit Session(std::unique_ptr<llvm::MemoryBuffer> model,
                   SessionOptions options = {});
  /// Reads the model at `path`; an error when it cannot be read.
  static StatusOr<std::unique_ptr<Session>> open(const std::string &path,
                                                 SessionOptions options = {});
  ~Session();

  /// Runs `fetches` ("node" or "node:k") on `feeds`; fills `outputs`, one
  /// tensor per fetch.
  Status run(const std::vector<NamedTensor> &feeds,
             const std::vector<std::string> &fetches,
             std::vector<runtime::HostTensor> &outputs);

  /// The same on tensors the caller owns, read without copying them (the
  /// Python binding passes NumPy buffers this way).
  Status runViews(const std::vector<TensorView> &feeds,
                  const std::vector<std::string> &fetches,
                  std::vector<runtime::HostTensor> &outputs);

  /// How many distinct signatures have been compiled.
  size_t compiledSignatures() const;

  /// The executable compiled for the most recent run, or null.
  const JitExecutable *lastExecutable() const {
    return last_.load(std::memory_order_relaxed);
  }

  /// The current value of variable `name`, or null before a step assigned
  /// it.
  const runtime::HostTensor *variable(const std::string &name) const;
  /// Sets variable `name` (e.g. restored from a checkpoint); later runs
  /// see the value. An error on a dtype or shape mismatch.
  Status setVariable(const std::string &name, runtime::HostTensor value) {
    return variables_.assign(name, std::move(value));
  }
  /// Restores the variables from a TensorFlow V2 checkpoint (a prefix, or a
  /// directory's latest), as tf.train.Saver.restore: later runs see them.
  /// Errors name the checkpoint and the tensor.
  Status restore(const std::string &path) {
    std::string prefix;
    return variables_.restore(path, prefix);
  }
  /// Writes every variable as the TensorFlow V2 checkpoint `prefix`, as
  /// tf.train.Saver.save.
  Status save(const std::string &prefix) const {
    return variables_.save(prefix);
  }

  /// Replaces each of the variables `names` by rank 0's value, so that all
  /// ranks start alike (after initializing or restoring). Every rank must
  /// pass the same names; a variable no step assigned yet is an error. A
  /// no-op without a communicator of several ranks.
  Status broadcastVariables(const std::vector<std::string> &names);
  /// Time split steps spent waiting for all-reduces so far (what the
  /// computation did not hide), the bytes the last one reduced, and in
  /// how many buckets.
  double allReduceSeconds() const { return allReduceSeconds_; }
  size_t allReduceBytes() const { return reduceBuffer_.size() * sizeof(float); }
  size_t allReduceBuckets() const { return allReduceBuckets_; }

private:
  struct Compiled;
  struct SplitPlan;
  struct FirstHalf;
  /// Runs one compiled step (never split).
  template <typename Feed>
  Status runCompiled(const std::vector<Feed> &feeds,
                     const std::vector<std::string> &fetches,
                     std::vector<runtime::HostTensor> &outputs);
  /// The split of `fetches` at the graph's all-reduces; null when they
  /// reach none (SessionAllReduce.cpp).
  SplitPlan *splitPlanFor(const std::vector<std::string> &fetches);
  template <typename Feed>
  Status runSplit(SplitPlan &plan, const std::vector<Feed> &feeds,
                  std::vector<runtime::HostTensor> &outputs);
  /// Runs the first half's segments on `feeds`, summing each bucket of
  /// gradients into reduceBuffer_ as it is ready (SessionAllReduce.cpp).
  Status runFirstHalf(FirstHalf &half, const std::vector<TensorView> &feeds);
  /// Compiles the first half of `plan` for `feeds`' signature, and binds
  /// its variables (SessionSegments.cpp).
  Status compileFirstHalf(const SplitPlan &plan,
                          const std::vector<TensorView> &feeds,
                          FirstHalf &half);
  Status bindFirstHalfVariables(FirstHalf &half);
  template <typename Feed>
  Status runFeeds(const std::vector<Feed> &feeds,
                  const std::vector<std::string> &fetches,
                  std::vector<runtime::HostTensor> &outputs);
  /// The compiled step of signature `key`, compiled (and its variables
  /// bound) first when needed, under the exclusive cache lock.
  template <typename Feed>
  Status
  compileSignature(const std::string &key, const std::vector<Feed> &feeds,
                   const std::vector<std::string> &fetches, Compiled *&out);
  /// Binds the storage of every variable `compiled` uses (once).
  Status bindVariables(Compiled &compiled);
  /// Sets storage[i] to the storage of `executable`'s input i for each
  /// variable input; an error for one no step has assigned yet.
  Status bindVariableInputs(const JitExecutable &executable,
                            std::vector<void *> &storage);

  /// Imports the model for one signature into a fresh context.
  using Importer = std::function<StatusOr<mlir::OwningOpRef<mlir::ModuleOp>>(
      const ImportOptions &, mlir::MLIRContext &)>;
  Importer import_;
  std::shared_ptr<const tensorflow::GraphDef> graph_; // null for modules
  SessionOptions options_;
  bool splits_ = false; // a graph session in a job of several ranks
  /// Runs look signatures up under a shared lock; compiles take it
  /// exclusively. Entries are never removed, so a Compiled outlives the
  /// lock that found it.
  mutable std::shared_mutex cacheMutex_;
  std::map<std::string, std::unique_ptr<Compiled>> cache_;
  /// Split runs (data parallelism) one at a time; guards everything below
  /// up to variables_.
  std::mutex splitMutex_;
  std::map<std::string, std::unique_ptr<SplitPlan>> splitPlans_;
  std::vector<float> reduceBuffer_;
  std::vector<runtime::HostTensor> secondOutputs_;
  std::unique_ptr<ReductionThread> reductionThread_; // made on first need
  double allReduceSeconds_ = 0;
  size_t allReduceBuckets_ = 0;
  VariableStore variables_;
  std::atomic<const JitExecutable *> last_{nullptr};
};

} // namespace kiln

#endif // KILN_COMPILER_API_SESSION_H
