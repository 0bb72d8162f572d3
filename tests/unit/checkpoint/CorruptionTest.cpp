//===- CorruptionTest.cpp - damaged checkpoints fail cleanly --------------===//
//
// Flipped bytes and truncation anywhere in either file give a clear error
// that names the file (and the tensor, for data), never a crash and never
// wrong values.
//===----------------------------------------------------------------------===//

#include "CheckpointTestUtil.h"
#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/naming.h"

#include <filesystem>

namespace kiln::runtime::checkpoint {
namespace {

using testing::makeTensor;
using testing::readBytes;
using testing::TempDir;
using testing::writeBytes;

class CorruptionTest : public ::testing::Test {
protected:
  void SetUp() override {
    prefix_ = dir_ / "model.ckpt";
    tensors_ = {
        {"hidden1/weights", makeTensor<float>(DType::F32, {2, 2}, {1, 2, 3, 4})},
        {"hidden1/biases", makeTensor<float>(DType::F32, {2}, {0.5f, -0.5f})},
        {"global_step", makeTensor<int64_t>(DType::I64, {}, {100})},
    };
    ASSERT_TRUE(writeCheckpoint(prefix_, tensors_).ok());
    index_ = readBytes(indexFileName(prefix_));
    data_ = readBytes(dataFileName(prefix_, 0, 1));
  }

  /// Opens and reads everything: Ok only if every value is the original.
  io::Status readAll() {
    std::unique_ptr<BundleReader> reader;
    KILN_IO_RETURN_IF_ERROR(BundleReader::open(prefix_, reader));
    for (const NamedTensor &named : tensors_) {
      HostTensor tensor;
      KILN_IO_RETURN_IF_ERROR(reader->read(named.name, tensor));
      EXPECT_EQ(tensor.data, named.tensor.data) << named.name;
    }
    return io::Status();
  }

  TempDir dir_;
  std::string prefix_;
  std::vector<NamedTensor> tensors_;
  std::string index_, data_;
};

TEST_F(CorruptionTest, FlippedIndexBytesAreRefusedNamingTheIndex) {
  size_t footerPadding = index_.size() - 48;
  for (size_t at = 0; at < index_.size(); ++at) {
    std::string bad = index_;
    bad[at] ^= 0x01;
    writeBytes(indexFileName(prefix_), bad);
    io::Status status = readAll(); // must not crash, whatever the byte
    // Footer handles are checked through the blocks they point at; its zero
    // padding is not checked at all, as in LevelDB.
    if (at >= footerPadding)
      continue;
    ASSERT_FALSE(status.ok()) << "flip at byte " << at << " went unnoticed";
    EXPECT_NE(status.message().find(indexFileName(prefix_)), std::string::npos)
        << status.message();
  }
}

TEST_F(CorruptionTest, FlippedDataBytesNameTheDataFileAndTheTensor) {
  std::unique_ptr<BundleReader> reader;
  ASSERT_TRUE(BundleReader::open(prefix_, reader).ok());
  for (const NamedTensor &named : tensors_) {
    const TensorInfo *info = reader->find(named.name);
    ASSERT_TRUE(info);
    for (int64_t at = info->entry.offset; at < info->entry.offset + info->entry.size;
         ++at) {
      std::string bad = data_;
      bad[at] ^= 0x80;
      writeBytes(dataFileName(prefix_, 0, 1), bad);
      std::unique_ptr<BundleReader> damaged;
      ASSERT_TRUE(BundleReader::open(prefix_, damaged).ok());
      HostTensor tensor;
      io::Status status = damaged->read(named.name, tensor);
      EXPECT_EQ(status.code(), io::StatusCode::DataLoss);
      EXPECT_NE(status.message().find(dataFileName(prefix_, 0, 1)), std::string::npos);
      EXPECT_NE(status.message().find("\"" + named.name + "\""), std::string::npos)
          << status.message();
      EXPECT_NE(status.message().find("checksum"), std::string::npos);
    }
  }
}

TEST_F(CorruptionTest, EveryTruncationOfTheIndexIsRefused) {
  for (size_t length = 0; length < index_.size(); ++length) {
    writeBytes(indexFileName(prefix_), index_.substr(0, length));
    io::Status status = readAll();
    ASSERT_FALSE(status.ok()) << "index truncated to " << length << " bytes";
    EXPECT_EQ(status.code(), io::StatusCode::DataLoss);
  }
}

TEST_F(CorruptionTest, TruncatedDataIsRefusedAtOpenNamingTheTensor) {
  for (size_t length = 0; length < data_.size(); ++length) {
    writeBytes(dataFileName(prefix_, 0, 1), data_.substr(0, length));
    std::unique_ptr<BundleReader> reader;
    io::Status status = BundleReader::open(prefix_, reader);
    ASSERT_EQ(status.code(), io::StatusCode::DataLoss) << length;
    EXPECT_NE(status.message().find("truncated"), std::string::npos);
    EXPECT_NE(status.message().find(dataFileName(prefix_, 0, 1)), std::string::npos);
    EXPECT_NE(status.message().find("tensor \""), std::string::npos);
  }
}

TEST_F(CorruptionTest, MissingDataFileIsNotFound) {
  std::filesystem::remove(dataFileName(prefix_, 0, 1));
  std::unique_ptr<BundleReader> reader;
  io::Status status = BundleReader::open(prefix_, reader);
  EXPECT_EQ(status.code(), io::StatusCode::NotFound);
  EXPECT_NE(status.message().find("data-00000-of-00001"), std::string::npos);
}

TEST_F(CorruptionTest, GarbageFilesNeverCrash) {
  // Deterministic pseudo-random bytes, with and without a valid magic.
  uint32_t state = 12345;
  for (int round = 0; round < 200; ++round) {
    std::string junk(size_t(state % 300), '\0');
    for (char &c : junk) {
      state = state * 1103515245u + 12345u;
      c = static_cast<char>(state >> 16);
    }
    if (round % 2 && junk.size() >= 8)
      junk.replace(junk.size() - 8, 8, "\x57\xfb\x80\x8b\x24\x75\x47\xdb");
    writeBytes(indexFileName(prefix_), junk);
    EXPECT_FALSE(readAll().ok());
  }
}

} // namespace
} // namespace kiln::runtime::checkpoint
