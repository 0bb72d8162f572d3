//===- Progress.h - a training progress bar, or plain lines -----*- C++ -*-===//
#ifndef KILN_EXAMPLES_FASHION_MNIST_PROGRESS_H
#define KILN_EXAMPLES_FASHION_MNIST_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <string>

namespace kiln::examples {

/// On a terminal, one bar rewritten in place (step, examples/s, loss,
/// ETA); otherwise a plain line every `lineEvery` steps and at the end, so
/// logs stay readable.
class Progress {
public:
  Progress(int64_t totalSteps, int64_t batchSize, int64_t lineEvery = 100);
  void update(int64_t step, float loss);
  void finish();

private:
  std::string line(int64_t step, float loss) const;

  int64_t totalSteps, batchSize, lineEvery;
  bool terminal;
  std::chrono::steady_clock::time_point start;
  int64_t lastStep = 0;
  float lastLoss = 0;
};

} // namespace kiln::examples

#endif // KILN_EXAMPLES_FASHION_MNIST_PROGRESS_H
