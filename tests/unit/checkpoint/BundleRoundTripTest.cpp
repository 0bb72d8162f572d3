//===- BundleRoundTripTest.cpp - write then read every dtype and shape ----===//

#include "CheckpointTestUtil.h"
#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/naming.h"

#include <filesystem>

namespace kiln::runtime::checkpoint {
namespace {

using testing::makeTensor;
using testing::TempDir;

std::vector<NamedTensor> everyDtype() {
  return {
      {"f32", makeTensor<float>(DType::F32, {2, 3}, {1, -2, 3.5f, 0, 1e-30f, 7})},
      {"f64", makeTensor<double>(DType::F64, {3}, {1.0 / 3, -0.0, 1e300})},
      {"i32", makeTensor<int32_t>(DType::I32, {2}, {-2147483647 - 1, 5})},
      {"i64", makeTensor<int64_t>(DType::I64, {1, 2}, {-1, int64_t(1) << 62})},
      {"u8", makeTensor<uint8_t>(DType::U8, {4}, {0, 1, 128, 255})},
      {"bool", makeTensor<uint8_t>(DType::Bool, {2, 1}, {1, 0})},
      {"f16", makeTensor<uint16_t>(DType::F16, {1}, {0x3c00})},
      {"i8", makeTensor<int8_t>(DType::I8, {2}, {-128, 127})},
      {"i16", makeTensor<int16_t>(DType::I16, {2}, {-32768, 32767})},
      {"scalar", makeTensor<float>(DType::F32, {}, {2.5f})},
      {"scalar_i64", makeTensor<int64_t>(DType::I64, {}, {1234567})},
      {"empty", makeTensor<float>(DType::F32, {0}, {})},
      {"empty2d", makeTensor<int32_t>(DType::I32, {3, 0}, {})},
      {"a/deeply/scoped/name", makeTensor<float>(DType::F32, {1, 1, 1, 1}, {9})},
  };
}

TEST(BundleRoundTripTest, EveryDtypeAndShapeReadsBackIdentically) {
  TempDir dir;
  std::string prefix = dir / "model.ckpt";
  std::vector<NamedTensor> tensors = everyDtype();
  io::Status status = writeCheckpoint(prefix, tensors);
  ASSERT_TRUE(status.ok()) << status.toString();
  std::unique_ptr<BundleReader> reader;
  status = BundleReader::open(prefix, reader);
  ASSERT_TRUE(status.ok()) << status.toString();
  ASSERT_EQ(reader->tensors().size(), tensors.size());
  for (size_t i = 1; i < reader->tensors().size(); ++i)
    EXPECT_LT(reader->tensors()[i - 1].name, reader->tensors()[i].name);
  for (const NamedTensor &named : tensors) {
    HostTensor read;
    status = reader->read(named.name, read);
    ASSERT_TRUE(status.ok()) << status.toString();
    EXPECT_EQ(read.dtype, named.tensor.dtype) << named.name;
    EXPECT_EQ(read.shape, named.tensor.shape) << named.name;
    EXPECT_EQ(read.data, named.tensor.data) << named.name;
    HostTensor again;
    EXPECT_TRUE(reader->readExpecting(named.name, named.tensor.dtype,
                                      named.tensor.shape, again)
                    .ok());
  }
}

TEST(BundleRoundTripTest, DataFileKeepsAddOrderAndNoTemporariesRemain) {
  TempDir dir;
  std::string prefix = dir / "ckpt";
  ASSERT_TRUE(writeCheckpoint(prefix, {{"z", makeTensor<int32_t>(DType::I32, {}, {1})},
                                       {"a", makeTensor<int32_t>(DType::I32, {}, {2})}})
                  .ok());
  EXPECT_EQ(testing::readBytes(dataFileName(prefix, 0, 1)),
            std::string("\1\0\0\0\2\0\0\0", 8));
  std::vector<std::string> names;
  for (const auto &file : std::filesystem::directory_iterator(dir.path()))
    names.push_back(file.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"ckpt.data-00000-of-00001", "ckpt.index"}));
}

TEST(BundleRoundTripTest, MismatchedExpectationsNameFileAndTensor) {
  TempDir dir;
  std::string prefix = dir / "m";
  ASSERT_TRUE(writeCheckpoint(prefix, {{"hidden1/weights",
                                        makeTensor<float>(DType::F32, {2, 2}, {1, 2, 3, 4})}})
                  .ok());
  std::unique_ptr<BundleReader> reader;
  ASSERT_TRUE(BundleReader::open(prefix, reader).ok());
  HostTensor out;
  io::Status status = reader->readExpecting("hidden1/weights", DType::F32, {2, 3}, out);
  EXPECT_EQ(status.code(), io::StatusCode::InvalidArgument);
  EXPECT_NE(status.message().find(prefix + ".index"), std::string::npos);
  EXPECT_NE(status.message().find("\"hidden1/weights\" is f32 [2,2] in the "
                                  "checkpoint but f32 [2,3] was expected"),
            std::string::npos)
      << status.message();
  status = reader->readExpecting("hidden1/weights", DType::F64, {2, 2}, out);
  EXPECT_EQ(status.code(), io::StatusCode::InvalidArgument);
  status = reader->read("hidden2/weights", out);
  EXPECT_EQ(status.code(), io::StatusCode::NotFound);
  EXPECT_NE(status.message().find("hidden2/weights"), std::string::npos);
}

TEST(BundleRoundTripTest, VariableStorageSavesAndRestoresWithoutHostTensors) {
  TempDir dir;
  std::string prefix = dir / "vars";
  float weights[6] = {1, 2, 3, 4, 5, 6};
  int64_t step = 77;
  std::unique_ptr<BundleWriter> writer;
  ASSERT_TRUE(BundleWriter::open(prefix, writer).ok());
  ASSERT_TRUE(writer->add("w", DType::F32, {2, 3}, weights, sizeof(weights)).ok());
  ASSERT_TRUE(writer->add("global_step", DType::I64, {}, &step, sizeof(step)).ok());
  EXPECT_FALSE(writer->add("short", DType::F32, {7}, weights, sizeof(weights)).ok());
  EXPECT_FALSE(writer->finish().ok()); // the refused tensor failed the save

  ASSERT_TRUE(BundleWriter::open(prefix, writer).ok());
  ASSERT_TRUE(writer->add("w", DType::F32, {2, 3}, weights, sizeof(weights)).ok());
  ASSERT_TRUE(writer->add("global_step", DType::I64, {}, &step, sizeof(step)).ok());
  ASSERT_TRUE(writer->finish().ok());

  std::unique_ptr<BundleReader> reader;
  ASSERT_TRUE(BundleReader::open(prefix, reader).ok());
  float restored[6] = {};
  int64_t restoredStep = 0;
  ASSERT_TRUE(reader->readInto("w", DType::F32, {2, 3}, restored, sizeof(restored)).ok());
  ASSERT_TRUE(reader->readInto("global_step", DType::I64, {}, &restoredStep, 8).ok());
  EXPECT_EQ(std::memcmp(restored, weights, sizeof(weights)), 0);
  EXPECT_EQ(restoredStep, 77);
  EXPECT_EQ(reader->readInto("w", DType::F32, {2, 3}, restored, 8).code(),
            io::StatusCode::InvalidArgument);
  EXPECT_EQ(reader->readInto("w", DType::F32, {6}, restored, sizeof(restored)).code(),
            io::StatusCode::InvalidArgument);
  EXPECT_EQ(reader->readInto("nope", DType::F32, {}, restored, 4).code(),
            io::StatusCode::NotFound);
}

TEST(BundleRoundTripTest, WriterRefusesBadTensors) {
  TempDir dir;
  std::unique_ptr<BundleWriter> writer;
  ASSERT_TRUE(BundleWriter::open(dir / "bad", writer).ok());
  HostTensor wrongSize = makeTensor<float>(DType::F32, {3}, {1, 2});
  io::Status status = writer->add("w", wrongSize);
  EXPECT_EQ(status.code(), io::StatusCode::InvalidArgument);
  EXPECT_NE(status.message().find("\"w\" holds 8 bytes"), std::string::npos);
  EXPECT_FALSE(writer->finish().ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "bad.index"));

  ASSERT_TRUE(BundleWriter::open(dir / "bad2", writer).ok());
  EXPECT_FALSE(writer->add("", makeTensor<float>(DType::F32, {}, {1})).ok());
  ASSERT_TRUE(BundleWriter::open(dir / "bad3", writer).ok());
  ASSERT_TRUE(writer->add("x", makeTensor<float>(DType::F32, {}, {1})).ok());
  EXPECT_EQ(writer->add("x", makeTensor<float>(DType::F32, {}, {1})).code(),
            io::StatusCode::InvalidArgument);
  writer.reset();
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(BundleRoundTripTest, MissingCheckpointIsNotFoundNamingThePrefix) {
  TempDir dir;
  std::unique_ptr<BundleReader> reader;
  io::Status status = BundleReader::open(dir / "nothing", reader);
  EXPECT_EQ(status.code(), io::StatusCode::NotFound);
  EXPECT_NE(status.message().find("nothing.index"), std::string::npos);
}

} // namespace
} // namespace kiln::runtime::checkpoint
