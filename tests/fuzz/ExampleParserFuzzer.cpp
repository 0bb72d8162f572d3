//===- ExampleParserFuzzer.cpp - libFuzzer target: tf.train.Example -------===//
//
// Decodes the input as an Example, then
//   - checks that re-encoding what was decoded and decoding again gives the
//     same Example (the encoder and decoder agree on everything the decoder
//     accepts), and
//   - runs single and batch parsing with a spec of every dtype, shape,
//     default and sparse kind.
// Any crash, sanitizer report or disagreement is a finding.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/io/example_parsing.h"

#include <cstdio>
#include <cstdlib>

using namespace kiln::runtime::io;

namespace {

ParseSpec makeSpec() {
  ParseSpec spec;
  spec.dense.push_back({"label", FeatureType::Int64, {}, Feature::int64s({-1})});
  spec.dense.push_back({"img_raw", FeatureType::Bytes, {}, Feature::bytes({""})});
  spec.dense.push_back({"f", FeatureType::Float, {2, 2}, Feature::floats({0})});
  spec.dense.push_back({"a", FeatureType::Int64, {3}, std::nullopt});
  spec.sparse.push_back({"b", FeatureType::Bytes});
  spec.sparse.push_back({"c", FeatureType::Float});
  spec.sparse.push_back({"d", FeatureType::Int64});
  return spec;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const ParseSpec spec = makeSpec();
  std::string bytes(reinterpret_cast<const char *>(data), size);
  Example example;
  if (decodeExample(bytes, example, "fuzz").ok()) {
    Example again;
    Status status = decodeExample(encodeExample(example), again, "re-encoded");
    if (!status.ok() || !(again == example)) {
      std::fprintf(stderr, "re-encoding changed the Example: %s\n",
                   status.toString().c_str());
      std::abort();
    }
  }
  ParsedFeatures parsed;
  (void)parseSingleExample(bytes, spec, parsed, "fuzz");
  // Two copies in a batch: exercises stacking and sparse row indices.
  (void)parseExampleBatch({bytes, bytes}, spec, parsed, "fuzz batch");
  return 0;
}
