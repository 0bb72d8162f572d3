//===- EventFileFuzzer.cpp - libFuzzer target: TensorBoard event files ---===//
//
// Even first byte: the rest is one serialized Event. Whatever parses must
// survive kiln's own round trip: encoding it and parsing that again gives
// the same encoding (summaries, histograms and images included). Odd: the
// rest, split on 0xff bytes, becomes the records of an event file written
// with valid framing (the CRCs a fuzzer could not guess) that
// readEventFile reads from memory; errors must name the file.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "MemoryFileSystem.h"

#include "kiln/runtime/io/record_writer.h"
#include "kiln/runtime/summary/event.h"
#include "kiln/runtime/summary/event_file_reader.h"

using namespace kiln;
using namespace kiln::runtime;

namespace {

void checkRoundTrip(const summary::Event &event) {
  std::string encoded = summary::encodeEvent(event);
  summary::Event again;
  Status status = summary::parseEvent(encoded, again);
  if (!status.ok())
    fuzz::finding("an encoded event does not parse", status);
  if (summary::encodeEvent(again) != encoded)
    fuzz::finding("an event changed in a round trip");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::FuzzedInput input(data, size);
  if (!(input.byte() & 1)) {
    summary::Event event;
    if (summary::parseEvent(input.rest(), event).ok())
      checkRoundTrip(event);
    return 0;
  }

  const std::string path = "fuzzmem://events.out.tfevents.1.fuzz";
  fuzz::MemoryFileSystem &files = fuzz::MemoryFileSystem::instance();
  files.files.clear();
  std::unique_ptr<io::OutputStream> stream;
  Status status = files.openForWrite(path, stream);
  io::RecordWriter writer(std::move(stream), {});
  std::string_view rest = input.rest();
  for (size_t start = 0; start <= rest.size();) {
    size_t end = std::min(rest.find('\xff', start), rest.size());
    status = writer.write(rest.substr(start, end - start));
    if (!status.ok())
      fuzz::finding("writing a record failed", status);
    start = end + 1;
  }
  status = writer.close();
  if (!status.ok())
    fuzz::finding("closing the event file failed", status);

  std::vector<summary::Event> events;
  status = summary::readEventFile(path, events);
  fuzz::expectNamed(status, path);
  for (const summary::Event &event : events)
    checkRoundTrip(event);
  return 0;
}
