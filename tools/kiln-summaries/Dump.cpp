//===- Dump.cpp - print event files the way TensorBoard groups them -------===//
//
// The text format is shared with tests/interop/tb_events.py, which prints it
// from TensorBoard's EventAccumulator; the interop test diffs the two. Floats
// print with enough digits to round-trip (%.9g for float32, %.17g for
// doubles), which C's printf and Python's % operator render identically.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "tools/Formatted.h"

#include "kiln/runtime/io/file_system.h"
#include "kiln/runtime/summary/event_file_reader.h"
#include "kiln/runtime/summary/graph_def.h"

#include <zlib.h>

#include <cstdio>
#include <map>

namespace kiln::summaries {

using namespace runtime::summary;
using runtime::io::Status;

namespace {

std::string joined(const std::vector<double> &values) {
  std::string text;
  for (double value : values)
    text += tools::formatted(" %.17g", value);
  return text;
}

unsigned pngHeaderByte(const std::string &png, size_t at) {
  return at < png.size() ? static_cast<uint8_t>(png[at]) : 0;
}

/// Width, height and color type from the PNG's IHDR chunk, as stored.
std::string pngHeader(const std::string &png) {
  auto be32 = [&](size_t at) {
    return pngHeaderByte(png, at) << 24 | pngHeaderByte(png, at + 1) << 16 |
           pngHeaderByte(png, at + 2) << 8 | pngHeaderByte(png, at + 3);
  };
  return tools::formatted("png %ux%u color_type %u", be32(16), be32(20),
                          pngHeaderByte(png, 25));
}

std::string valueLine(const SummaryValue &value, const Event &event) {
  long long step = static_cast<long long>(event.step);
  switch (value.kind) {
  case SummaryValue::Kind::Scalar:
    return tools::formatted("scalar %s step %lld wall_time %.17g value %.9g",
                            value.tag.c_str(), step, event.wallTime,
                            static_cast<double>(value.simpleValue));
  case SummaryValue::Kind::Histogram: {
    const HistogramProto &h = value.histogram;
    return tools::formatted(
               "histogram %s step %lld min %.17g max %.17g num %.17g "
               "sum %.17g sum_squares %.17g buckets %zu\n",
               value.tag.c_str(), step, h.min, h.max, h.num, h.sum,
               h.sumSquares, h.bucket.size()) +
           "  limits:" + joined(h.bucketLimit) +
           "\n  counts:" + joined(h.bucket);
  }
  case SummaryValue::Kind::Image: {
    const ImageProto &image = value.image;
    uLong crc = crc32(0, reinterpret_cast<const Bytef *>(image.encodedImage.data()),
                      static_cast<uInt>(image.encodedImage.size()));
    return tools::formatted("image %s step %lld width %d height %d ",
                            value.tag.c_str(), step, image.width,
                            image.height) +
           pngHeader(image.encodedImage) +
           tools::formatted(" bytes %zu crc32 %08lx", image.encodedImage.size(),
                            crc);
  }
  case SummaryValue::Kind::Other:
    break;
  }
  return "";
}

Status collect(const std::string &path, std::vector<Event> &events) {
  runtime::io::FileStatus info;
  if (runtime::io::stat(path, info).ok() && info.isDirectory) {
    std::vector<std::string> files;
    KILN_IO_RETURN_IF_ERROR(listEventFiles(path, files));
    for (const std::string &file : files) {
      std::vector<Event> more;
      KILN_IO_RETURN_IF_ERROR(readEventFile(file, more));
      events.insert(events.end(), more.begin(), more.end());
    }
    return Status();
  }
  return readEventFile(path, events);
}

Status dump(const std::string &path) {
  std::vector<Event> events;
  KILN_IO_RETURN_IF_ERROR(collect(path, events));
  const Event *graph = nullptr; // TensorBoard shows the latest graph
  using Series = std::map<std::string, std::vector<std::string>>;
  std::map<SummaryValue::Kind, Series> byKind;
  for (const Event &event : events) {
    if (event.kind == Event::Kind::GraphDef)
      graph = &event;
    for (const SummaryValue &value : event.summary.values)
      if (value.kind != SummaryValue::Kind::Other)
        byKind[value.kind][value.tag].push_back(valueLine(value, event));
  }
  if (graph) {
    std::vector<GraphNode> nodes;
    KILN_IO_RETURN_IF_ERROR(parseGraphDefNodes(graph->graphDef, nodes));
    std::printf("graph %zu nodes\n", nodes.size());
    for (const GraphNode &node : nodes) {
      std::string inputs;
      for (const std::string &input : node.inputs)
        inputs += (inputs.empty() ? "" : ",") + input;
      std::printf("  node %s op %s inputs [%s] device [%s]\n",
                  node.name.c_str(), node.op.c_str(), inputs.c_str(),
                  node.device.c_str());
    }
  }
  for (const auto &[kind, series] : byKind)
    for (const auto &[tag, lines] : series)
      for (const std::string &line : lines)
        std::printf("%s\n", line.c_str());
  return Status();
}

} // namespace

int dumpEvents(const std::string &path) {
  Status status = dump(path);
  if (!status.ok()) {
    std::fprintf(stderr, "kiln-summaries: %s\n", status.message().c_str());
    return 1;
  }
  return 0;
}

} // namespace kiln::summaries
