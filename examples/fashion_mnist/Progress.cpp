//===- Progress.cpp - a training progress bar, or plain lines -------------===//

#include "Progress.h"

#include "tools/Formatted.h"

#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

namespace kiln::examples {

namespace {

/// The terminal's width: the window size, else $COLUMNS, else 80.
int terminalColumns(std::FILE *out) {
  struct winsize size {};
  if (ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  if (const char *columns = std::getenv("COLUMNS"))
    if (int value = std::atoi(columns); value > 0)
      return value;
  return 80;
}

} // namespace

ProgressStyle progressStyleFor(std::FILE *out, bool quiet) {
  if (quiet)
    return ProgressStyle::Quiet;
  return isatty(fileno(out)) ? ProgressStyle::Bar : ProgressStyle::Lines;
}

Progress::Progress(int64_t totalSteps, int64_t batchSize, ProgressStyle style,
                   std::FILE *out, int64_t lineEvery)
    : totalSteps(totalSteps), batchSize(batchSize), lineEvery(lineEvery),
      style(style), out(out), start(std::chrono::steady_clock::now()) {}

std::pair<double, double> Progress::speed(int64_t step) const {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double rate = seconds > 0 ? step * batchSize / seconds : 0;
  double eta = step > 0 ? seconds * (totalSteps - step) / step : 0;
  return {rate, eta};
}

std::string Progress::plainLine(int64_t step, float loss) const {
  auto [rate, eta] = speed(step);
  return tools::formatted(
      "step %lld/%lld  %.0f examples/s  loss %.4f  ETA %.0fs", (long long)step,
      (long long)totalSteps, rate, loss, eta);
}

std::string Progress::barLine(int64_t step, float loss, int columns) const {
  auto [rate, eta] = speed(step);
  size_t room = columns > 1 ? size_t(columns - 1) : 0;
  std::string counter = tools::formatted("step %lld/%lld", (long long)step,
                                         (long long)totalSteps);
  std::string lossText = tools::formatted("loss %.4f", loss);
  std::string etaText = tools::formatted("ETA %.0fs", eta);
  std::string rateText = tools::formatted("%.0f examples/s", rate);
  const std::string candidates[] = {
      counter + "  " + rateText + "  " + lossText + "  " + etaText,
      counter + "  " + lossText + "  " + etaText,
      counter + "  " + lossText,
  };
  std::string text = candidates[2];
  for (const std::string &candidate : candidates)
    if (candidate.size() <= room) {
      text = candidate;
      break;
    }
  // "[####....] " before the text when at least ten cells fit.
  constexpr size_t kMaxBar = 30, kMinBar = 10;
  if (text.size() + kMinBar + 3 <= room && totalSteps > 0) {
    size_t cells = std::min(kMaxBar, room - text.size() - 3);
    size_t filled = size_t(cells * std::min(step, totalSteps) / totalSteps);
    text = "[" + std::string(filled, '#') + std::string(cells - filled, '.') +
           "] " + text;
  }
  if (text.size() > room)
    text.resize(room);
  return text;
}

void Progress::redraw() {
  std::string text = barLine(lastStep, lastLoss, terminalColumns(out));
  // Blank what a longer previous bar left behind.
  size_t width = text.size();
  if (text.size() < shown)
    text.append(shown - text.size(), ' ');
  std::fprintf(out, "\r%s", text.c_str());
  std::fflush(out);
  shown = width;
}

void Progress::update(int64_t step, float loss) {
  lastStep = step;
  lastLoss = loss;
  if (style == ProgressStyle::Bar) {
    redraw();
  } else if (style == ProgressStyle::Lines && step % lineEvery == 0) {
    std::fprintf(out, "%s\n", plainLine(step, loss).c_str());
    std::fflush(out);
  }
}

void Progress::message(const std::string &text) {
  if (style == ProgressStyle::Bar && shown > 0) {
    std::string padded = text;
    if (padded.size() < shown)
      padded.append(shown - padded.size(), ' ');
    std::fprintf(out, "\r%s\n", padded.c_str());
    shown = 0;
    redraw();
    return;
  }
  std::fprintf(out, "%s\n", text.c_str());
  std::fflush(out);
}

void Progress::finish() {
  if (style == ProgressStyle::Bar && shown > 0)
    std::fputs("\n", out);
  else if (style == ProgressStyle::Lines && lastStep % lineEvery != 0)
    std::fprintf(out, "%s\n", plainLine(lastStep, lastLoss).c_str());
  shown = 0;
  std::fflush(out);
}

} // namespace kiln::examples
