//===- SessionAllReduce.cpp - steps split at the graph's all-reduces ------===//
//
// A data-parallel train step is two compiled steps and one collective:
// the first computes what the KilnAllReduce nodes take (the gradients) and
// every fetch that does not depend on their results (the loss); the
// session sums all of them across ranks in one MPI_Allreduce over a flat
// buffer (Horovod's tensor fusion, with one bucket) and divides by the
// rank count; the second step is fed the averages in place of the
// all-reduce nodes' outputs and runs the rest (the updates). Variables are
// shared by both halves through the session's variable store.
//===----------------------------------------------------------------------===//

#include "compiler/API/Session.h"
#include "compiler/API/SessionSplitPlan.h"

#include <algorithm>
#include <chrono>
#include <cstring>
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

const Session::SplitPlan *
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
Status Session::runSplit(const SplitPlan &plan, const std::vector<Feed> &feeds,
                         std::vector<runtime::HostTensor> &outputs) {
  std::vector<TensorView> views;
  for (const Feed &feed : feeds)
    views.push_back(viewOf(feed));
  // The halves' outputs persist across steps: the gradients' buffers are
  // reused instead of allocated (and page-faulted) anew every step.
  std::vector<runtime::HostTensor> &first = splitOutputs_[0];
  KILN_RETURN_IF_ERROR(runCompiled(views, plan.firstFetches, first));

  size_t elements = 0;
  for (size_t k = 0; k < plan.reducedNames.size(); ++k) {
    const runtime::HostTensor &value = first[plan.callerOutputsFirst + k];
    if (value.dtype != runtime::DType::F32)
      return invalidArgument("all-reduce input '" +
                             plan.firstFetches[plan.firstFetches.size() -
                                               plan.reducedNames.size() + k] +
                             "' is " + runtime::dtypeName(value.dtype) +
                             "; kiln averages float32 tensors only");
    elements += value.data.size() / sizeof(float);
  }
  reduceBuffer_.resize(elements);
  size_t at = 0;
  for (size_t k = 0; k < plan.reducedNames.size(); ++k) {
    const runtime::HostTensor &value = first[plan.callerOutputsFirst + k];
    std::memcpy(reduceBuffer_.data() + at, value.data.data(),
                value.data.size());
    at += value.data.size() / sizeof(float);
  }
  runtime::parallel::Communicator &communicator = *options_.communicator;
  auto start = std::chrono::steady_clock::now();
  KILN_RETURN_IF_ERROR(
      communicator.allReduceSum(reduceBuffer_.data(), reduceBuffer_.size()));
  allReduceSeconds_ +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  float scale = 1.0f / float(communicator.size());
  for (float &value : reduceBuffer_)
    value *= scale;

  at = 0;
  for (size_t k = 0; k < plan.reducedNames.size(); ++k) {
    const runtime::HostTensor &value = first[plan.callerOutputsFirst + k];
    views.push_back({plan.reducedNames[k], runtime::DType::F32, value.shape,
                     reduceBuffer_.data() + at});
    at += value.data.size() / sizeof(float);
  }
  std::vector<runtime::HostTensor> &second = splitOutputs_[1];
  KILN_RETURN_IF_ERROR(runCompiled(views, plan.secondFetches, second));

  outputs.clear();
  for (const auto &[late, position] : plan.outputSource)
    outputs.push_back(late ? second[position] : first[position]);
  return Status();
}

template Status Session::runSplit(const SplitPlan &,
                                  const std::vector<NamedTensor> &,
                                  std::vector<runtime::HostTensor> &);
template Status Session::runSplit(const SplitPlan &,
                                  const std::vector<TensorView> &,
                                  std::vector<runtime::HostTensor> &);

Status Session::broadcastVariables(const std::vector<std::string> &names) {
  if (!options_.communicator || options_.communicator->size() < 2)
    return Status();
  for (const std::string &name : names) {
    runtime::HostTensor *value = variables_.findMutable(name);
    if (!value)
      return Status(StatusCode::FailedPrecondition,
                    "cannot broadcast variable '" + name +
                        "': no step has assigned it yet");
    KILN_RETURN_IF_ERROR(options_.communicator->broadcast(
        value->data.data(), value->data.size(), /*root=*/0));
  }
  return Status();
}

} // namespace kiln
