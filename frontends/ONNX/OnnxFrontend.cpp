//===- OnnxFrontend.cpp - ONNX models in the frontend registry ------------===//

#include "frontends/ONNX/OnnxImporter.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

namespace kiln::onnximport {
namespace {

/// Reads a protobuf varint at `at`; false when the bytes end first.
bool readVarint(llvm::StringRef bytes, size_t &at, uint64_t &value) {
  value = 0;
  for (int shift = 0; at < bytes.size() && shift < 64; shift += 7) {
    unsigned char byte = bytes[at++];
    value |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return true;
  }
  return false;
}

/// A ModelProto starts with ir_version (field 1, a varint: tag 0x08) and
/// holds its graph in field 7; the fields before the graph are few and
/// small (writers emit fields in ascending order), so walking the top
/// level up to the graph recognizes a model without parsing it.
bool looksLikeModelProto(llvm::StringRef bytes) {
  if (bytes.empty() || static_cast<unsigned char>(bytes[0]) != 0x08)
    return false;
  size_t at = 0;
  while (at < bytes.size()) {
    uint64_t tag = 0, value = 0;
    if (!readVarint(bytes, at, tag))
      return false;
    uint64_t field = tag >> 3;
    switch (tag & 7) {
    case 0:
      if (!readVarint(bytes, at, value))
        return false;
      break;
    case 1:
      at += 8;
      break;
    case 5:
      at += 4;
      break;
    case 2:
      if (!readVarint(bytes, at, value) || value > bytes.size() - at)
        return false;
      if (field == 7)
        return true;
      at += value;
      break;
    default:
      return false;
    }
    if (field == 0 || field > 7)
      return false;
  }
  return false;
}

class OnnxFrontend final : public Frontend {
public:
  llvm::StringRef name() const override { return "onnx"; }

  int claim(llvm::StringRef path, llvm::StringRef contents) const override {
    if (looksLikeModelProto(contents))
      return kRecognizedByContent;
    return path.ends_with(".onnx") ? kSuggestedByName : 0;
  }

  OwningOpRef<ModuleOp> import(const llvm::MemoryBuffer &buffer,
                               const ImportOptions &options,
                               MLIRContext *ctx) const override {
    FailureOr<onnx::ModelProto> model = parseModel(buffer, ctx);
    if (failed(model))
      return nullptr;
    return importModel(*model, options, buffer.getBufferIdentifier(), ctx);
  }
};

} // namespace

void registerOnnxFrontend() {
  registerFrontend(std::make_unique<OnnxFrontend>());
}

} // namespace kiln::onnximport
