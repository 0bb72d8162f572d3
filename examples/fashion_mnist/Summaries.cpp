//===- Summaries.cpp - the trainer's TensorBoard logs ---------------------===//

#include "Summaries.h"

#include "kiln/runtime/summary/histogram.h"
#include "kiln/runtime/summary/image.h"
#include "kiln/runtime/summary/scalar.h"

namespace kiln::examples {

namespace summary = kiln::runtime::summary;

namespace {

bool check(const summary::Status &status, std::string &error) {
  if (!status.ok())
    error = status.message();
  return status.ok();
}

} // namespace

bool TrainingSummaries::open(const std::string &logDir, const Model &model,
                             std::string &error) {
  if (!check(summary::FileWriter::open(logDir + "/train", {}, train_), error) ||
      !check(summary::FileWriter::open(logDir + "/test", {}, test_), error))
    return false;
  // TensorBoard's graph is the one TensorFlow would run: its own gradient
  // ops, not KilnGradients.
  tensorflow::GraphDef graph;
  if (Status status = model.graph.toTensorFlowGraphDef(graph); !status.ok())
    return error = status.message(), false;
  return check(train_->addGraph(graph.SerializeAsString()), error);
}

bool TrainingSummaries::logTrainStep(int64_t step, float loss, double accuracy,
                                     const Session &session,
                                     const Model &model, const float *images,
                                     int64_t batch, std::string &error) {
  summary::Summary values;
  values.values.push_back(summary::scalarValue("loss", loss));
  values.values.push_back(summary::scalarValue("accuracy", accuracy));
  for (const graph::Variable &var : model.variables) {
    const runtime::HostTensor *value = session.variable(var.name);
    auto endsWith = [&](const std::string &suffix) {
      return var.name.size() > suffix.size() &&
             var.name.compare(var.name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    // The network's weights and biases, not optimizer slots or counters.
    if (!value || value->dtype != runtime::DType::F32 ||
        !(endsWith("/weights") || endsWith("/biases")))
      continue;
    summary::Histogram histogram;
    if (!check(histogram.add(value->as<float>(), value->elementCount(), var.name), error))
      return false;
    values.values.push_back(summary::histogramValue(var.name, histogram));
  }
  if (!check(summary::addImageValues("input", images, {batch, 28, 28, 1}, 3, values),
             error))
    return false;
  return check(train_->addSummary(values, step), error);
}

bool TrainingSummaries::logTestAccuracy(int64_t step, double accuracy,
                                        std::string &error) {
  return check(test_->addSummary(summary::scalarSummary("accuracy", accuracy), step),
               error);
}

bool TrainingSummaries::close(std::string &error) {
  return check(train_->close(), error) && check(test_->close(), error);
}

} // namespace kiln::examples
