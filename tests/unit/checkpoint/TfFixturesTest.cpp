//===- TfFixturesTest.cpp - checkpoints TensorFlow wrote ------------------===//
//
// Reads the real V2 checkpoints under ../shared/testdata/tf-graphs (TF 1.2 to
// 2.5: tf.train.Saver, SavedModel variables/, TF2 object-based ones) and
// checks their values (as tf.train.load_checkpoint prints them). Then
// writes the same tensors in the same data order with kiln and requires
// both files to be byte-identical to TensorFlow's.
//===----------------------------------------------------------------------===//

#include "CheckpointTestUtil.h"
#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/data_type.h"
#include "kiln/runtime/checkpoint/naming.h"

#include <algorithm>

namespace kiln::runtime::checkpoint {
namespace {

using testing::TempDir;

const char kRegressionModel[] =
    "tensorflow__rust/test_resources/regression-model/variables/variables";
const char kHalfPlusTwoMkl[] =
    "tensorflow__serving/tensorflow_serving/servables/tensorflow/testdata/"
    "saved_model_half_plus_two_mkl/00000123/variables/variables";
const char kHalfPlusTwoCpu[] =
    "tensorflow__serving/tensorflow_serving/servables/tensorflow/testdata/"
    "saved_model_half_plus_two_cpu/00000123/variables/variables";
const char kTf2HalfPlusTwo[] =
    "tensorflow__serving/tensorflow_serving/servables/tensorflow/testdata/"
    "saved_model_half_plus_two_tf2_cpu/00000123/variables/variables";
const char kTf2Regression[] =
    "tensorflow__rust/examples/regression_savedmodel/variables/variables";

std::unique_ptr<BundleReader> openOrFail(const std::string &prefix) {
  std::unique_ptr<BundleReader> reader;
  io::Status status = BundleReader::open(prefix, reader);
  EXPECT_TRUE(status.ok()) << status.toString();
  return reader;
}

float scalarFloat(const BundleReader &reader, const std::string &name) {
  HostTensor tensor;
  io::Status status = reader.read(name, tensor);
  EXPECT_TRUE(status.ok()) << status.toString();
  EXPECT_EQ(tensor.dtype, DType::F32) << name;
  return tensor.data.size() == 4 ? tensor.as<float>()[0] : -12345.0f;
}

/// Rewrites every tensor of `prefix` in its data-file order with kiln and
/// expects TensorFlow's exact bytes.
void expectByteIdenticalRewrite(const std::string &prefix) {
  std::unique_ptr<BundleReader> reader = openOrFail(prefix);
  ASSERT_TRUE(reader);
  std::vector<const TensorInfo *> byOffset;
  for (const TensorInfo &info : reader->tensors())
    byOffset.push_back(&info);
  std::sort(byOffset.begin(), byOffset.end(),
            [](const TensorInfo *a, const TensorInfo *b) {
              return a->entry.offset < b->entry.offset;
            });
  std::vector<NamedTensor> tensors;
  for (const TensorInfo *info : byOffset) {
    NamedTensor named{info->name, {}};
    ASSERT_TRUE(reader->read(info->name, named.tensor).ok());
    tensors.push_back(std::move(named));
  }
  TempDir dir;
  std::string copy = dir / "copy";
  ASSERT_TRUE(writeCheckpoint(copy, tensors).ok());
  EXPECT_EQ(testing::readBytes(indexFileName(copy)),
            testing::readBytes(indexFileName(prefix)))
      << prefix;
  EXPECT_EQ(testing::readBytes(dataFileName(copy, 0, 1)),
            testing::readBytes(dataFileName(prefix, 0, 1)))
      << prefix;
}

TEST(TfFixturesTest, Tf1RegressionModelValues) {
  KILN_REQUIRE_FIXTURE(prefix, kRegressionModel);
  auto reader = openOrFail(prefix);
  ASSERT_TRUE(reader);
  ASSERT_EQ(reader->tensors().size(), 2u);
  EXPECT_EQ(reader->tensors()[0].name, "b");
  EXPECT_EQ(reader->tensors()[1].name, "w");
  EXPECT_EQ(reader->tensors()[1].entry.shape, std::vector<int64_t>{1});
  EXPECT_EQ(scalarFloat(*reader, "b"), 0.0f);
  EXPECT_EQ(scalarFloat(*reader, "w"), -0.85786223f);
}

TEST(TfFixturesTest, Tf1HalfPlusTwoValues) {
  KILN_REQUIRE_FIXTURE(prefix, kHalfPlusTwoMkl);
  auto reader = openOrFail(prefix);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->tensors().size(), 9u);
  EXPECT_EQ(scalarFloat(*reader, "a"), 0.5f);
  EXPECT_EQ(scalarFloat(*reader, "b"), 2.0f);
  EXPECT_EQ(scalarFloat(*reader, "c"), 3.0f);
  EXPECT_EQ(scalarFloat(*reader, "conv2d/kernel"), -0.52239597f);
  EXPECT_EQ(scalarFloat(*reader, "conv2d_1/kernel"), -1.045112f);
  EXPECT_EQ(scalarFloat(*reader, "conv2d_2/kernel"), 1.5779432f);
  EXPECT_EQ(reader->find("conv2d/kernel")->entry.shape,
            (std::vector<int64_t>{1, 1, 1, 1}));
}

TEST(TfFixturesTest, Tf1CheckpointsRewriteByteForByte) {
  const char *fixtures[] = {
      kRegressionModel,
      kHalfPlusTwoMkl,
      "onnx__tensorflow-onnx/tests/models/regression/checkpoint/model",
      "tensorflow__serving/tensorflow_serving/servables/tensorflow/testdata/"
      "saved_model_counter/00000123/variables/variables",
      "onnx__tensorflow-onnx@66161eb1/tests/models/assign/variables/variables",
  };
  int checked = 0;
  for (const char *relative : fixtures) {
    std::string prefix = testing::fixture(relative);
    if (prefix.empty())
      continue;
    SCOPED_TRACE(relative);
    expectByteIdenticalRewrite(prefix);
    ++checked;
  }
  if (!checked)
    GTEST_SKIP() << "shared test data not found under " << testing::testdataDir();
}

TEST(TfFixturesTest, Tf2ObjectBasedCheckpointValuesAndObjectGraph) {
  KILN_REQUIRE_FIXTURE(prefix, kTf2Regression);
  auto reader = openOrFail(prefix);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->tensors().size(), 7u);
  EXPECT_EQ(scalarFloat(*reader, "w/.ATTRIBUTES/VARIABLE_VALUE"), 0.20429754f);
  EXPECT_EQ(scalarFloat(*reader, "optimizer/learning_rate/.ATTRIBUTES/VARIABLE_VALUE"),
            0.5f);
  HostTensor iter;
  ASSERT_TRUE(reader->read("optimizer/iter/.ATTRIBUTES/VARIABLE_VALUE", iter).ok());
  EXPECT_EQ(iter.dtype, DType::I64);
  EXPECT_EQ(iter.as<int64_t>()[0], 0);
  // The object graph is a DT_STRING scalar: lengths, their checksum, bytes.
  std::vector<std::string> graph;
  io::Status status = reader->readStrings("_CHECKPOINTABLE_OBJECT_GRAPH", graph);
  ASSERT_TRUE(status.ok()) << status.toString();
  ASSERT_EQ(graph.size(), 1u);
  EXPECT_EQ(graph[0].size(), 531u);
  HostTensor notNumeric;
  status = reader->read("_CHECKPOINTABLE_OBJECT_GRAPH", notNumeric);
  EXPECT_EQ(status.code(), io::StatusCode::Unimplemented);
  EXPECT_NE(status.message().find("DT_STRING"), std::string::npos);
}

TEST(TfFixturesTest, SnappyCompressedIndexBlocksRead) {
  // These indexes were not written by TF's bundle writer (which never
  // compresses): their data and index blocks are snappy-compressed.
  KILN_REQUIRE_FIXTURE(prefix, kHalfPlusTwoCpu);
  EXPECT_EQ(testing::readBytes(indexFileName(prefix))[0], 'd'); // varint 100
  auto reader = openOrFail(prefix);
  ASSERT_TRUE(reader);
  ASSERT_EQ(reader->tensors().size(), 5u);
  EXPECT_EQ(scalarFloat(*reader, "a"), 0.5f);
  EXPECT_EQ(scalarFloat(*reader, "a2"), 0.5f);
  EXPECT_EQ(scalarFloat(*reader, "b"), 2.0f);
  EXPECT_EQ(scalarFloat(*reader, "c"), 3.0f);
  EXPECT_EQ(scalarFloat(*reader, "c2"), 3.0f);
}

TEST(TfFixturesTest, Tf2HalfPlusTwoValues) {
  KILN_REQUIRE_FIXTURE(prefix, kTf2HalfPlusTwo);
  auto reader = openOrFail(prefix);
  ASSERT_TRUE(reader);
  EXPECT_EQ(scalarFloat(*reader, "a/.ATTRIBUTES/VARIABLE_VALUE"), 0.5f);
  EXPECT_EQ(scalarFloat(*reader, "b/.ATTRIBUTES/VARIABLE_VALUE"), 2.0f);
  EXPECT_EQ(scalarFloat(*reader, "c/.ATTRIBUTES/VARIABLE_VALUE"), 3.0f);
  std::vector<std::string> graph;
  ASSERT_TRUE(reader->readStrings("_CHECKPOINTABLE_OBJECT_GRAPH", graph).ok());
  EXPECT_EQ(graph.at(0).size(), 613u);
}

} // namespace
} // namespace kiln::runtime::checkpoint
