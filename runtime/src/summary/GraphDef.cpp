//===- GraphDef.cpp - GraphDef nodes: name, op, input, device -------------===//
//
// Field numbers: ../shared/formats/FACTS.md sections 1.1 and 1.2.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/summary/graph_def.h"

#include "WireHelpers.h"

namespace kiln::runtime::summary {

using io::WireField;
using io::WireReader;
using io::WireType;
using io::WireWriter;

namespace {
constexpr uint32_t kGraphNode = 1;
constexpr uint32_t kNodeName = 1, kNodeOp = 2, kNodeInput = 3, kNodeDevice = 4;

Status parseNode(std::string_view bytes, size_t base, GraphNode &out) {
  WireReader reader(bytes, base);
  WireField field;
  while (reader.next(field)) {
    if (field.type != WireType::LengthDelimited)
      continue;
    std::string text(field.bytes);
    if (field.number == kNodeName)
      out.name = std::move(text);
    else if (field.number == kNodeOp)
      out.op = std::move(text);
    else if (field.number == kNodeInput)
      out.inputs.push_back(std::move(text));
    else if (field.number == kNodeDevice)
      out.device = std::move(text);
  }
  if (!reader.error().empty())
    return detail::malformed("NodeDef", reader.error());
  return Status();
}
} // namespace

std::string encodeGraphDef(const std::vector<GraphNode> &nodes) {
  std::string out;
  WireWriter writer(out);
  std::string node;
  for (const GraphNode &graphNode : nodes) {
    node.clear();
    WireWriter nodeWriter(node);
    if (!graphNode.name.empty())
      nodeWriter.bytesField(kNodeName, graphNode.name);
    if (!graphNode.op.empty())
      nodeWriter.bytesField(kNodeOp, graphNode.op);
    for (const std::string &input : graphNode.inputs)
      nodeWriter.bytesField(kNodeInput, input);
    if (!graphNode.device.empty())
      nodeWriter.bytesField(kNodeDevice, graphNode.device);
    writer.bytesField(kGraphNode, node);
  }
  return out;
}

Status parseGraphDefNodes(std::string_view bytes,
                          std::vector<GraphNode> &out) {
  out.clear();
  WireReader reader(bytes);
  WireField field;
  while (reader.next(field)) {
    if (field.number != kGraphNode || field.type != WireType::LengthDelimited)
      continue;
    GraphNode node;
    KILN_IO_RETURN_IF_ERROR(
        parseNode(field.bytes, detail::payloadOffset(reader, field), node));
    out.push_back(std::move(node));
  }
  if (!reader.error().empty())
    return detail::malformed("GraphDef", reader.error());
  return Status();
}

} // namespace kiln::runtime::summary
