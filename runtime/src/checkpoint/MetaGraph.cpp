//===- MetaGraph.cpp - the `.meta` MetaGraphDef ---------------------------===//

#include "kiln/runtime/checkpoint/meta_graph.h"

#include "kiln/runtime/checkpoint/naming.h"
#include "kiln/runtime/io/file_system.h"
#include "kiln/runtime/io/wire_format.h"

#include <cstring>

namespace kiln::runtime::checkpoint {

namespace {

using io::WireField;
using io::WireReader;
using io::WireType;
using io::WireWriter;

// meta_graph.proto and saver.proto field numbers.
enum : uint32_t {
  kMetaInfoDef = 1,
  kGraphDef = 2,
  kSaverDef = 3,
  kInfoMetaGraphVersion = 1,
  kInfoTags = 4,
  kInfoTensorflowVersion = 5,
  kInfoTensorflowGitVersion = 6,
  kSaverFilenameTensorName = 1,
  kSaverSaveTensorName = 2,
  kSaverRestoreOpName = 3,
  kSaverMaxToKeep = 4,
  kSaverKeepEveryNHours = 6,
  kSaverVersion = 7,
};

std::string encodeSaverDef(const SaverDefSpec &saver) {
  std::string out;
  WireWriter writer(out);
  if (!saver.filenameTensorName.empty())
    writer.bytesField(kSaverFilenameTensorName, saver.filenameTensorName);
  if (!saver.saveTensorName.empty())
    writer.bytesField(kSaverSaveTensorName, saver.saveTensorName);
  if (!saver.restoreOpName.empty())
    writer.bytesField(kSaverRestoreOpName, saver.restoreOpName);
  if (saver.maxToKeep != 0)
    writer.int64Field(kSaverMaxToKeep, saver.maxToKeep);
  if (saver.keepCheckpointEveryNHours != 0)
    writer.floatField(kSaverKeepEveryNHours, saver.keepCheckpointEveryNHours);
  if (saver.version != 0)
    writer.int64Field(kSaverVersion, saver.version);
  return out;
}

io::Status decodeSaverDef(std::string_view bytes, const std::string &fileName,
                          SaverDefSpec &saver) {
  saver = SaverDefSpec();
  saver.filenameTensorName.clear();
  saver.saveTensorName.clear();
  saver.restoreOpName.clear();
  saver.maxToKeep = 0;
  saver.keepCheckpointEveryNHours = 0;
  saver.version = 0;
  WireReader reader(bytes);
  WireField field;
  while (reader.next(field)) {
    bool isBytes = field.type == WireType::LengthDelimited;
    switch (field.number) {
    case kSaverFilenameTensorName:
      if (isBytes) saver.filenameTensorName.assign(field.bytes);
      break;
    case kSaverSaveTensorName:
      if (isBytes) saver.saveTensorName.assign(field.bytes);
      break;
    case kSaverRestoreOpName:
      if (isBytes) saver.restoreOpName.assign(field.bytes);
      break;
    case kSaverMaxToKeep:
      saver.maxToKeep = static_cast<int32_t>(field.integer);
      break;
    case kSaverKeepEveryNHours:
      if (field.type == WireType::Fixed32) {
        uint32_t bits = static_cast<uint32_t>(field.integer);
        std::memcpy(&saver.keepCheckpointEveryNHours, &bits, 4);
      }
      break;
    case kSaverVersion:
      saver.version = static_cast<int32_t>(field.integer);
      break;
    default:
      break;
    }
  }
  if (!reader.error().empty())
    return io::dataLoss(fileName + ": malformed SaverDef: " + reader.error());
  return io::Status();
}

} // namespace

std::string encodeMetaGraphDef(std::string_view graphDef,
                               const MetaGraphSpec &spec) {
  std::string info;
  WireWriter infoWriter(info);
  if (!spec.metaGraphVersion.empty())
    infoWriter.bytesField(kInfoMetaGraphVersion, spec.metaGraphVersion);
  for (const std::string &tag : spec.tags)
    infoWriter.bytesField(kInfoTags, tag);
  if (!spec.tensorflowVersion.empty())
    infoWriter.bytesField(kInfoTensorflowVersion, spec.tensorflowVersion);
  if (!spec.tensorflowGitVersion.empty())
    infoWriter.bytesField(kInfoTensorflowGitVersion, spec.tensorflowGitVersion);

  std::string out;
  WireWriter writer(out);
  writer.bytesField(kMetaInfoDef, info);
  writer.bytesField(kGraphDef, graphDef);
  if (spec.hasSaver)
    writer.bytesField(kSaverDef, encodeSaverDef(spec.saver));
  return out;
}

io::Status writeMetaGraph(const std::string &prefix, std::string_view graphDef,
                          const MetaGraphSpec &spec) {
  return io::writeFileAtomically(metaFileName(prefix),
                                 encodeMetaGraphDef(graphDef, spec));
}

io::Status decodeMetaGraphDef(std::string_view bytes, const std::string &fileName,
                              std::string &graphDef, SaverDefSpec &saver,
                              bool &hasSaver) {
  graphDef.clear();
  hasSaver = false;
  WireReader reader(bytes);
  WireField field;
  while (reader.next(field)) {
    if (field.type != WireType::LengthDelimited)
      continue;
    if (field.number == kGraphDef) {
      graphDef.assign(field.bytes);
    } else if (field.number == kSaverDef) {
      hasSaver = true;
      KILN_IO_RETURN_IF_ERROR(decodeSaverDef(field.bytes, fileName, saver));
    }
  }
  if (!reader.error().empty())
    return io::dataLoss(fileName + ": malformed MetaGraphDef: " + reader.error());
  return io::Status();
}

} // namespace kiln::runtime::checkpoint
