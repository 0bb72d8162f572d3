//===- SessionAllReduce.cpp - steps split at the graph's all-reduces ------===//
//
// A data-parallel train step is two compiled halves and the collectives
// between them: the first half computes what the KilnAllReduce nodes take
// (the gradients) and every fetch that does not depend on their results
// (the loss), writing the gradients straight into one flat buffer; the
// session sums the buffer across ranks and divides by the rank count; the
// second half is fed the averages in place of the all-reduce nodes'
// outputs and runs the rest (the updates). The first half runs as one
// compiled segment per gradient bucket (SessionSegments.cpp): each
// bucket but the last is summed on the session's reduction thread while
// the next segment runs (Horovod's tensor fusion and overlap). Variables
// are shared by all the steps through the session's variable store.
//===----------------------------------------------------------------------===//

#include "compiler/API/ReductionThread.h"
#include "compiler/API/Session.h"
#include "compiler/API/SessionSplitPlan.h"

#include <chrono>
#include <set>
#include <unordered_map>

namespace kiln {

namespace {

std::string nodeOf(const std::string &tensor) {
  size_t start = !tensor.empty() && tensor[0] == '^' ? 1 : 0;
  size_t colon = tensor.rfind(':');
  if (colon == std::string::npos || colon < start)
    return tensor.substr(start);
  return tensor.substr(start, colon - start);
}

/// The all-reduce nodes `fetch` depends on, through data and control edges.
std::set<std::string> allReducesReached(
    const std::string &fetch,
    const std::unordered_map<std::string, const tensorflow::NodeDef *> &nodes) {
  std::set<std::string> found, seen;
  std::vector<std::string> stack = {nodeOf(fetch)};
  while (!stack.empty()) {
    std::string name = std::move(stack.back());
    stack.pop_back();
    if (!seen.insert(name).second)
      continue;
    auto it = nodes.find(name);
    if (it == nodes.end())
      continue; // the compile of the step reports unknown names
    if (it->second->op() == "KilnAllReduce") {
      found.insert(name);
      continue; // what lies behind it is the first half's business
    }
    for (const std::string &input : it->second->input())
      stack.push_back(nodeOf(input));
  }
  return found;
}

TensorView viewOf(const NamedTensor &feed) {
  return {feed.name, feed.tensor.dtype, feed.tensor.shape,
          feed.tensor.data.data()};
}
TensorView viewOf(const TensorView &feed) { return feed; }

} // namespace

Session::SplitPlan *
Session::splitPlanFor(const std::vector<std::string> &fetches) {
  std::string key;
  for (const std::string &fetch : fetches)
    key += fetch + ";";
  auto cached = splitPlans_.find(key);
  if (cached != splitPlans_.end())
    return cached->second.get();

  std::unordered_map<std::string, const tensorflow::NodeDef *> nodes;
  for (const tensorflow::NodeDef &node : graph_->node())
    nodes[node.name()] = &node;
  auto plan = std::make_unique<SplitPlan>();
  std::set<std::string> reduces;
  std::vector<bool> late(fetches.size());
  for (size_t i = 0; i < fetches.size(); ++i) {
    std::set<std::string> reached = allReducesReached(fetches[i], nodes);
    late[i] = !reached.empty();
    reduces.insert(reached.begin(), reached.end());
  }
  if (reduces.empty()) {
    splitPlans_[key] = nullptr;
    return nullptr;
  }
  size_t firstOutputs = 0, secondOutputs = 0;
  for (size_t i = 0; i < fetches.size(); ++i) {
    bool target = fetches[i].rfind('^', 0) == 0;
    (late[i] ? plan->secondFetches : plan->firstFetches).push_back(fetches[i]);
    if (!target)
      plan->outputSource.emplace_back(late[i], late[i] ? secondOutputs++
                                                       : firstOutputs++);
  }
  plan->callerOutputsFirst = firstOutputs;
  for (const std::string &name : reduces) {
    int output = 0;
    for (const std::string &input : nodes.at(name)->input()) {
      if (input.rfind('^', 0) == 0)
        continue;
      plan->firstFetches.push_back(input);
      plan->reducedNames.push_back(
          output == 0 ? name : name + ":" + std::to_string(output));
      ++output;
    }
  }
  return (splitPlans_[key] = std::move(plan)).get();
}

template <typename Feed>
Status Session::runSplit(SplitPlan &plan, const std::vector<Feed> &feeds,
                         std::vector<runtime::HostTensor> &outputs) {
  std::vector<TensorView> views;
  for (const Feed &feed : feeds)
    views.push_back(viewOf(feed));
  std::unique_ptr<FirstHalf> &half = plan.firstHalves[feedSignatureKey(views)];
  if (!half) {
    auto compiled = std::make_unique<FirstHalf>();
    KILN_RETURN_IF_ERROR(compileFirstHalf(plan, views, *compiled));
    half = std::move(compiled);
  }
  if (!half->variablesBound)
    KILN_RETURN_IF_ERROR(bindFirstHalfVariables(*half));
  KILN_RETURN_IF_ERROR(runFirstHalf(*half, views));

  float scale = 1.0f / float(options_.communicator->size());
  for (float &value : reduceBuffer_)
    value *= scale;
  for (size_t k = 0; k < plan.reducedNames.size(); ++k) {
    views.push_back({plan.reducedNames[k], runtime::DType::F32,
                     half->gradientShape[k],
                     reduceBuffer_.data() + half->gradientOffset[k]});
  }
  KILN_RETURN_IF_ERROR(runCompiled(views, plan.secondFetches, secondOutputs_));

  outputs.clear();
  for (const auto &[late, position] : plan.outputSource)
    outputs.push_back(late ? secondOutputs_[position]
                           : half->callerOutputs[position]);
  return Status();
}

template Status Session::runSplit(SplitPlan &, const std::vector<NamedTensor> &,
                                  std::vector<runtime::HostTensor> &);
template Status Session::runSplit(SplitPlan &, const std::vector<TensorView> &,
                                  std::vector<runtime::HostTensor> &);

Status Session::runFirstHalf(FirstHalf &half,
                             const std::vector<TensorView> &feeds) {
  using Segment = FirstHalf::Segment;
  runtime::parallel::Communicator &communicator = *options_.communicator;
  // One bucket has nothing to overlap with; a communicator bound to its
  // thread sums each bucket here, after its segment.
  bool background =
      half.segments.size() > 1 && communicator.callableFromAnyThread();
  if (background && !reductionThread_)
    reductionThread_ = std::make_unique<ReductionThread>(communicator);
  reduceBuffer_.resize(half.reduceElements);
  allReduceBuckets_ = half.segments.size();

  double waited = 0;
  auto timed = [&](const auto &reduce) {
    auto start = std::chrono::steady_clock::now();
    Status status = reduce();
    waited +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    return status;
  };
  Status status;
  std::vector<const void *> inputs;
  std::vector<void *> outputs;
  for (Segment &segment : half.segments) {
    inputs.clear();
    for (size_t i = 0; i < segment.inputs.size(); ++i) {
      auto [source, index] = segment.inputs[i];
      if (source == Segment::Source::Variable)
        inputs.push_back(segment.variableStorage[i]);
      else if (source == Segment::Source::Feed)
        inputs.push_back(feeds[index].data);
      else
        inputs.push_back(half.cuts[index].data.data());
    }
    outputs.clear();
    for (auto [target, index] : segment.outputs) {
      if (target == Segment::Target::Gradient)
        outputs.push_back(reduceBuffer_.data() + half.gradientOffset[index]);
      else if (target == Segment::Target::Caller)
        outputs.push_back(half.callerOutputs[index].data.data());
      else
        outputs.push_back(half.cuts[index].data.data());
    }
    status = segment.executable->runInArena(inputs, outputs, half.arena);
    if (!status.ok())
      break;
    float *bucket = reduceBuffer_.data() + segment.bucketBegin;
    bool last = &segment == &half.segments.back();
    if (background && !last) {
      reductionThread_->post(bucket, segment.bucketCount);
      continue;
    }
    // Nothing is left to overlap the last bucket with: it is summed here,
    // after the earlier ones (the order every rank shares), without
    // waking the thread once more.
    if (background)
      status = timed([&] { return reductionThread_->wait(); });
    if (status.ok())
      status = timed([&] {
        return communicator.allReduceSum(bucket, segment.bucketCount);
      });
  }
  // Whatever failed, the thread must be done with the buffers it sums.
  if (background) {
    Status reduced = timed([&] { return reductionThread_->wait(); });
    if (status.ok())
      status = reduced;
  }
  allReduceSeconds_ += waited;
  return status;
}

Status Session::broadcastVariables(const std::vector<std::string> &names) {
  if (!options_.communicator || options_.communicator->size() < 2)
    return Status();
  for (const std::string &name : names) {
    const runtime::HostTensor *held = variables_.find(name);
    if (!held)
      return Status(StatusCode::FailedPrecondition,
                    "cannot broadcast variable '" + name +
                        "': no step has assigned it yet");
    runtime::HostTensor value = *held;
    KILN_RETURN_IF_ERROR(options_.communicator->broadcast(
        value.data.data(), value.data.size(), /*root=*/0));
    KILN_RETURN_IF_ERROR(variables_.assign(name, std::move(value)));
  }
  return Status();
}

} // namespace kiln
