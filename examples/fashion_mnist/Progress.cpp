//===- Progress.cpp - a training progress bar, or plain lines -------------===//

#include "Progress.h"

#include <cstdio>
#include <unistd.h>

namespace kiln::examples {

Progress::Progress(int64_t totalSteps, int64_t batchSize, int64_t lineEvery)
    : totalSteps(totalSteps), batchSize(batchSize), lineEvery(lineEvery),
      terminal(isatty(fileno(stdout))), start(std::chrono::steady_clock::now()) {}

std::string Progress::line(int64_t step, float loss) const {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double rate = seconds > 0 ? step * batchSize / seconds : 0;
  double eta = step > 0 ? seconds * (totalSteps - step) / step : 0;
  char text[160];
  if (totalSteps <= 0) { // an input of unknown length: no bar, no ETA
    std::snprintf(text, sizeof text, "%sstep %lld  %.0f examples/s  loss %.4f%s",
                  terminal ? "\r" : "", (long long)step, rate, loss,
                  terminal ? "  " : "\n");
  } else if (terminal) {
    int filled = totalSteps ? int(30 * step / totalSteps) : 30;
    std::string bar(filled, '#');
    bar.resize(30, '.');
    std::snprintf(text, sizeof text,
                  "\r[%s] step %lld/%lld  %.0f examples/s  loss %.4f  ETA %.0fs  ",
                  bar.c_str(), (long long)step, (long long)totalSteps, rate, loss, eta);
  } else {
    std::snprintf(text, sizeof text,
                  "step %lld/%lld  %.0f examples/s  loss %.4f  ETA %.0fs\n",
                  (long long)step, (long long)totalSteps, rate, loss, eta);
  }
  return text;
}

void Progress::update(int64_t step, float loss) {
  lastStep = step;
  lastLoss = loss;
  if (terminal || step % lineEvery == 0) {
    std::fputs(line(step, loss).c_str(), stdout);
    std::fflush(stdout);
  }
}

void Progress::finish() {
  if (terminal)
    std::fputs("\n", stdout);
  else if (lastStep % lineEvery != 0)
    std::fputs(line(lastStep, lastLoss).c_str(), stdout);
  std::fflush(stdout);
}

} // namespace kiln::examples
