//===- Example.cpp - tf.train.Example, encoded and decoded ----------------===//

#include "kiln/runtime/io/example.h"

#include "kiln/runtime/io/wire_format.h"

#include <cstring>

namespace kiln::runtime::io {

namespace {

// Field numbers (FACTS.md section 4).
constexpr uint32_t kExampleFeatures = 1;
constexpr uint32_t kFeaturesFeature = 1;
constexpr uint32_t kMapKey = 1, kMapValue = 2;
constexpr uint32_t kFeatureBytesList = 1, kFeatureFloatList = 2,
                   kFeatureInt64List = 3;
constexpr uint32_t kListValue = 1;

std::string encodeFeature(const Feature &feature) {
  std::string list;
  WireWriter writer(list);
  uint32_t kind = 0;
  switch (feature.type) {
  case FeatureType::None:
    return {};
  case FeatureType::Bytes:
    kind = kFeatureBytesList;
    for (const std::string &value : feature.bytesList)
      writer.bytesField(kListValue, value);
    break;
  case FeatureType::Float: {
    kind = kFeatureFloatList;
    if (feature.floatList.empty())
      break;
    std::string packed;
    WireWriter values(packed);
    for (float value : feature.floatList) {
      uint32_t bits;
      std::memcpy(&bits, &value, sizeof(bits));
      values.writeFixed32(bits);
    }
    writer.bytesField(kListValue, packed);
    break;
  }
  case FeatureType::Int64: {
    kind = kFeatureInt64List;
    if (feature.int64List.empty())
      break;
    std::string packed;
    WireWriter values(packed);
    for (int64_t value : feature.int64List)
      values.writeVarint(static_cast<uint64_t>(value));
    writer.bytesField(kListValue, packed);
    break;
  }
  }
  std::string out;
  WireWriter(out).bytesField(kind, list);
  return out;
}

/// Reports errors for one message being decoded, with the feature named.
struct Context {
  const std::string &what;
  std::string feature;

  Status error(const std::string &why) const {
    std::string where = what;
    if (!feature.empty())
      where += ": feature '" + feature + "'";
    return invalidArgument(where + ": " + why);
  }
};

Status wrongWireType(const char *list, const WireField &field,
                     const Context &context) {
  return context.error(std::string(list) + " value has wire type " +
                       std::to_string(int(field.type)) + " at byte offset " +
                       std::to_string(field.offset));
}

/// One FloatList.value field: a fixed32 (unpacked) or a run of them
/// (packed).
Status appendFloats(const WireField &field, std::vector<float> &values,
                    const Context &context) {
  auto append = [&](uint32_t bits) {
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    values.push_back(value);
  };
  if (field.type == WireType::Fixed32) {
    append(static_cast<uint32_t>(field.integer));
    return Status();
  }
  if (field.type != WireType::LengthDelimited)
    return wrongWireType("float_list", field, context);
  if (field.bytes.size() % 4 != 0)
    return context.error("packed float_list of " +
                         std::to_string(field.bytes.size()) +
                         " bytes is not a multiple of 4, at byte offset " +
                         std::to_string(field.offset));
  values.reserve(values.size() + field.bytes.size() / 4);
  for (size_t at = 0; at < field.bytes.size(); at += 4) {
    uint32_t bits = 0;
    for (int b = 0; b < 4; ++b)
      bits |= uint32_t(static_cast<uint8_t>(field.bytes[at + b])) << (8 * b);
    append(bits);
  }
  return Status();
}

/// One Int64List.value field: a varint (unpacked) or a run of them
/// (packed).
Status appendInt64s(const WireField &field, std::vector<int64_t> &values,
                    const Context &context) {
  if (field.type == WireType::Varint) {
    values.push_back(static_cast<int64_t>(field.integer));
    return Status();
  }
  if (field.type != WireType::LengthDelimited)
    return wrongWireType("int64_list", field, context);
  for (size_t position = 0; position < field.bytes.size();) {
    uint64_t value;
    if (!WireReader::readVarint(field.bytes, position, value))
      return context.error("malformed packed int64_list at byte offset " +
                           std::to_string(field.offset));
    values.push_back(static_cast<int64_t>(value));
  }
  return Status();
}

Status decodeList(const WireField &listField, FeatureType type,
                  Feature &feature, const Context &context) {
  WireReader reader(listField.bytes, listField.offset);
  WireField field;
  while (reader.next(field)) {
    if (field.number != kListValue)
      continue; // unknown field
    if (type == FeatureType::Float) {
      KILN_IO_RETURN_IF_ERROR(appendFloats(field, feature.floatList, context));
    } else if (type == FeatureType::Int64) {
      KILN_IO_RETURN_IF_ERROR(appendInt64s(field, feature.int64List, context));
    } else {
      if (field.type != WireType::LengthDelimited)
        return wrongWireType("bytes_list", field, context);
      feature.bytesList.emplace_back(field.bytes);
    }
  }
  if (!reader.error().empty())
    return context.error(reader.error());
  return Status();
}

Status decodeFeature(const WireField &featureField, Feature &feature,
                     const Context &context) {
  WireReader reader(featureField.bytes, featureField.offset);
  WireField field;
  while (reader.next(field)) {
    FeatureType type;
    if (field.number == kFeatureBytesList)
      type = FeatureType::Bytes;
    else if (field.number == kFeatureFloatList)
      type = FeatureType::Float;
    else if (field.number == kFeatureInt64List)
      type = FeatureType::Int64;
    else
      continue;
    if (field.type != WireType::LengthDelimited)
      return context.error("list field " + std::to_string(field.number) +
                           " is not length-delimited, at byte offset " +
                           std::to_string(field.offset));
    // A oneof: setting a different member replaces the value; the same
    // member seen again merges (the lists concatenate), as protobuf does.
    if (feature.type != type)
      feature = Feature{type, {}, {}, {}};
    KILN_IO_RETURN_IF_ERROR(decodeList(field, type, feature, context));
  }
  if (!reader.error().empty())
    return context.error(reader.error());
  return Status();
}

Status decodeMapEntry(const WireField &entryField, Features &features,
                      Context &context) {
  WireReader reader(entryField.bytes, entryField.offset);
  WireField field;
  std::string key;
  Feature feature;
  std::vector<WireField> values;
  // The key may follow the value; collect first, decode once the key is
  // known so errors can name the feature.
  while (reader.next(field)) {
    if (field.number == kMapKey) {
      if (field.type != WireType::LengthDelimited)
        return context.error("map key is not a string, at byte offset " +
                             std::to_string(field.offset));
      key.assign(field.bytes);
    } else if (field.number == kMapValue) {
      if (field.type != WireType::LengthDelimited)
        return context.error("map value is not a message, at byte offset " +
                             std::to_string(field.offset));
      values.push_back(field);
    }
  }
  if (!reader.error().empty())
    return context.error(reader.error());
  context.feature = key;
  for (const WireField &value : values)
    KILN_IO_RETURN_IF_ERROR(decodeFeature(value, feature, context));
  context.feature.clear();
  features[key] = std::move(feature);
  return Status();
}

} // namespace

const char *featureTypeName(FeatureType type) {
  switch (type) {
  case FeatureType::None:
    return "none";
  case FeatureType::Bytes:
    return "bytes";
  case FeatureType::Float:
    return "float";
  case FeatureType::Int64:
    return "int64";
  }
  return "none";
}

Feature Feature::bytes(std::vector<std::string> values) {
  Feature feature;
  feature.type = FeatureType::Bytes;
  feature.bytesList = std::move(values);
  return feature;
}

Feature Feature::floats(std::vector<float> values) {
  Feature feature;
  feature.type = FeatureType::Float;
  feature.floatList = std::move(values);
  return feature;
}

Feature Feature::int64s(std::vector<int64_t> values) {
  Feature feature;
  feature.type = FeatureType::Int64;
  feature.int64List = std::move(values);
  return feature;
}

size_t Feature::size() const {
  switch (type) {
  case FeatureType::None:
    return 0;
  case FeatureType::Bytes:
    return bytesList.size();
  case FeatureType::Float:
    return floatList.size();
  case FeatureType::Int64:
    return int64List.size();
  }
  return 0;
}

bool Feature::operator==(const Feature &other) const {
  if (type != other.type)
    return false;
  switch (type) {
  case FeatureType::None:
    return true;
  case FeatureType::Bytes:
    return bytesList == other.bytesList;
  case FeatureType::Float:
    // Bitwise, so NaN payloads round-trip as equal.
    // (memcmp with a null pointer is undefined even for zero bytes.)
    return floatList.size() == other.floatList.size() &&
           (floatList.empty() ||
            std::memcmp(floatList.data(), other.floatList.data(),
                        floatList.size() * sizeof(float)) == 0);
  case FeatureType::Int64:
    return int64List == other.int64List;
  }
  return false;
}

std::string encodeExample(const Example &example) {
  std::string features;
  WireWriter featuresWriter(features);
  for (const auto &[name, feature] : example.features) {
    std::string entry;
    WireWriter entryWriter(entry);
    entryWriter.bytesField(kMapKey, name);
    entryWriter.bytesField(kMapValue, encodeFeature(feature));
    featuresWriter.bytesField(kFeaturesFeature, entry);
  }
  std::string out;
  // proto3 writes a set submessage even when empty; TF always sets
  // `features`, so an empty Example still serializes as "0a 00".
  WireWriter(out).bytesField(kExampleFeatures, features);
  return out;
}

Status decodeExample(std::string_view bytes, Example &out,
                     const std::string &what) {
  out.features.clear();
  Context context{what, {}};
  WireReader reader(bytes);
  WireField field;
  while (reader.next(field)) {
    if (field.number != kExampleFeatures)
      continue;
    if (field.type != WireType::LengthDelimited)
      return context.error("Example.features is not a message, at byte "
                           "offset " +
                           std::to_string(field.offset));
    WireReader features(field.bytes, field.offset);
    WireField entry;
    while (features.next(entry)) {
      if (entry.number != kFeaturesFeature)
        continue;
      if (entry.type != WireType::LengthDelimited)
        return context.error("Features.feature entry is not a message, at "
                             "byte offset " +
                             std::to_string(entry.offset));
      KILN_IO_RETURN_IF_ERROR(decodeMapEntry(entry, out.features, context));
    }
    if (!features.error().empty())
      return context.error(features.error());
  }
  if (!reader.error().empty())
    return context.error(reader.error());
  return Status();
}

} // namespace kiln::runtime::io
