//===- main.cpp - kiln-fashion-mnist: train and evaluate on Fashion-MNIST -===//
//
// The seed workflow: build the model with the graph API, initialize or
// restore its variables, run the compiled train step over shuffled
// batches, save a checkpoint every epoch, and report test accuracy. The
// last line is always "test accuracy: 0.XXXX".
//
//===----------------------------------------------------------------------===//

#include "DataParallel.h"
#include "Dataset.h"
#include "Model.h"
#include "Progress.h"
#include "Summaries.h"
#include "TrainingInput.h"

#include "compiler/API/Session.h"
#include "frontends/GraphAPI/MetaGraph.h"
#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/checkpoint_manager.h"
#include "kiln/runtime/checkpoint/checkpoint_state.h"
#include "kiln/runtime/checkpoint/directory_lock.h"
#include "kiln/runtime/cuda/driver.h"
#include "tools/Formatted.h"
#include "tools/OutOfMemory.h"
#include "tools/ToolConventions.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <numeric>
#include <optional>

using namespace kiln;
using namespace kiln::examples;
namespace ckpt = kiln::runtime::checkpoint;

namespace {

constexpr const char *kTool = "kiln-fashion-mnist";

/// Each model's defaults; the usage text is printed from these.
struct ModelDefaults {
  const char *optimizer;
  int64_t epochs, batchSize;
};
// The CNN: Adam, batch 64, 8 epochs (0.9178 in 2m00s on two cores); the
// MLP: SGD, batch 100, 12 epochs (0.8822 in 6 s; 10 gave 0.8733, close to
// the 0.87 goal).
constexpr ModelDefaults kMlpDefaults{"sgd", 12, 100},
    kCnnDefaults{"adam", 8, 64};

double defaultLearningRate(const std::string &optimizer) {
  return optimizer == "adam" ? 0.001 : optimizer == "momentum" ? 0.01 : 0.1;
}

std::string usage() {
  return tools::formatted(
      R"(usage: kiln-fashion-mnist [options]
  --model=mlp|cnn          network (default mlp: 784-200-200-10 relu)
  --epochs=N               passes over the training set
                           (default %lld for mlp, %lld for cnn)
  --batch-size=N           examples per step (default %lld mlp, %lld cnn)
  --learning-rate=X        (default %g for sgd, %g momentum, %g adam)
  --optimizer=sgd|momentum|adam   (default %s for mlp, %s for cnn)
  --checkpoint-dir=DIR     save each epoch and at the end; resume from the latest
                           (local, or hdfs://namenode:port/dir as --logdir)
  --eval-only              restore the latest checkpoint in DIR and evaluate
  --seed=N                 initializers and shuffling (default 1)
  --logdir=DIR             TensorBoard logs in DIR/train and DIR/test
  --train-data=F[,F...]    train from TFRecord files of Examples (label
                           int64, img_raw 784 uint8 bytes; kiln-records
                           from-idx writes them) or from CSV files (*.csv:
                           label,pixel1,...,pixel784 per line, pixels 0-255,
                           an optional header line), shuffle-batched by
                           background readers; globs (part-*.csv) expand;
                           paths may be hdfs://namenode:port/... (WebHDFS)
  --data-dir=DIR           Fashion-MNIST IDX files
                           (default /usr/share/datasets/fashion-mnist)
  --max-steps=N            stop after global step N (and save a checkpoint)
  --loss-every=N           print "step S loss L" every N steps
  --data-parallel          one rank of `mpirun -np R`: --batch-size is per
                           rank, gradients are averaged across ranks, rank 0
                           restores and writes checkpoints, logs, output
  --all-reduce-bucket-bytes=N
                           with --data-parallel: sum gradients in buckets
                           of at least N bytes, each while the backward
                           pass computes the next (default %zu; 0: one
                           bucket after the whole backward pass)
  --emulate-network=GBIT   with --data-parallel, for benchmarks: each
                           all-reduce lasts at least as long as over a
                           GBIT Gbit/s network with 20 us per message
  --no-meta                no model.ckpt-N.meta beside each checkpoint (by
                           default a MetaGraphDef that TensorFlow's
                           import_meta_graph and Saver.restore load)
  --device=cpu|gpu|auto    where the steps run (default cpu); gpu compiles
                           them for target cuda, variables on the GPU; auto:
                           the GPU when one is present, else the CPU
  --target=NAME[:CHIP]     the compile target itself (x86-64, cuda:sm_80,
                           cuda-emulation: the GPU mapping run on this CPU)
  --gpu-allow-growth       take GPU memory as needed (TensorFlow's
                           allow_growth) rather than all at once
  --gpu-memory-fraction=F  use at most F of the GPU's memory (default 1)
  --gpu-devices=LIST       the GPUs seen, GPU:0 first (visible_device_list)
  --log-device-placement   print every op's device as each step compiles
  --quiet                  no progress display
  --help, --version
)",
      (long long)kMlpDefaults.epochs, (long long)kCnnDefaults.epochs,
      (long long)kMlpDefaults.batchSize, (long long)kCnnDefaults.batchSize,
      defaultLearningRate("sgd"), defaultLearningRate("momentum"),
      defaultLearningRate("adam"), kMlpDefaults.optimizer,
      kCnnDefaults.optimizer, SessionOptions::kDefaultAllReduceBucketBytes);
}

struct Flags {
  ModelOptions model;
  int64_t epochs = 0, batchSize = 0, maxSteps = 0, lossEvery = 0;
  int64_t allReduceBucketBytes = SessionOptions::kDefaultAllReduceBucketBytes;
  double emulatedNetworkGbit = 0; // 0: the network as it is
  bool evalOnly = false, quiet = false, writeMeta = true;
  std::string checkpointDir, logDir, dataDir = "/usr/share/datasets/fashion-mnist";
  std::vector<std::string> trainData;
  CompileOptions compile;
};

/// Whether `status` is a success; its message goes to `error` if not.
bool succeeded(const kiln::Status &status, std::string &error) {
  if (!status.ok())
    error = status.message();
  return status.ok();
}

/// --device=auto: the GPU when the driver finds one, as TensorFlow places
/// ops; otherwise the CPU, saying why in one line.
std::string gpuWhenPresent() {
  StatusOr<const cuda::CudaDriver *> driver = cuda::CudaDriver::load();
  if (driver.ok())
    return "cuda";
  std::fprintf(stderr, "%s: --device=auto: %s; training on the CPU\n", kTool,
               driver.status().message().c_str());
  return kDefaultTargetName;
}

/// False with `error` on a usage error.
bool parseFlags(int argc, char **argv, Flags &flags, std::string &error) {
  std::optional<int64_t> epochs, batchSize;
  std::optional<double> learningRate;
  std::optional<std::string> optimizer;
  static const char *const kValued[] = {"--model",
                                        "--optimizer",
                                        "--epochs",
                                        "--batch-size",
                                        "--learning-rate",
                                        "--seed",
                                        "--checkpoint-dir",
                                        "--data-dir",
                                        "--logdir",
                                        "--train-data",
                                        "--max-steps",
                                        "--loss-every",
                                        "--all-reduce-bucket-bytes",
                                        "--emulate-network",
                                        "--device",
                                        "--target",
                                        "--gpu-memory-fraction",
                                        "--gpu-devices"};
  std::optional<std::string> device, target;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--eval-only") {
      flags.evalOnly = true;
      continue;
    }
    if (arg == "--quiet") {
      flags.quiet = true;
      continue;
    }
    if (arg == "--no-meta") {
      flags.writeMeta = false;
      continue;
    }
    if (arg == "--data-parallel") {
      flags.model.dataParallel = true;
      continue;
    }
    if (arg == "--gpu-allow-growth") {
      flags.compile.gpu.memory.allowGrowth = true;
      continue;
    }
    if (arg == "--log-device-placement") {
      flags.compile.logDevicePlacement = true;
      continue;
    }
    size_t eq = arg.find('=');
    std::string key = arg.substr(0, eq), value;
    if (std::find(std::begin(kValued), std::end(kValued), key) ==
        std::end(kValued))
      return error = "unknown option " + arg, false;
    if (eq != std::string::npos)
      value = arg.substr(eq + 1);
    else if (i + 1 < argc)
      value = argv[++i];
    else
      return error = "missing value for " + arg, false;
    try {
      size_t used = 0;
      auto integer = [&] { return int64_t(std::stoll(value, &used)); };
      if (key == "--model") flags.model.model = value;
      else if (key == "--optimizer")
        optimizer = value;
      else if (key == "--epochs")
        epochs = integer();
      else if (key == "--batch-size")
        batchSize = integer();
      else if (key == "--learning-rate")
        learningRate = std::stod(value, &used);
      else if (key == "--seed")
        flags.model.seed = integer();
      else if (key == "--max-steps")
        flags.maxSteps = integer();
      else if (key == "--loss-every")
        flags.lossEvery = integer();
      else if (key == "--all-reduce-bucket-bytes")
        flags.allReduceBucketBytes = integer();
      else if (key == "--emulate-network")
        flags.emulatedNetworkGbit = std::stod(value, &used);
      else if (key == "--gpu-memory-fraction")
        flags.compile.gpu.memory.memoryFraction = std::stod(value, &used);
      else if (key == "--gpu-devices")
        flags.compile.gpu.visibleDeviceList = value, used = value.size();
      else if (key == "--device")
        device = value, used = value.size();
      else if (key == "--target")
        target = value, used = value.size();
      else if (key == "--checkpoint-dir")
        flags.checkpointDir = value, used = value.size();
      else if (key == "--data-dir")
        flags.dataDir = value, used = value.size();
      else if (key == "--logdir")
        flags.logDir = value, used = value.size();
      else if (key == "--train-data") {
        for (size_t start = 0; start <= value.size();) {
          size_t comma = std::min(value.find(',', start), value.size());
          if (comma > start)
            flags.trainData.push_back(value.substr(start, comma - start));
          start = comma + 1;
        }
        used = value.size();
      }
      if (key != "--model" && key != "--optimizer" && used != value.size())
        throw std::invalid_argument(value);
    } catch (const std::exception &) {
      return error = "bad value '" + value + "' for " + key, false;
    }
  }
  const ModelDefaults &defaults =
      flags.model.model == "cnn" ? kCnnDefaults : kMlpDefaults;
  flags.model.optimizer = optimizer.value_or(defaults.optimizer);
  flags.epochs = epochs.value_or(defaults.epochs);
  flags.batchSize = batchSize.value_or(defaults.batchSize);
  flags.model.learningRate =
      learningRate.value_or(defaultLearningRate(flags.model.optimizer));
  if (flags.epochs < 0 || flags.batchSize < 1)
    return error = "--epochs must be >= 0 and --batch-size >= 1", false;
  if (flags.allReduceBucketBytes < 0)
    return error = "--all-reduce-bucket-bytes must be >= 0", false;
  if (flags.emulatedNetworkGbit < 0 ||
      (flags.emulatedNetworkGbit > 0 && !flags.model.dataParallel))
    return error = "--emulate-network takes a positive Gbit/s, with "
                   "--data-parallel",
           false;
  if (flags.maxSteps < 0 || flags.lossEvery < 0)
    return error = "--max-steps and --loss-every must be >= 0", false;
  if (flags.evalOnly && flags.checkpointDir.empty())
    return error = "--eval-only needs --checkpoint-dir", false;
  if (device && target)
    return error = "--device and --target both choose the target; pass one",
           false;

  if (device && *device != "cpu" && *device != "gpu" && *device != "auto")
    return error = "--device must be cpu, gpu or auto, got '" + *device + "'",
           false;
  std::string chosen = target                        ? *target
                       : !device || *device == "cpu" ? "x86-64"
                       : *device == "gpu"            ? "cuda"
                                                     : gpuWhenPresent();
  std::optional<TargetSpec> spec = TargetSpec::parse(chosen);
  if (!spec)
    return error = "--target expects NAME[:CHIP], got '" + *target + "'", false;
  flags.compile.target = *spec;
  if (flags.model.dataParallel && spec->name != kDefaultTargetName)
    return error = "--data-parallel trains on the CPU only (NCCL across "
                   "GPUs is not built yet)",
           false;
  if (!succeeded(cuda::checkGpuSessionOptions(flags.compile.gpu), error))
    return false;
  return true;
}

runtime::DType dtypeOf(tensorflow::DataType dtype) {
  return dtype == tensorflow::DT_INT64 ? runtime::DType::I64 : runtime::DType::F32;
}

NamedTensor floats(const std::string &name, std::vector<int64_t> shape,
                   const std::vector<float> &values) {
  NamedTensor t{name, {runtime::DType::F32, std::move(shape), {}}};
  t.tensor.data.resize(values.size() * sizeof(float));
  std::memcpy(t.tensor.data.data(), values.data(), t.tensor.data.size());
  return t;
}

NamedTensor int64s(const std::string &name, const std::vector<int64_t> &values) {
  NamedTensor t{name, {runtime::DType::I64, {int64_t(values.size())}, {}}};
  t.tensor.data.resize(values.size() * sizeof(int64_t));
  std::memcpy(t.tensor.data.data(), values.data(), t.tensor.data.size());
  return t;
}

/// This process's place in a data-parallel job (alone by default).
TrainingJob &theJob() {
  static TrainingJob job;
  return job;
}

int fail(const std::string &message) { theJob().fail(message); }

/// Restores every model variable from `prefix`, checking dtypes and shapes.
bool restore(Session &session, const Model &model, const std::string &prefix,
             std::string &error) {
  std::unique_ptr<ckpt::BundleReader> reader;
  runtime::io::Status status = ckpt::BundleReader::open(prefix, reader);
  for (const graph::Variable &var : model.variables) {
    if (!status.ok())
      break;
    runtime::HostTensor value;
    status = reader->readExpecting(var.name, dtypeOf(var.dtype), var.shape, value);
    if (status.ok() &&
        !succeeded(session.setVariable(var.name, std::move(value)), error))
      return false;
  }
  if (!status.ok())
    return error = status.message(), false;
  return true;
}

/// Saves every model variable, with `meta` (a serialized MetaGraphDef, or
/// empty) as PREFIX.meta; `prefix` is where.
bool save(Session &session, const Model &model,
          ckpt::CheckpointManager &manager, const std::string &meta,
          std::string &prefix, std::string &error) {
  std::vector<ckpt::NamedTensor> tensors;
  for (const graph::Variable &var : model.variables)
    if (const runtime::HostTensor *value = session.variable(var.name))
      tensors.push_back({var.name, *value});
  int64_t step = session.variable("global_step")->as<int64_t>()[0];
  runtime::io::Status status =
      manager.save(tensors, "model.ckpt", step, prefix, meta);
  if (!status.ok())
    return error = status.message(), false;
  return true;
}

double evaluate(Session &session, const Dataset &test, std::string &error) {
  constexpr int64_t kBatch = 1000;
  std::vector<int64_t> order(test.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<float> images;
  std::vector<int64_t> labels;
  std::vector<runtime::HostTensor> out;
  double correct = 0;
  for (int64_t first = 0; first < test.size(); first += kBatch) {
    int64_t count = std::min(kBatch, test.size() - first);
    gatherBatch(test, order, first, count, images, labels);
    if (!succeeded(session.run({floats("images", {count, 784}, images),
                                int64s("labels", labels)},
                               {"correct"}, out),
                   error))
      return -1;
    correct += out[0].as<float>()[0];
  }
  return correct / test.size();
}

/// Runs the train step over `input` until it ends: a checkpoint, and with
/// summaries the test accuracy, after every epoch; the loss, batch accuracy,
/// histograms and images every 50 steps.
bool runTraining(Session &session, const Model &model, TrainingInput &input,
                 const Flags &flags, const Dataset &test,
                 ckpt::CheckpointManager *manager, const std::string &meta,
                 TrainingSummaries &summaries, std::string &error) {
  const TrainingJob &job = theJob();
  int64_t globalBatch = flags.batchSize * job.ranks;
  int64_t stepsPerEpoch = input.examplesPerEpoch() / globalBatch;
  int64_t done = session.variable("global_step")->as<int64_t>()[0];
  int64_t total = stepsPerEpoch * flags.epochs;
  if (flags.maxSteps > 0)
    total = std::min(total, flags.maxSteps);
  std::string batch = std::to_string(globalBatch);
  if (job.ranks > 1)
    batch += " (" + std::to_string(job.ranks) + " ranks x " +
             std::to_string(flags.batchSize) + ")";
  if (job.chief())
    std::printf(
        "model %s, optimizer %s, learning rate %g, batch %s, %lld steps "
        "(%lld done), training from %s\n",
        flags.model.model.c_str(), flags.model.optimizer.c_str(),
        flags.model.learningRate, batch.c_str(), (long long)total,
        (long long)done, input.description().c_str());
  std::fflush(stdout);
  Progress progress(total, globalBatch,
                    progressStyleFor(stdout, flags.quiet || !job.chief()));
  std::vector<float> images;
  std::vector<int64_t> labels;
  std::vector<runtime::HostTensor> out;
  std::vector<std::string> fetches = {"loss", "^train"};
  if (summaries.enabled())
    fetches = {"loss", "correct", "^train"};
  int64_t step = done;
  // Timed from the end of the first step, which compiles.
  auto started = std::chrono::steady_clock::now();
  double reduceSecondsBefore = 0;
  while (step < total && input.next(images, labels, error)) {
    if (step == done + 1) {
      started = std::chrono::steady_clock::now();
      reduceSecondsBefore = session.allReduceSeconds();
    }
    if (!succeeded(
            session.run({floats("images", {flags.batchSize, 784}, images),
                         int64s("labels", labels)},
                        fetches, out),
            error))
      return false;
    // Every rank takes part in the mean, so all must compute it.
    float loss = job.mean(out[0].as<float>()[0]);
    progress.update(++step, loss);
    if (flags.lossEvery > 0 && step % flags.lossEvery == 0 && job.chief()) {
      char line[64];
      std::snprintf(line, sizeof line, "step %lld loss %.7f", (long long)step,
                    loss);
      progress.message(line);
    }
    if (summaries.enabled() && step % 50 == 0 &&
        !summaries.logTrainStep(
            step, loss, out[1].as<float>()[0] / flags.batchSize, session, model,
            images.data(), flags.batchSize, error))
      return false;
    if (step % stepsPerEpoch != 0 && step != total)
      continue;
    std::string prefix;
    if (manager) {
      if (!save(session, model, *manager, meta, prefix, error))
        return false;
      progress.message("saved " + prefix);
    }
    if (summaries.enabled()) {
      double accuracy = evaluate(session, test, error);
      if (accuracy < 0 || !summaries.logTestAccuracy(step, accuracy, error))
        return false;
    }
  }
  if (!error.empty())
    return false;
  progress.finish();
  if (flags.model.dataParallel && job.chief() && step > done + 1) {
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - started)
                         .count();
    int64_t steps = step - done - 1;
    size_t buckets = session.allReduceBuckets();
    std::printf("data-parallel: %d rank%s, %.2f ms per step, all-reduce of "
                "%zu bytes in %zu bucket%s, waited for %.2f ms of it (rank "
                "0, the other ranks included)\n",
                job.ranks, job.ranks == 1 ? "" : "s", 1e3 * seconds / steps,
                session.allReduceBytes(), buckets, buckets == 1 ? "" : "s",
                1e3 * (session.allReduceSeconds() - reduceSecondsBefore) /
                    steps);
  }
  if (step < total)
    return error = "the training input ended after " + std::to_string(step) +
                   " of " + std::to_string(total) + " steps",
           false;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  tools::installOutOfMemoryHandler(kTool);
  std::string usageText = usage();
  tools::handleHelpAndVersion(argc, argv, kTool, usageText.c_str());
  Flags flags;
  std::string error;
  if (!parseFlags(argc, argv, flags, error))
    return tools::usageError(kTool, error);
  TrainingJob &job = theJob();
  if (flags.model.dataParallel && !joinDataParallelJob(job, error))
    return fail(error);
  if (flags.emulatedNetworkGbit > 0)
    emulateNetwork(job, flags.emulatedNetworkGbit);
  // Evaluating needs no collective: the chief does it alone.
  if (flags.evalOnly && !job.chief())
    return 0;
  Dataset train, test;
  bool idxTraining = !flags.evalOnly && flags.trainData.empty();
  if ((idxTraining &&
       !loadFashionMnist(flags.dataDir, "train", train, error)) ||
      !loadFashionMnist(flags.dataDir, "t10k", test, error))
    return fail(error + " (install Debian's dataset-fashion-mnist, or pass --data-dir)");
  Model model;
  if (!buildModel(flags.model, model, error))
    return fail(error);
  // Kiln's own autodiff form, as before; the TensorFlow form the .meta and
  // TensorBoard get trains as fast (kiln-train-bench mlp-tf against mlp).
  SessionOptions sessionOptions;
  sessionOptions.compile = flags.compile;
  sessionOptions.communicator = job.communicator;
  sessionOptions.allReduceBucketBytes =
      static_cast<size_t>(flags.allReduceBucketBytes);
  Session session(model.graph.toKilnGraphDef(), sessionOptions);
  std::vector<runtime::HostTensor> out;
  TrainingSummaries summaries;
  if (!flags.logDir.empty() && job.chief() &&
      !summaries.open(flags.logDir, model, error))
    return fail(error);

  std::unique_ptr<ckpt::CheckpointManager> manager;
  std::unique_ptr<ckpt::DirectoryLock> lock;
  std::string latest;
  if (!flags.checkpointDir.empty() && job.chief()) {
    if (!flags.evalOnly) {
      int removed = 0;
      runtime::io::Status locked =
          ckpt::DirectoryLock::acquire(flags.checkpointDir, lock, &removed);
      if (!locked.ok())
        return fail(locked.message());
      if (removed > 0)
        std::printf("removed %d temporary file(s) a stopped run left in %s\n",
                    removed, flags.checkpointDir.c_str());
    }
    manager = std::make_unique<ckpt::CheckpointManager>(flags.checkpointDir);
    runtime::io::Status found =
        ckpt::latestCheckpoint(flags.checkpointDir, latest);
    // A state file naming a checkpoint that is gone must not restart
    // training from step 0 over the directory.
    ckpt::CheckpointState state;
    if (!found.ok() &&
        ckpt::readCheckpointState(flags.checkpointDir, state).ok() &&
        !state.modelCheckpointPath.empty())
      return fail(
          flags.checkpointDir + "/checkpoint names " +
          state.modelCheckpointPath +
          ", which has no index file; restore it or remove the state file");
    if (found.ok()) {
      if (!restore(session, model, latest, error))
        return fail("restoring " + latest + ": " + error);
      std::printf("restored %s\n", latest.c_str());
    }
  }
  if (flags.evalOnly && latest.empty())
    return fail("no checkpoint in " + flags.checkpointDir);
  if (latest.empty() && !succeeded(session.run({}, {"^init"}, out), error))
    return fail(error);
  if (job.ranks > 1 && !flags.evalOnly) {
    std::vector<std::string> names;
    for (const graph::Variable &var : model.variables)
      names.push_back(var.name);
    if (!succeeded(session.broadcastVariables(names), error))
      return fail(error);
  }

  if (!flags.evalOnly) {
    InputSchedule schedule;
    schedule.batchSize = flags.batchSize;
    schedule.epochs = flags.epochs;
    schedule.firstStep = session.variable("global_step")->as<int64_t>()[0];
    schedule.seed = uint64_t(flags.model.seed);
    schedule.rank = job.rank;
    schedule.ranks = job.ranks;
    std::unique_ptr<TrainingInput> input =
        idxTraining ? inMemoryInput(std::move(train), schedule)
                    : streamedInput(flags.trainData, schedule, error);
    if (!input)
      return fail(error);
    if (input->examplesPerEpoch() < schedule.globalBatch())
      return fail(
          "--batch-size " + std::to_string(flags.batchSize) +
          (job.ranks > 1 ? " times " + std::to_string(job.ranks) + " ranks"
                         : std::string()) +
          " is larger than the " + std::to_string(input->examplesPerEpoch()) +
          " training examples");
    std::string meta;
    if (manager && flags.writeMeta && job.chief()) {
      tensorflow::MetaGraphDef metaGraph;
      graph::MetaGraphOptions options;
      options.trainOps = {"train"};
      if (!succeeded(graph::buildMetaGraphDef(model.graph, options, metaGraph),
                     error))
        return fail(error);
      meta = metaGraph.SerializeAsString();
    }
    if (!runTraining(session, model, *input, flags, test, manager.get(), meta,
                     summaries, error))
      return fail(error);
  }
  if (!job.chief())
    return 0;
  double accuracy = evaluate(session, test, error);
  if (accuracy < 0)
    return fail(error);
  if (summaries.enabled() && !summaries.close(error))
    return fail(error);
  std::printf("test accuracy: %.4f\n", accuracy);
  return 0;
}
