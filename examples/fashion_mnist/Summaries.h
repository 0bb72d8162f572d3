//===- Summaries.h - the trainer's TensorBoard logs -------------*- C++ -*-===//
#ifndef KILN_EXAMPLES_FASHION_MNIST_SUMMARIES_H
#define KILN_EXAMPLES_FASHION_MNIST_SUMMARIES_H

#include "Model.h"

#include "compiler/API/Session.h"
#include "kiln/runtime/summary/file_writer.h"

#include <memory>
#include <string>

namespace kiln::examples {

/// Like the seed's mnist_with_summaries: DIR/train gets the graph, the loss
/// and batch accuracy, histograms of every weight and bias and a few
/// input images; DIR/test gets the test accuracy.
class TrainingSummaries {
public:
  /// Opens both writers; false with `error` when DIR cannot be written.
  bool open(const std::string &logDir, const Model &model, std::string &error);
  bool enabled() const { return train_ != nullptr; }

  bool logTrainStep(int64_t step, float loss, double accuracy, const Session &session,
                    const Model &model, const float *images, int64_t batch,
                    std::string &error);
  bool logTestAccuracy(int64_t step, double accuracy, std::string &error);
  bool close(std::string &error);

private:
  std::unique_ptr<runtime::summary::FileWriter> train_, test_;
};

} // namespace kiln::examples

#endif // KILN_EXAMPLES_FASHION_MNIST_SUMMARIES_H
