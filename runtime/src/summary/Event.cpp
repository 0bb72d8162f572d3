//===- Event.cpp - Event messages -----------------------------------------===//
//
// Field numbers: ../shared/formats/FACTS.md section 3.3.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/summary/event.h"

#include "WireHelpers.h"

#include <chrono>

namespace kiln::runtime::summary {

using io::WireField;
using io::WireReader;
using io::WireType;
using io::WireWriter;

namespace {
constexpr uint32_t kWallTime = 1, kStep = 2, kFileVersion = 3, kGraphDef = 4,
                   kSummary = 5;
} // namespace

Event fileVersionEvent(double wallTime) {
  Event event;
  event.wallTime = wallTime;
  event.kind = Event::Kind::FileVersion;
  event.fileVersion = kEventFileVersion;
  return event;
}

Event summaryEvent(double wallTime, int64_t step, Summary summary) {
  Event event;
  event.wallTime = wallTime;
  event.step = step;
  event.kind = Event::Kind::Summary;
  event.summary = std::move(summary);
  return event;
}

Event graphEvent(double wallTime, std::string graphDefBytes) {
  Event event;
  event.wallTime = wallTime;
  event.kind = Event::Kind::GraphDef;
  event.graphDef = std::move(graphDefBytes);
  return event;
}

std::string encodeEvent(const Event &event) {
  std::string out;
  WireWriter writer(out);
  if (!detail::isDefaultDouble(event.wallTime))
    writer.doubleField(kWallTime, event.wallTime);
  if (event.step != 0)
    writer.int64Field(kStep, event.step);
  // Members of the `what` oneof are written even when empty.
  switch (event.kind) {
  case Event::Kind::FileVersion:
    writer.bytesField(kFileVersion, event.fileVersion);
    break;
  case Event::Kind::GraphDef:
    writer.bytesField(kGraphDef, event.graphDef);
    break;
  case Event::Kind::Summary:
    writer.bytesField(kSummary, encodeSummary(event.summary));
    break;
  case Event::Kind::None:
  case Event::Kind::Other:
    break;
  }
  return out;
}

Status parseEvent(std::string_view bytes, Event &out) {
  out = Event();
  WireReader reader(bytes);
  WireField field;
  while (reader.next(field)) {
    bool nested = field.type == WireType::LengthDelimited;
    if (field.number == kWallTime && field.type == WireType::Fixed64) {
      out.wallTime = detail::bitsToDouble(field.integer);
    } else if (field.number == kStep && field.type == WireType::Varint) {
      out.step = static_cast<int64_t>(field.integer);
    } else if (field.number == kFileVersion && nested) {
      out.kind = Event::Kind::FileVersion;
      out.fileVersion.assign(field.bytes);
    } else if (field.number == kGraphDef && nested) {
      out.kind = Event::Kind::GraphDef;
      out.graphDef.assign(field.bytes);
    } else if (field.number == kSummary && nested) {
      out.kind = Event::Kind::Summary;
      KILN_IO_RETURN_IF_ERROR(detail::parseSummaryAt(
          field.bytes, detail::payloadOffset(reader, field), out.summary));
    } else if (field.number >= 6 && field.number <= 9) {
      // log_message, session_log, tagged_run_metadata, meta_graph_def.
      out.kind = Event::Kind::Other;
    }
  }
  if (!reader.error().empty())
    return detail::malformed("Event", reader.error());
  return Status();
}

double wallTimeNow() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

} // namespace kiln::runtime::summary
