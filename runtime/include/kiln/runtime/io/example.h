//===- example.h - tf.train.Example, encoded and decoded ------------------===//
//
// An Example is a map from feature name to a Feature, and a Feature is one
// of a list of byte strings, of floats or of int64s (example.proto,
// feature.proto; field numbers in ../shared/formats/FACTS.md section 4).
// encodeExample writes what TensorFlow's serializer writes for the same
// Example with deterministic serialization (keys in sorted order, packed
// scalars), so files diff cleanly; decodeExample accepts anything protobuf
// would: any key order, packed or unpacked scalars, unknown fields, repeated
// keys (the last wins).
//
// Thread-safety: plain values and pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_EXAMPLE_H
#define KILN_RUNTIME_IO_EXAMPLE_H

#include "kiln/runtime/io/status.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::io {

/// Which list a Feature holds. None is a Feature whose oneof is unset; as in
/// TF, a FixedLenFeature treats it as missing and a VarLenFeature as an
/// empty list of whatever type the spec asks for.
enum class FeatureType { None, Bytes, Float, Int64 };

/// "bytes", "float", "int64" (TF's dtype names), "none".
const char *featureTypeName(FeatureType type);

struct Feature {
  FeatureType type = FeatureType::None;
  std::vector<std::string> bytesList;
  std::vector<float> floatList;
  std::vector<int64_t> int64List;

  static Feature bytes(std::vector<std::string> values);
  static Feature floats(std::vector<float> values);
  static Feature int64s(std::vector<int64_t> values);

  /// The number of values in the list the type selects.
  size_t size() const;
  bool operator==(const Feature &other) const;
  bool operator!=(const Feature &other) const { return !(*this == other); }
};

/// Sorted by name, which is also the order encodeExample writes.
using Features = std::map<std::string, Feature>;

struct Example {
  Features features;
  bool operator==(const Example &other) const {
    return features == other.features;
  }
};

/// The serialized tf.train.Example.
std::string encodeExample(const Example &example);

/// Parses a serialized tf.train.Example. Errors name `what` (e.g. the file
/// and record number), the feature when one is being read, and the byte
/// offset.
Status decodeExample(std::string_view bytes, Example &out,
                     const std::string &what = "Example");

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_EXAMPLE_H
