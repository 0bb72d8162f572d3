//===- main.cpp - kiln-run: run a model on NumPy inputs -------------------===//

#include "Output.h"
#include "compiler/API/FineTuning.h"
#include "compiler/API/ModelRunner.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include "tools/CompilerToolSetup.h"
#include <algorithm>
#include <chrono>

namespace cl = llvm::cl;
using namespace kiln;

// --help lists these only, not the LLVM options linked in with them
// (those still parse, e.g. --x86-asm-syntax=intel).
static cl::OptionCategory runOptions("kiln-run options");

static cl::opt<std::string>
    modelPath(cl::Positional, cl::Required,
              cl::desc("MODEL (.pb, .pbtxt, .onnx or .mlir)"),
              cl::cat(runOptions));
static cl::list<std::string> feedArgs("feed",
                                      cl::desc("NAME=FILE.npy: a feed"),
                                      cl::cat(runOptions));
static cl::list<std::string> fetchArgs("fetch", cl::desc("NAME: a fetch"),
                                       cl::cat(runOptions));
static cl::list<std::string> outArgs("out",
                                     cl::desc("NAME=FILE.npy: write a fetch"),
                                     cl::cat(runOptions));
static cl::list<std::string> initTargets(
    "init",
    cl::desc("NODE: run this target first (e.g. init, the variables' "
             "initializer); variables it assigns stay for the fetches"),
    cl::cat(runOptions));
static cl::opt<std::string> restorePath(
    "restore",
    cl::desc("PREFIX or DIR: restore the variables from a TensorFlow "
             "checkpoint (DIR: its latest) after --init, before the fetches"),
    cl::cat(runOptions));
static cl::opt<std::string> savePath(
    "save",
    cl::desc("PREFIX: after the runs, write every variable as a TensorFlow "
             "checkpoint (PREFIX.index, PREFIX.data-00000-of-00001; "
             "atomically)"),
    cl::cat(runOptions));
static cl::opt<unsigned> steps(
    "steps", cl::init(1),
    cl::desc("N: run the fetches N times (training steps update the "
             "variables each time) and print the last run's outputs"),
    cl::cat(runOptions));
static cl::opt<std::string> trainLoss(
    "train-loss",
    cl::desc("KIND:OUTPUT[:LABELS]: fine-tune a model exported for inference "
             "(ONNX): its weights become variables, and each step computes "
             "the loss KIND (cross-entropy over logits OUTPUT [N, C] and "
             "int64 class labels [N], or mse against float targets) with "
             "the feed LABELS (default labels) and takes a gradient-descent "
             "step; fetch 'loss' for the loss before the update"),
    cl::cat(runOptions));
static cl::opt<double>
    learningRate("learning-rate", cl::init(0.01),
                 cl::desc("F: the gradient-descent step size of --train-loss"),
                 cl::cat(runOptions));
static cl::opt<unsigned> benchRuns("bench", cl::init(0),
                                   cl::desc("N: time N more runs after warm-up "
                                            "and print median_us"),
                                   cl::cat(runOptions));

// Help texts name the defaults the code uses.
static const std::string targetHelp =
    std::string("NAME[:CHIP] - the target the JIT compiles for (default ") +
    kDefaultTargetName + ": this machine's CPU)";
static cl::opt<std::string> target("target", cl::init(kDefaultTargetName),
                                   cl::desc(targetHelp), cl::cat(runOptions));
static cl::opt<bool> logPlacement("log-device-placement",
                                  cl::desc("print every op's device"),
                                  cl::cat(runOptions));
static cl::opt<bool> noSoftPlacement(
    "no-soft-placement",
    cl::desc("fail on ops without a kernel on their requested device"),
    cl::cat(runOptions));

static cl::opt<bool> gpuAllowGrowth(
    "gpu-allow-growth",
    cl::desc("take GPU memory as steps need it rather than all of "
             "--gpu-memory-fraction at once (TensorFlow's allow_growth)"),
    cl::cat(runOptions));
static cl::opt<double> gpuMemoryFraction(
    "gpu-memory-fraction", cl::init(1.0),
    cl::desc("F: use at most this fraction of the GPU's memory (TensorFlow's "
             "per_process_gpu_memory_fraction; default 1)"),
    cl::cat(runOptions));
static cl::opt<std::string>
    gpuDevices("gpu-devices",
               cl::desc("LIST: the GPUs this process sees, /device:GPU:0 first "
                        "(TensorFlow's visible_device_list, e.g. 1,0)"),
               cl::cat(runOptions));

static int fail(const std::string &message) {
  llvm::errs() << "kiln-run: " << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  kiln::tools::setUpCompilerTool("kiln-run");
  cl::HideUnrelatedOptions(runOptions);
  cl::ParseCommandLineOptions(argc, argv,
                              "kiln-run: compile a model with the JIT and run "
                              "it on NumPy .npy inputs\n");
  std::vector<NamedTensor> feeds;
  std::vector<std::string> feedNames,
      fetchNames(fetchArgs.begin(), fetchArgs.end());
  for (const std::string &arg : feedArgs) {
    size_t eq = arg.find('=');
    if (eq == std::string::npos)
      return fail("--feed expects NAME=FILE.npy, got '" + arg + "'");
    NamedTensor feed{arg.substr(0, eq), {}};
    if (Status status = runtime::readNpy(arg.substr(eq + 1), feed.tensor);
        !status.ok())
      return fail(status.message());
    feedNames.push_back(feed.name);
    feeds.push_back(std::move(feed));
  }
  if (steps == 0)
    return fail("--steps must be at least 1");
  CompileOptions options;
  std::optional<TargetSpec> spec = TargetSpec::parse(target);
  if (!spec)
    return fail("--target expects NAME[:CHIP], got '" + target + "'");
  options.target = *spec;
  options.softPlacement = !noSoftPlacement;
  options.logDevicePlacement = logPlacement;
  options.gpu.memory.allowGrowth = gpuAllowGrowth;
  options.gpu.memory.memoryFraction = gpuMemoryFraction;
  options.gpu.visibleDeviceList = gpuDevices;
  if (Status status = cuda::checkGpuSessionOptions(options.gpu); !status.ok())
    return fail(status.message());
  VariableStore variables;
  for (const std::string &initTarget : initTargets) {
    mlir::MLIRContext initCtx;
    std::vector<NamedTensor> noFeeds;
    std::vector<runtime::HostTensor> none;
    auto init = loadModel(modelPath, {}, {"^" + initTarget}, initCtx);
    if (!init.ok())
      return fail(init.status().message());
    auto step = compileModel(**init, options);
    Status status =
        step.ok() ? runModel(**step, noFeeds, none, &variables) : step.status();
    if (!status.ok())
      return fail("--init " + initTarget + ": " + status.message());
  }
  if (!restorePath.empty()) {
    std::string prefix;
    if (Status status = variables.restore(restorePath, prefix); !status.ok())
      return fail("--restore: " + status.message());
  }
  mlir::MLIRContext ctx;
  ImportOptions import;
  import.feeds = feedNames;
  import.fetches = fetchNames;
  for (const NamedTensor &feed : feeds)
    import.feedShapes[feed.name] = feed.tensor.shape;
  std::optional<FineTuneSpec> fineTune;
  if (!trainLoss.empty()) {
    auto spec = FineTuneSpec::parse(trainLoss);
    if (!spec.ok())
      return fail("--train-loss: " + spec.status().message());
    fineTune = *spec;
    fineTune->learningRate = learningRate;
    // The model computes its outputs; the labels and the loss are the
    // training step's.
    import.weightsAsVariables = true;
    llvm::erase(import.feeds, fineTune->labels);
    llvm::erase(import.fetches, "loss");
    if (!llvm::is_contained(import.fetches, fineTune->output))
      import.fetches.push_back(fineTune->output);
    if (fetchNames.empty())
      fetchNames.push_back("loss");
  }
  auto module = loadModel(modelPath, import, ctx);
  if (!module.ok())
    return fail(module.status().message());
  if (fineTune) {
    if (Status status =
            addTrainingStep(**module, *fineTune, import.fetches, fetchNames);
        !status.ok())
      return fail("--train-loss: " + status.message());
    // Weights restored from a checkpoint keep their restored values.
    if (Status status = seedInitialValues(**module, variables); !status.ok())
      return fail(status.message());
  }
  if (Status status = specializeToFeeds(**module, feeds); !status.ok())
    return fail(status.message());
  // Results are the fetches that are not ^targets, in order; a model whose
  // results are not named by fetches (a kiln module) keeps its own names.
  auto compiled = compileModel(**module, options, resultFetches(fetchNames));
  if (!compiled.ok())
    return fail(compiled.status().message());
  std::unique_ptr<JitExecutable> executable = std::move(*compiled);
  std::vector<runtime::HostTensor> outputs;
  std::vector<std::string> resultNames;
  for (const TensorSignature &output : executable->outputs())
    resultNames.push_back(output.name);
  for (const std::string &arg : outArgs) {
    size_t eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    if (eq == std::string::npos ||
        std::find(resultNames.begin(), resultNames.end(), name) ==
            resultNames.end()) {
      std::string known;
      for (const std::string &result : resultNames)
        known += (known.empty() ? "" : ", ") + result;
      return fail("--out " + arg + ": expected NAME=FILE.npy with NAME one of "
                  "the results (" + (known.empty() ? "none" : known) + ")");
    }
  }
  for (unsigned step = 0; step < steps; ++step)
    if (Status status = runModel(*executable, feeds, outputs, &variables);
        !status.ok())
      return fail(status.message());
  if (!savePath.empty())
    if (Status status = variables.save(savePath); !status.ok())
      return fail("--save: " + status.message());
  for (size_t i = 0; i < outputs.size(); ++i) {
    const std::string &name = resultNames[i];
    auto out = std::find_if(outArgs.begin(), outArgs.end(), [&](const std::string &a) {
      return a.rfind(name + "=", 0) == 0;
    });
    if (out != outArgs.end()) {
      if (Status status =
              runtime::writeNpy(out->substr(name.size() + 1), outputs[i]);
          !status.ok())
        return fail(status.message());
    } else {
      printTensor(llvm::outs(), name, outputs[i]);
    }
  }
  if (benchRuns > 0) {
    std::vector<double> times;
    for (unsigned i = 0; i < benchRuns; ++i) {
      auto start = std::chrono::steady_clock::now();
      if (Status status = runModel(*executable, feeds, outputs, &variables);
          !status.ok())
        return fail(status.message());
      times.push_back(std::chrono::duration<double, std::micro>(
                          std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    llvm::outs() << "median_us: " << times[times.size() / 2] << "\n";
  }
  return 0;
}
