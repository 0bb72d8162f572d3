//===- ExampleParsing.cpp - Examples into tensors, by feature specs -------===//

#include "kiln/runtime/io/example_parsing.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace kiln::runtime::io {

namespace {

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

int64_t elementCount(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

/// Appends `count` values of `feature` starting at `from` (or its single
/// value `count` times when `repeat` is set) to `tensor`.
void appendValues(FeatureTensor &tensor, const Feature &feature, size_t from,
                  size_t count, bool repeat = false) {
  auto copy = [&](const auto &source, auto &target) {
    for (size_t i = 0; i < count; ++i)
      target.push_back(source[repeat ? 0 : from + i]);
  };
  switch (tensor.dtype) {
  case FeatureType::Bytes:
    copy(feature.bytesList, tensor.bytes);
    break;
  case FeatureType::Float:
    copy(feature.floatList, tensor.floats);
    break;
  case FeatureType::Int64:
    copy(feature.int64List, tensor.int64s);
    break;
  case FeatureType::None:
    break;
  }
}

Status featureError(const std::string &what, const std::string &key,
                    const std::string &why) {
  return invalidArgument(what + ": feature '" + key + "': " + why);
}

/// Checks that `feature` may be read as `dtype`: the same list type, or an
/// unset oneof (an empty list of any type).
Status checkType(const Feature &feature, FeatureType dtype,
                 const std::string &what, const std::string &key) {
  if (feature.type == dtype || feature.type == FeatureType::None)
    return Status();
  return featureError(what, key,
                      std::string("the spec asks for ") +
                          featureTypeName(dtype) + " values but the Example "
                                                   "holds a " +
                          featureTypeName(feature.type) + "_list");
}

/// Appends one Example's dense value for `spec` to `tensor`.
Status appendDense(const Example &example, const FixedLenFeature &spec,
                   FeatureTensor &tensor, const std::string &what) {
  size_t count = static_cast<size_t>(elementCount(spec.shape));
  auto found = example.features.find(spec.key);
  // A Feature whose oneof is unset counts as missing, as in TF.
  if (found == example.features.end() ||
      found->second.type == FeatureType::None) {
    if (!spec.defaultValue)
      return featureError(what, spec.key,
                          std::string("required ") +
                              featureTypeName(spec.dtype) + " feature of shape " +
                              shapeString(spec.shape) +
                              " is missing and has no default");
    const Feature &fallback = *spec.defaultValue;
    appendValues(tensor, fallback, 0, count, fallback.size() != count);
    return Status();
  }
  const Feature &feature = found->second;
  KILN_IO_RETURN_IF_ERROR(checkType(feature, spec.dtype, what, spec.key));
  if (feature.size() != count)
    return featureError(what, spec.key,
                        "expected " + std::to_string(count) +
                            " values for shape " + shapeString(spec.shape) +
                            ", found " + std::to_string(feature.size()));
  appendValues(tensor, feature, 0, count);
  return Status();
}

/// Appends one Example's values for `spec` to a sparse tensor of rank
/// `batched ? 2 : 1`; returns the list length through `length`.
Status appendSparse(const Example &example, const VarLenFeature &spec,
                    int64_t row, bool batched, SparseFeatureTensor &tensor,
                    size_t &length, const std::string &what) {
  length = 0;
  auto found = example.features.find(spec.key);
  if (found == example.features.end())
    return Status();
  const Feature &feature = found->second;
  KILN_IO_RETURN_IF_ERROR(checkType(feature, spec.dtype, what, spec.key));
  length = feature.size();
  for (size_t i = 0; i < length; ++i) {
    if (batched)
      tensor.indices.push_back(row);
    tensor.indices.push_back(static_cast<int64_t>(i));
  }
  appendValues(tensor.values, feature, 0, length);
  return Status();
}

Status parseInto(const std::vector<const Example *> &examples,
                 const ParseSpec &spec, bool batched, ParsedFeatures &out,
                 const std::string &what) {
  KILN_IO_RETURN_IF_ERROR(validateParseSpec(spec));
  out.dense.clear();
  out.sparse.clear();
  auto nameOf = [&](size_t i) {
    return batched ? what + " #" + std::to_string(i) : what;
  };
  for (const FixedLenFeature &feature : spec.dense) {
    FeatureTensor tensor;
    tensor.dtype = feature.dtype;
    if (batched)
      tensor.shape.push_back(static_cast<int64_t>(examples.size()));
    tensor.shape.insert(tensor.shape.end(), feature.shape.begin(),
                        feature.shape.end());
    for (size_t i = 0; i < examples.size(); ++i)
      KILN_IO_RETURN_IF_ERROR(
          appendDense(*examples[i], feature, tensor, nameOf(i)));
    out.dense[feature.key] = std::move(tensor);
  }
  for (const VarLenFeature &feature : spec.sparse) {
    SparseFeatureTensor tensor;
    tensor.values.dtype = feature.dtype;
    size_t longest = 0;
    for (size_t i = 0; i < examples.size(); ++i) {
      size_t length;
      KILN_IO_RETURN_IF_ERROR(appendSparse(*examples[i], feature,
                                           static_cast<int64_t>(i), batched,
                                           tensor, length, nameOf(i)));
      longest = std::max(longest, length);
    }
    tensor.values.shape = {static_cast<int64_t>(tensor.values.size())};
    if (batched)
      tensor.denseShape = {static_cast<int64_t>(examples.size()),
                           static_cast<int64_t>(longest)};
    else
      tensor.denseShape = {static_cast<int64_t>(longest)};
    out.sparse[feature.key] = std::move(tensor);
  }
  return Status();
}

} // namespace

size_t FeatureTensor::size() const {
  switch (dtype) {
  case FeatureType::Bytes:
    return bytes.size();
  case FeatureType::Float:
    return floats.size();
  case FeatureType::Int64:
    return int64s.size();
  case FeatureType::None:
    return 0;
  }
  return 0;
}

Status validateParseSpec(const ParseSpec &spec) {
  std::set<std::string> keys;
  auto checkKey = [&](const std::string &key) {
    if (!keys.insert(key).second)
      return invalidArgument("parse spec: feature '" + key +
                             "' is listed twice");
    return Status();
  };
  for (const FixedLenFeature &feature : spec.dense) {
    KILN_IO_RETURN_IF_ERROR(checkKey(feature.key));
    if (feature.dtype == FeatureType::None)
      return invalidArgument("parse spec: feature '" + feature.key +
                             "' needs a dtype (bytes, float or int64)");
    for (int64_t dim : feature.shape)
      if (dim < 0)
        return invalidArgument("parse spec: feature '" + feature.key +
                               "' has shape " + shapeString(feature.shape) +
                               "; a FixedLenFeature needs every dimension");
    if (feature.defaultValue) {
      const Feature &fallback = *feature.defaultValue;
      size_t count = static_cast<size_t>(elementCount(feature.shape));
      if (fallback.type != feature.dtype)
        return invalidArgument(
            "parse spec: feature '" + feature.key + "' is " +
            featureTypeName(feature.dtype) + " but its default is " +
            featureTypeName(fallback.type));
      if (fallback.size() != count && !(fallback.size() == 1 && count > 0))
        return invalidArgument("parse spec: feature '" + feature.key +
                               "' default has " +
                               std::to_string(fallback.size()) +
                               " values; shape " + shapeString(feature.shape) +
                               " needs " + std::to_string(count) + " (or 1)");
    }
  }
  for (const VarLenFeature &feature : spec.sparse) {
    KILN_IO_RETURN_IF_ERROR(checkKey(feature.key));
    if (feature.dtype == FeatureType::None)
      return invalidArgument("parse spec: feature '" + feature.key +
                             "' needs a dtype (bytes, float or int64)");
  }
  return Status();
}

Status parseFeatures(const Example &example, const ParseSpec &spec,
                     ParsedFeatures &out, const std::string &what) {
  return parseInto({&example}, spec, /*batched=*/false, out, what);
}

Status parseSingleExample(std::string_view serialized, const ParseSpec &spec,
                          ParsedFeatures &out, const std::string &what) {
  Example example;
  KILN_IO_RETURN_IF_ERROR(decodeExample(serialized, example, what));
  return parseFeatures(example, spec, out, what);
}

Status parseExampleBatch(const std::vector<std::string> &serialized,
                         const ParseSpec &spec, ParsedFeatures &out,
                         const std::string &what) {
  std::vector<Example> examples(serialized.size());
  std::vector<const Example *> pointers;
  for (size_t i = 0; i < serialized.size(); ++i) {
    KILN_IO_RETURN_IF_ERROR(decodeExample(serialized[i], examples[i],
                                          what + " #" + std::to_string(i)));
    pointers.push_back(&examples[i]);
  }
  return parseInto(pointers, spec, /*batched=*/true, out, what);
}

Status toHostTensor(const FeatureTensor &tensor, HostTensor &out,
                    const std::string &what) {
  out.shape = tensor.shape;
  if (tensor.dtype == FeatureType::Int64) {
    out.dtype = DType::I64;
    out.data.resize(tensor.int64s.size() * sizeof(int64_t));
    if (!tensor.int64s.empty())
      std::memcpy(out.data.data(), tensor.int64s.data(), out.data.size());
    return Status();
  }
  if (tensor.dtype == FeatureType::Float) {
    out.dtype = DType::F32;
    out.data.resize(tensor.floats.size() * sizeof(float));
    if (!tensor.floats.empty())
      std::memcpy(out.data.data(), tensor.floats.data(), out.data.size());
    return Status();
  }
  return invalidArgument(what + ": a " + featureTypeName(tensor.dtype) +
                         " tensor has no numeric layout; decode bytes with "
                         "decode_raw");
}

} // namespace kiln::runtime::io
