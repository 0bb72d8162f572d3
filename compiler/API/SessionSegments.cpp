//===- SessionSegments.cpp - the first half of a split step, compiled -----===//
//
// The first half of a data-parallel step (what the all-reduces take, and
// the caller's fetches that do not depend on them) is imported, its
// gradients expanded, and split by kiln-split-step into one segment per
// gradient bucket. Each segment compiles to its own executable, so the
// session can sum one bucket across ranks while the next segment runs.
//===----------------------------------------------------------------------===//

#include "compiler/API/ErrorCollector.h"
#include "compiler/API/SessionSplitPlan.h"
#include "compiler/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include <algorithm>

using namespace mlir;

namespace kiln {

namespace {

constexpr llvm::StringLiteral kCutPrefix = "kiln_cut_";

/// The segment functions kiln-split-step made of `entry`, in run order.
std::vector<func::FuncOp> segmentsOf(ModuleOp module, llvm::StringRef entry) {
  std::vector<func::FuncOp> segments;
  while (auto segment = module.lookupSymbol<func::FuncOp>(
             (entry + "_segment" + llvm::Twine(segments.size())).str()))
    segments.push_back(segment);
  return segments;
}

size_t cutIndex(llvm::StringRef name) {
  size_t index = 0;
  name.drop_front(kCutPrefix.size()).getAsInteger(10, index);
  return index;
}

/// `tensor` shaped and sized for `signature`.
void allocateFor(const TensorSignature &signature,
                 runtime::HostTensor &tensor) {
  tensor.dtype = signature.dtype;
  tensor.shape = signature.shape;
  tensor.data.resize(tensor.elementCount() * runtime::dtypeSize(tensor.dtype));
}

} // namespace

Status Session::compileFirstHalf(const SplitPlan &plan,
                                 const std::vector<TensorView> &feeds,
                                 FirstHalf &half) {
  MLIRContext &ctx = half.context;
  ImportOptions options;
  std::vector<NamedTensor> signatures;
  for (const TensorView &feed : feeds) {
    options.feeds.push_back(feed.name);
    options.feedShapes[feed.name] = feed.shape;
    signatures.push_back({feed.name, {feed.dtype, feed.shape, {}}});
  }
  options.fetches = plan.firstFetches;
  StatusOr<OwningOpRef<ModuleOp>> imported = import_(options, ctx);
  if (!imported.ok())
    return imported.status();
  ModuleOp module = **imported;
  KILN_RETURN_IF_ERROR(specializeToFeeds(module, signatures));

  std::string entry = entryFunctionName(module);
  {
    ErrorCollector errors(&ctx);
    PassManager pm(&ctx);
    pm.addNestedPass<func::FuncOp>(createExpandGradientsPass());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    SplitStepPassOptions split;
    split.entry = entry;
    split.keepResults = static_cast<unsigned>(plan.callerOutputsFirst);
    split.bucketBytes = static_cast<int64_t>(options_.allReduceBucketBytes);
    pm.addPass(createSplitStepPass(split));
    if (failed(pm.run(module)))
      return invalidArgument(
          errors.message("cannot split the step at its all-reduces"));
  }

  std::vector<std::string> resultNames = resultFetches(plan.firstFetches);
  std::vector<func::FuncOp> functions = segmentsOf(module, entry);
  std::vector<size_t> gradientElements(plan.reducedNames.size(), 0);
  half.gradientShape.assign(plan.reducedNames.size(), {});
  for (func::FuncOp function : functions) {
    FirstHalf::Segment segment;
    std::vector<std::string> outputNames;
    for (unsigned i = 0; i < function.getNumResults(); ++i) {
      if (auto cut = function.getResultAttrOfType<StringAttr>(i, "kiln.cut")) {
        outputNames.push_back(cut.str());
        segment.outputs.push_back(
            {FirstHalf::Segment::Target::Cut, cutIndex(cut.getValue())});
        continue;
      }
      auto result =
          function.getResultAttrOfType<IntegerAttr>(i, "kiln.split_result");
      size_t index = result.getInt();
      outputNames.push_back(resultNames[index]);
      if (index < plan.callerOutputsFirst)
        segment.outputs.push_back({FirstHalf::Segment::Target::Caller, index});
      else
        segment.outputs.push_back({FirstHalf::Segment::Target::Gradient,
                                   index - plan.callerOutputsFirst});
    }

    // Each segment compiles alone: the others leave its copy of the module.
    OwningOpRef<ModuleOp> copy = module.clone();
    for (func::FuncOp other : segmentsOf(*copy, entry)) {
      if (other.getSymName() != function.getSymName()) {
        other.erase();
        continue;
      }
      // The plan is read; the step's results become out-parameters,
      // which carry no such marks.
      for (unsigned i = 0; i < other.getNumResults(); ++i) {
        other.removeResultAttr(i, StringAttr::get(&ctx, "kiln.cut"));
        other.removeResultAttr(i, StringAttr::get(&ctx, "kiln.split_result"));
      }
    }
    StatusOr<std::unique_ptr<JitExecutable>> executable =
        JitExecutable::compile(*copy, function.getSymName(), options_.compile,
                               outputNames);
    if (!executable.ok())
      return executable.status();
    segment.executable = std::move(*executable);

    for (const TensorSignature &input : segment.executable->inputs()) {
      if (input.variable) {
        segment.inputs.push_back({FirstHalf::Segment::Source::Variable, 0});
      } else if (llvm::StringRef(input.name).starts_with(kCutPrefix)) {
        segment.inputs.push_back(
            {FirstHalf::Segment::Source::Cut, cutIndex(input.name)});
      } else {
        auto fed = std::find_if(
            feeds.begin(), feeds.end(),
            [&](const TensorView &feed) { return feed.name == input.name; });
        if (fed == feeds.end())
          return Status(StatusCode::Internal,
                        "segment input '" + input.name + "' is not fed");
        segment.inputs.push_back(
            {FirstHalf::Segment::Source::Feed, size_t(fed - feeds.begin())});
      }
    }
    segment.variableStorage.assign(segment.inputs.size(), nullptr);

    const std::vector<TensorSignature> &outputs = segment.executable->outputs();
    for (auto [i, target] : llvm::enumerate(segment.outputs)) {
      auto [kind, index] = target;
      if (kind == FirstHalf::Segment::Target::Gradient) {
        if (outputs[i].dtype != runtime::DType::F32)
          return invalidArgument("all-reduce input '" + outputs[i].name +
                                 "' is " +
                                 runtime::dtypeName(outputs[i].dtype) +
                                 "; kiln averages f32 tensors only");
        half.gradientShape[index] = outputs[i].shape;
        gradientElements[index] = static_cast<size_t>(runtime::HostTensor{
            outputs[i].dtype, outputs[i].shape, {}}.elementCount());
        continue;
      }
      std::vector<runtime::HostTensor> &storage =
          kind == FirstHalf::Segment::Target::Caller ? half.callerOutputs
                                                     : half.cuts;
      if (storage.size() <= index)
        storage.resize(index + 1);
      allocateFor(outputs[i], storage[index]);
    }
    half.segments.push_back(std::move(segment));
  }

  int64_t arenaBytes = 0;
  for (const FirstHalf::Segment &segment : half.segments)
    arenaBytes = std::max(arenaBytes, segment.executable->arenaBytes());
  if (arenaBytes > 0)
    KILN_RETURN_IF_ERROR(allocateStepArena(arenaBytes, half.arena));

  // Each segment's gradients are one contiguous bucket of the flat buffer.
  half.gradientOffset.assign(plan.reducedNames.size(), 0);
  for (FirstHalf::Segment &segment : half.segments) {
    segment.bucketBegin = half.reduceElements;
    for (auto [kind, index] : segment.outputs)
      if (kind == FirstHalf::Segment::Target::Gradient) {
        half.gradientOffset[index] = half.reduceElements;
        half.reduceElements += gradientElements[index];
      }
    segment.bucketCount = half.reduceElements - segment.bucketBegin;
  }
  return Status();
}

Status Session::bindFirstHalfVariables(FirstHalf &half) {
  for (FirstHalf::Segment &segment : half.segments)
    KILN_RETURN_IF_ERROR(
        bindVariableInputs(*segment.executable, segment.variableStorage));
  half.variablesBound = true;
  return Status();
}

} // namespace kiln
