//===- event.h - the Event records of a TensorBoard event file ------------===//
//
// An event file is a TFRecord file of serialized Event messages (event.proto,
// FACTS.md section 3.3): first Event{wall_time, file_version
// "brain.Event:2"}, then events carrying a Summary at a step, or the model's
// GraphDef. Kiln models the three it writes; any other payload (session log,
// run metadata, ...) parses as `Other` so readers can skip it.
//
// Thread-safety: plain values and pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SUMMARY_EVENT_H
#define KILN_RUNTIME_SUMMARY_EVENT_H

#include "kiln/runtime/summary/summary.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln::runtime::summary {

/// The file_version of the first event; TensorBoard checks the prefix.
inline constexpr const char *kEventFileVersion = "brain.Event:2";

struct Event {
  enum class Kind { None, FileVersion, GraphDef, Summary, Other };

  double wallTime = 0; // seconds since the epoch
  int64_t step = 0;
  Kind kind = Kind::None;
  std::string fileVersion;
  std::string graphDef; // serialized GraphDef bytes
  summary::Summary summary;
};

/// Event builders; `wallTime` in seconds since the epoch.
Event fileVersionEvent(double wallTime);
Event summaryEvent(double wallTime, int64_t step, Summary summary);
Event graphEvent(double wallTime, std::string graphDefBytes);

/// Serializes `event` in ascending field order.
std::string encodeEvent(const Event &event);
/// Parses serialized bytes; malformed input is DataLoss naming the offset.
Status parseEvent(std::string_view bytes, Event &out);

/// The current time as a double, for wall_time.
double wallTimeNow();

} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SUMMARY_EVENT_H
