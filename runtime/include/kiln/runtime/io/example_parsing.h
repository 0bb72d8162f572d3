//===- example_parsing.h - Examples into tensors, by feature specs --------===//
//
// What tf.io.parse_single_example and tf.io.parse_example do: a spec lists
// the features a model needs, each either
//   - FixedLenFeature: a dense tensor of a fixed shape (values flattened
//     row-major in the Example); a missing feature takes the default, and
//     without a default is an error naming the feature; or
//   - VarLenFeature: any number of values, returned as a sparse tensor
//     (indices, values, dense_shape) as tf.SparseTensor holds them.
// Features the spec does not name are ignored. Every error names the
// feature and the Example (`what`, e.g. "train.tfrecord record 12").
//
// Thread-safety: pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IO_EXAMPLE_PARSING_H
#define KILN_RUNTIME_IO_EXAMPLE_PARSING_H

#include "kiln/runtime/io/example.h"
#include "kiln/runtime/npy.h"

#include <optional>

namespace kiln::runtime::io {

/// A dense tensor of one of the three Example dtypes; the vector its dtype
/// selects holds the values, row-major.
struct FeatureTensor {
  FeatureType dtype = FeatureType::Int64;
  std::vector<int64_t> shape;
  std::vector<std::string> bytes;
  std::vector<float> floats;
  std::vector<int64_t> int64s;

  size_t size() const;
};

/// tf.SparseTensor's parts: `indices` is [count, rank] row-major, `values`
/// is rank 1, `denseShape` has `rank` entries.
struct SparseFeatureTensor {
  std::vector<int64_t> indices;
  FeatureTensor values;
  std::vector<int64_t> denseShape;
};

struct FixedLenFeature {
  std::string key;
  FeatureType dtype = FeatureType::Int64;
  /// Every dimension known; [] for a scalar.
  std::vector<int64_t> shape;
  /// Used when an Example lacks the feature: either as many values as the
  /// shape holds, or one value repeated to fill it.
  std::optional<Feature> defaultValue;
};

struct VarLenFeature {
  std::string key;
  FeatureType dtype = FeatureType::Int64;
};

struct ParseSpec {
  std::vector<FixedLenFeature> dense;
  std::vector<VarLenFeature> sparse;
};

struct ParsedFeatures {
  std::map<std::string, FeatureTensor> dense;
  std::map<std::string, SparseFeatureTensor> sparse;
};

/// Checks a spec once (known dtypes, non-negative shapes, defaults that
/// fit, no key listed twice) so parsing need not.
Status validateParseSpec(const ParseSpec &spec);

/// tf.io.parse_single_example: dense features get the spec's shape; sparse
/// ones have indices [n, 1] and dense_shape [n].
Status parseSingleExample(std::string_view serialized, const ParseSpec &spec,
                          ParsedFeatures &out,
                          const std::string &what = "Example");

/// The same on an already decoded Example.
Status parseFeatures(const Example &example, const ParseSpec &spec,
                     ParsedFeatures &out, const std::string &what = "Example");

/// tf.io.parse_example on a batch: dense features get shape [batch] + spec
/// shape; sparse ones have indices [n, 2] (example, position) and
/// dense_shape [batch, longest list]. `what` is suffixed with " #i" to name
/// the Example at fault.
Status parseExampleBatch(const std::vector<std::string> &serialized,
                         const ParseSpec &spec, ParsedFeatures &out,
                         const std::string &what = "batch");

/// Copies a parsed int64 or float tensor into a HostTensor (I64 or F32) to
/// feed a compiled step. Bytes tensors have no numeric layout: decode them
/// with decodeRawBatch (decode_raw.h), which gives [batch, n] from a batch's
/// `bytes`.
Status toHostTensor(const FeatureTensor &tensor, HostTensor &out,
                    const std::string &what = "feature");

} // namespace kiln::runtime::io

#endif // KILN_RUNTIME_IO_EXAMPLE_PARSING_H
