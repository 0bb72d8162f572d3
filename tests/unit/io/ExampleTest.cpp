//===- ExampleTest.cpp - wire format, tf.train.Example, parsing specs -----===//

#include "IoTestUtil.h"

#include "kiln/runtime/io/example.h"
#include "kiln/runtime/io/example_parsing.h"
#include "kiln/runtime/io/wire_format.h"

#include <cmath>
#include <limits>

using namespace kiln::runtime::io;
using namespace kiln::runtime::io::testing;

namespace {

TEST(WireFormat, VarintsAndFieldsMatchProtobuf) {
  std::string out;
  WireWriter writer(out);
  writer.varintField(1, 150);
  EXPECT_EQ(hexOf(out), "08 96 01");
  out.clear();
  writer.int64Field(2, -1); // ten bytes, as protobuf writes negative int64
  EXPECT_EQ(hexOf(out), "10 ff ff ff ff ff ff ff ff ff 01");
  out.clear();
  writer.bytesField(3, "hi");
  writer.floatField(4, 1.0f);
  writer.doubleField(5, 2.0);
  EXPECT_EQ(hexOf(out), "1a 02 68 69 25 00 00 80 3f 29 00 00 00 00 00 00 00 40");
  EXPECT_EQ(varintSize(0), 1u);
  EXPECT_EQ(varintSize(127), 1u);
  EXPECT_EQ(varintSize(128), 2u);
  EXPECT_EQ(varintSize(~uint64_t(0)), 10u);

  WireReader reader(out);
  WireField field;
  ASSERT_TRUE(reader.next(field));
  EXPECT_EQ(field.number, 3u);
  EXPECT_EQ(field.bytes, "hi");
  ASSERT_TRUE(reader.next(field));
  EXPECT_EQ(field.type, WireType::Fixed32);
  EXPECT_EQ(field.integer, 0x3f800000u);
  ASSERT_TRUE(reader.next(field));
  EXPECT_EQ(field.type, WireType::Fixed64);
  EXPECT_FALSE(reader.next(field));
  EXPECT_EQ(reader.error(), "");
}

TEST(WireFormat, MalformedInputIsAnErrorWithOffset) {
  struct Case {
    std::string bytes, error;
  };
  for (const Case &c : std::vector<Case>{
           {"\x08", "malformed varint in field 1"},
           {"\x08\x80\x80", "malformed varint"},
           {std::string("\x0a\x05" "abc"), "claims 5 bytes but 3 remain"},
           {"\x0b", "unsupported wire type 3"},
           {std::string("\x00", 1), "invalid field number 0"},
           {"\x0d\x01\x02", "truncated fixed-width field 1"},
           {"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", "malformed tag"},
       }) {
    WireReader reader(c.bytes, 100);
    WireField field;
    while (reader.next(field)) {
    }
    EXPECT_NE(reader.error().find(c.error), std::string::npos)
        << hexOf(c.bytes) << ": " << reader.error();
    EXPECT_NE(reader.error().find("at byte offset 100"), std::string::npos)
        << reader.error();
  }
}

Example sampleExample() {
  Example example;
  example.features["label"] = Feature::int64s({7});
  example.features["img_raw"] = Feature::bytes({std::string(784, '\x7f')});
  example.features["weights"] =
      Feature::floats({0.5f, -1.25f, std::numeric_limits<float>::infinity()});
  example.features["ids"] =
      Feature::int64s({-1, 0, std::numeric_limits<int64_t>::max(),
                       std::numeric_limits<int64_t>::min()});
  example.features["tokens"] = Feature::bytes({"", "a", std::string("\0b", 2)});
  example.features["empty_floats"] = Feature::floats({});
  example.features["unset"] = Feature();
  return example;
}

TEST(Example, RoundTripsEveryFeatureType) {
  Example example = sampleExample();
  Example back;
  KILN_ASSERT_OK(decodeExample(encodeExample(example), back));
  EXPECT_TRUE(back == example);
  Example empty;
  EXPECT_EQ(hexOf(encodeExample(empty)), "0a 00");
  KILN_ASSERT_OK(decodeExample("", back));
  EXPECT_TRUE(back.features.empty());
}

TEST(Example, EncodesLikeTensorFlowsDeterministicSerializer) {
  // tf.train.Example(features=tf.train.Features(feature={
  //   "a": Feature(int64_list=Int64List(value=[1, 2])),
  //   "b": Feature(float_list=FloatList(value=[1.0]))}))
  //   .SerializeToString(deterministic=True)
  Example example;
  example.features["b"] = Feature::floats({1.0f});
  example.features["a"] = Feature::int64s({1, 2});
  EXPECT_EQ(hexOf(encodeExample(example)),
            "0a 1c 0a 0b 0a 01 61 12 06 1a 04 0a 02 01 02 0a 0d 0a 01 62 12 "
            "08 12 06 0a 04 00 00 80 3f");
  // An empty float list and an unset Feature, checked the same way.
  Example empty;
  empty.features["x"] = Feature::floats({});
  empty.features["y"] = Feature();
  EXPECT_EQ(hexOf(encodeExample(empty)),
            "0a 10 0a 07 0a 01 78 12 02 12 00 0a 05 0a 01 79 12 00");
}

TEST(Example, AcceptsUnpackedScalarsAnyOrderUnknownFieldsAndMerges) {
  // Built by hand: value before key, unpacked float and int64 values, an
  // unknown field in every message, and a repeated key (the last wins).
  auto message = [](uint32_t field, const std::string &body) {
    std::string out;
    WireWriter(out).bytesField(field, body);
    return out;
  };
  std::string floats;
  WireWriter(floats).floatField(1, 1.5f);
  WireWriter(floats).floatField(1, 2.5f);
  WireWriter(floats).varintField(9, 3); // unknown
  std::string ints;
  WireWriter(ints).varintField(1, 4);
  WireWriter(ints).bytesField(1, std::string("\x05\x06", 2)); // packed
  std::string entryF = message(2, message(2, floats)) + message(1, "f");
  std::string entryI = message(1, "i") + message(2, message(3, ints));
  std::string entryOld = message(1, "i") + message(2, message(3, "\x08\x63"));
  std::string unknown;
  WireWriter(unknown).varintField(5, 1);
  std::string features = unknown + message(1, entryOld) + message(1, entryF) +
                         message(1, entryI);
  std::string bytes = unknown + message(1, features);
  Example example;
  KILN_ASSERT_OK(decodeExample(bytes, example));
  ASSERT_EQ(example.features.size(), 2u);
  EXPECT_TRUE(example.features["f"] == Feature::floats({1.5f, 2.5f}));
  EXPECT_TRUE(example.features["i"] == Feature::int64s({4, 5, 6}));
}

TEST(Example, MalformedBytesNameTheFeatureAndOffset) {
  Example good;
  good.features["pixels"] = Feature::floats({1, 2, 3});
  std::string bytes = encodeExample(good);
  // Packed float bytes that are not a multiple of 4.
  std::string bad = bytes;
  size_t packed = bad.find(std::string("\x0a\x0c", 2));
  ASSERT_NE(packed, std::string::npos);
  bad.erase(bad.size() - 1);
  Example out;
  KILN_EXPECT_ERROR(decodeExample(bad, out, "train.tfrecord record 3"),
                    StatusCode::InvalidArgument,
                    "train.tfrecord record 3: ");
  // A wrong wire type for a bytes value names the feature.
  std::string list;
  WireWriter(list).varintField(1, 5);
  std::string feature, entry, features, example;
  WireWriter(feature).bytesField(1, list);
  WireWriter(entry).bytesField(1, "name");
  WireWriter(entry).bytesField(2, feature);
  WireWriter(features).bytesField(1, entry);
  WireWriter(example).bytesField(1, features);
  KILN_EXPECT_ERROR(decodeExample(example, out, "rec"),
                    StatusCode::InvalidArgument,
                    "rec: feature 'name': bytes_list value has wire type 0");
  // Every truncation of a valid Example is an error or a valid prefix,
  // never a crash.
  std::string full = encodeExample(sampleExample());
  for (size_t length = 0; length < full.size(); ++length)
    (void)decodeExample(full.substr(0, length), out);
}

ParseSpec mnistSpec() {
  ParseSpec spec;
  spec.dense.push_back({"label", FeatureType::Int64, {}, std::nullopt});
  spec.dense.push_back({"img_raw", FeatureType::Bytes, {}, std::nullopt});
  return spec;
}

TEST(ExampleParsing, FixedLenFeaturesOfEveryType) {
  Example example;
  example.features["label"] = Feature::int64s({3});
  example.features["img_raw"] = Feature::bytes({"pixels"});
  example.features["matrix"] = Feature::floats({1, 2, 3, 4, 5, 6});
  example.features["ignored"] = Feature::int64s({1, 2, 3});
  ParseSpec spec = mnistSpec();
  spec.dense.push_back({"matrix", FeatureType::Float, {2, 3}, std::nullopt});
  spec.dense.push_back(
      {"scale", FeatureType::Float, {}, Feature::floats({0.5f})});
  spec.dense.push_back(
      {"pad", FeatureType::Int64, {2, 2}, Feature::int64s({9})}); // broadcast
  spec.dense.push_back(
      {"names", FeatureType::Bytes, {2}, Feature::bytes({"x", "y"})});
  ParsedFeatures parsed;
  KILN_ASSERT_OK(parseSingleExample(encodeExample(example), spec, parsed));
  EXPECT_EQ(parsed.dense["label"].int64s, std::vector<int64_t>{3});
  EXPECT_TRUE(parsed.dense["label"].shape.empty());
  EXPECT_EQ(parsed.dense["img_raw"].bytes, std::vector<std::string>{"pixels"});
  EXPECT_EQ(parsed.dense["matrix"].shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(parsed.dense["matrix"].floats,
            (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(parsed.dense["scale"].floats, std::vector<float>{0.5f});
  EXPECT_EQ(parsed.dense["pad"].int64s, (std::vector<int64_t>{9, 9, 9, 9}));
  EXPECT_EQ(parsed.dense["names"].bytes,
            (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(parsed.dense.count("ignored"), 0u);
}

TEST(ExampleParsing, ErrorsNameTheFeature) {
  Example example;
  example.features["label"] = Feature::floats({3});
  ParsedFeatures parsed;
  KILN_EXPECT_ERROR(parseFeatures(example, mnistSpec(), parsed, "rec 4"),
                    StatusCode::InvalidArgument,
                    "rec 4: feature 'label': the spec asks for int64 values "
                    "but the Example holds a float_list");
  example.features["label"] = Feature::int64s({3, 4});
  KILN_EXPECT_ERROR(parseFeatures(example, mnistSpec(), parsed, "rec 4"),
                    StatusCode::InvalidArgument,
                    "feature 'label': expected 1 values for shape [], found 2");
  example.features["label"] = Feature::int64s({3});
  KILN_EXPECT_ERROR(parseFeatures(example, mnistSpec(), parsed, "rec 4"),
                    StatusCode::InvalidArgument,
                    "rec 4: feature 'img_raw': required bytes feature of "
                    "shape [] is missing and has no default");
  // An unset Feature is missing (the default applies; without one it is an
  // error); an empty list of the right type is simply too short.
  example.features["img_raw"] = Feature();
  ParseSpec withDefault = mnistSpec();
  withDefault.dense[1].defaultValue = Feature::bytes({"blank"});
  KILN_ASSERT_OK(parseFeatures(example, withDefault, parsed));
  EXPECT_EQ(parsed.dense["img_raw"].bytes, std::vector<std::string>{"blank"});
  KILN_EXPECT_ERROR(parseFeatures(example, mnistSpec(), parsed, "rec 5"),
                    StatusCode::InvalidArgument,
                    "rec 5: feature 'img_raw': required bytes feature");
  example.features["img_raw"] = Feature::bytes({});
  KILN_EXPECT_ERROR(parseFeatures(example, withDefault, parsed, "rec 6"),
                    StatusCode::InvalidArgument,
                    "expected 1 values for shape [], found 0");
  ParseSpec badSpec;
  badSpec.dense.push_back({"x", FeatureType::Int64, {-1}, std::nullopt});
  KILN_EXPECT_ERROR(validateParseSpec(badSpec), StatusCode::InvalidArgument,
                    "feature 'x' has shape [-1]");
  badSpec.dense = {{"x", FeatureType::Int64, {3}, Feature::int64s({1, 2})}};
  KILN_EXPECT_ERROR(validateParseSpec(badSpec), StatusCode::InvalidArgument,
                    "feature 'x' default has 2 values");
  badSpec.dense = {{"x", FeatureType::Int64, {}, Feature::floats({1})}};
  KILN_EXPECT_ERROR(validateParseSpec(badSpec), StatusCode::InvalidArgument,
                    "feature 'x' is int64 but its default is float");
  badSpec.dense = {{"x", FeatureType::Int64, {}, std::nullopt}};
  badSpec.sparse = {{"x", FeatureType::Int64}};
  KILN_EXPECT_ERROR(validateParseSpec(badSpec), StatusCode::InvalidArgument,
                    "feature 'x' is listed twice");
}

TEST(ExampleParsing, VarLenFeaturesAreSparse) {
  Example example;
  example.features["tags"] = Feature::bytes({"a", "b", "c"});
  example.features["none"] = Feature(); // an unset oneof: empty
  ParseSpec spec;
  spec.sparse = {{"tags", FeatureType::Bytes},
                 {"none", FeatureType::Float},
                 {"absent", FeatureType::Int64}};
  ParsedFeatures parsed;
  KILN_ASSERT_OK(parseFeatures(example, spec, parsed));
  const SparseFeatureTensor &tags = parsed.sparse["tags"];
  EXPECT_EQ(tags.indices, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(tags.values.bytes, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(tags.values.shape, std::vector<int64_t>{3});
  EXPECT_EQ(tags.denseShape, std::vector<int64_t>{3});
  EXPECT_EQ(parsed.sparse["none"].denseShape, std::vector<int64_t>{0});
  EXPECT_TRUE(parsed.sparse["absent"].indices.empty());
  example.features["tags"] = Feature::int64s({1});
  KILN_EXPECT_ERROR(parseFeatures(example, spec, parsed, "ex"),
                    StatusCode::InvalidArgument, "ex: feature 'tags'");
}

TEST(ExampleParsing, BatchesStackDenseAndIndexSparse) {
  std::vector<std::string> batch;
  for (int64_t i = 0; i < 3; ++i) {
    Example example;
    example.features["label"] = Feature::int64s({i});
    example.features["img_raw"] = Feature::bytes({std::string(2, char('a' + i))});
    std::vector<float> values(static_cast<size_t>(i), float(i));
    example.features["v"] = Feature::floats(values);
    batch.push_back(encodeExample(example));
  }
  ParseSpec spec = mnistSpec();
  spec.sparse = {{"v", FeatureType::Float}};
  ParsedFeatures parsed;
  KILN_ASSERT_OK(parseExampleBatch(batch, spec, parsed));
  EXPECT_EQ(parsed.dense["label"].shape, std::vector<int64_t>{3});
  EXPECT_EQ(parsed.dense["label"].int64s, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(parsed.dense["img_raw"].bytes,
            (std::vector<std::string>{"aa", "bb", "cc"}));
  const SparseFeatureTensor &v = parsed.sparse["v"];
  EXPECT_EQ(v.indices, (std::vector<int64_t>{1, 0, 2, 0, 2, 1}));
  EXPECT_EQ(v.values.floats, (std::vector<float>{1, 2, 2}));
  EXPECT_EQ(v.denseShape, (std::vector<int64_t>{3, 2}));
  kiln::runtime::HostTensor labels;
  KILN_ASSERT_OK(toHostTensor(parsed.dense["label"], labels));
  EXPECT_EQ(labels.dtype, kiln::runtime::DType::I64);
  EXPECT_EQ(labels.shape, std::vector<int64_t>{3});
  EXPECT_EQ(labels.as<int64_t>()[2], 2);
  KILN_EXPECT_ERROR(toHostTensor(parsed.dense["img_raw"], labels, "img_raw"),
                    StatusCode::InvalidArgument,
                    "img_raw: a bytes tensor has no numeric layout");
  batch[1] = "\xff";
  KILN_EXPECT_ERROR(parseExampleBatch(batch, spec, parsed, "batch 9"),
                    StatusCode::InvalidArgument, "batch 9 #1");
}

} // namespace
