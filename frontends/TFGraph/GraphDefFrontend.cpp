//===- GraphDefFrontend.cpp - GraphDefs in the frontend registry ----------===//

#include "frontends/TFGraph/GraphDefImporter.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

namespace kiln::tfgraph {

namespace {

/// A binary GraphDef starts with its first node (field 1, length-
/// delimited: tag 0x0a, a varint length), whose first field is the node's
/// name (tag 0x0a again). ONNX's ModelProto, for one, starts with a
/// varint (tag 0x08).
bool looksLikeBinaryGraphDef(llvm::StringRef bytes) {
  if (bytes.size() < 3 || static_cast<unsigned char>(bytes[0]) != 0x0a)
    return false;
  size_t at = 1;
  uint64_t length = 0;
  for (int shift = 0; at < bytes.size() && shift < 64; shift += 7) {
    unsigned char byte = bytes[at++];
    length |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return length > 0 && at < bytes.size() &&
             static_cast<unsigned char>(bytes[at]) == 0x0a;
  }
  return false;
}

/// A text GraphDef's first statement (after `#` comments) opens one of
/// GraphDef's fields.
bool looksLikeTextGraphDef(llvm::StringRef text) {
  llvm::StringRef line = firstStatement(text, "#");
  for (llvm::StringRef field : {"node", "versions", "library"})
    if (line.consume_front(field) &&
        (line.ltrim().starts_with("{") || line.ltrim().starts_with(":")))
      return true;
  return false;
}

class GraphDefFrontend final : public Frontend {
public:
  llvm::StringRef name() const override { return "tensorflow-graphdef"; }

  int claim(llvm::StringRef path, llvm::StringRef contents) const override {
    if (looksLikeText(contents) ? looksLikeTextGraphDef(contents)
                                : looksLikeBinaryGraphDef(contents))
      return kRecognizedByContent;
    for (llvm::StringRef extension : {".pb", ".pbtxt", ".pbtext", ".graphdef"})
      if (path.ends_with(extension))
        return kSuggestedByName;
    return 0;
  }

  OwningOpRef<ModuleOp> import(const llvm::MemoryBuffer &buffer,
                               const ImportOptions &options,
                               MLIRContext *ctx) const override {
    FailureOr<tensorflow::GraphDef> graph = parseGraphDef(buffer, ctx);
    if (failed(graph))
      return nullptr;
    return importGraphDef(*graph, options, buffer.getBufferIdentifier(), ctx);
  }
};

} // namespace

void registerGraphDefFrontend() {
  registerFrontend(std::make_unique<GraphDefFrontend>());
}

} // namespace kiln::tfgraph
