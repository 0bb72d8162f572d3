//===- Progress.h - a training progress bar, or plain lines -----*- C++ -*-===//
#ifndef KILN_EXAMPLES_FASHION_MNIST_PROGRESS_H
#define KILN_EXAMPLES_FASHION_MNIST_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

namespace kiln::examples {

/// How training progress is shown.
enum class ProgressStyle {
  /// One line redrawn in place, never wider than the terminal.
  Bar,
  /// A plain line every `lineEvery` steps and at the end, for logs.
  Lines,
  /// Nothing.
  Quiet,
};

/// Bar when `out` is a terminal, Lines otherwise; Quiet when asked.
ProgressStyle progressStyleFor(std::FILE *out, bool quiet);

/// Step, examples/s, loss and the time left. Messages (`saved ...`) go on
/// their own line; a bar is redrawn under them.
class Progress {
public:
  Progress(int64_t totalSteps, int64_t batchSize, ProgressStyle style,
           std::FILE *out = stdout, int64_t lineEvery = 100);
  void update(int64_t step, float loss);
  void message(const std::string &text);
  void finish();

  /// The bar for a terminal `columns` wide: the most that fits in
  /// columns - 1 characters (a line that fills the last column wraps on
  /// some terminals), dropping the bar itself, then the rate, then the
  /// time left, before cutting. Public for tests.
  std::string barLine(int64_t step, float loss, int columns) const;

private:
  /// Examples per second so far and the seconds left.
  std::pair<double, double> speed(int64_t step) const;
  std::string plainLine(int64_t step, float loss) const;
  void redraw();

  int64_t totalSteps, batchSize, lineEvery;
  ProgressStyle style;
  std::FILE *out;
  std::chrono::steady_clock::time_point start;
  int64_t lastStep = 0;
  float lastLoss = 0;
  /// Characters of the bar now on screen, to blank before a message.
  size_t shown = 0;
};

} // namespace kiln::examples

#endif // KILN_EXAMPLES_FASHION_MNIST_PROGRESS_H
