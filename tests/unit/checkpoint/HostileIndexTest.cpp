//===- HostileIndexTest.cpp - well-formed tables saying impossible things -===//
//
// Checksums catch accidents, not lies: these indexes have valid block CRCs
// but entries that contradict themselves or the data file. Each must be a
// clear error naming the file and tensor, without crashing or allocating
// what the entry claims.
//===----------------------------------------------------------------------===//

#include "CheckpointTestUtil.h"
#include "kiln/runtime/checkpoint/bundle_entry.h"
#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/naming.h"
#include "kiln/runtime/checkpoint/sstable_builder.h"
#include "kiln/runtime/io/crc32c.h"

namespace kiln::runtime::checkpoint {
namespace {

using testing::TempDir;

class HostileIndexTest : public ::testing::Test {
protected:
  /// Writes an index of `header` + one entry "t", and `data` as shard 0.
  void write(const BundleHeader &header, const BundleEntry &entry,
             const std::string &data = std::string(8, '\0'), bool withHeader = true) {
    SSTableBuilder table;
    if (withHeader) {
      ASSERT_TRUE(table.add("", encodeBundleHeader(header)).ok());
    }
    ASSERT_TRUE(table.add("t", encodeBundleEntry(entry)).ok());
    testing::writeBytes(indexFileName(prefix_), table.finish());
    testing::writeBytes(dataFileName(prefix_, 0, std::max(header.numShards, 1)), data);
  }

  /// The error of opening and reading "t"; Ok when both succeed.
  io::Status openAndRead() {
    std::unique_ptr<BundleReader> reader;
    KILN_IO_RETURN_IF_ERROR(BundleReader::open(prefix_, reader));
    HostTensor tensor;
    if (reader->find("t") && reader->find("t")->entry.dtype == 7) {
      std::vector<std::string> strings;
      return reader->readStrings("t", strings);
    }
    return reader->read("t", tensor);
  }

  void expectError(io::StatusCode code, const std::string &fragment) {
    io::Status status = openAndRead();
    EXPECT_EQ(status.code(), code) << status.toString();
    EXPECT_NE(status.message().find(prefix_), std::string::npos) << status.message();
    EXPECT_NE(status.message().find(fragment), std::string::npos) << status.message();
  }

  static BundleEntry floatEntry(std::vector<int64_t> shape, int64_t size) {
    BundleEntry entry;
    entry.dtype = 1;
    entry.shape = std::move(shape);
    entry.size = size;
    entry.maskedCrc32c = io::maskCrc32c(io::crc32c(std::string(size_t(size), '\0')));
    return entry;
  }

  TempDir dir_;
  std::string prefix_ = dir_ / "h";
};

TEST_F(HostileIndexTest, ConsistentEntryReads) {
  write(BundleHeader(), floatEntry({2}, 8));
  EXPECT_TRUE(openAndRead().ok());
}

TEST_F(HostileIndexTest, MissingHeader) {
  write(BundleHeader(), floatEntry({2}, 8), std::string(8, '\0'), false);
  expectError(io::StatusCode::DataLoss, "no bundle header");
}

TEST_F(HostileIndexTest, HeaderVersionAndEndianness) {
  BundleHeader header;
  header.minConsumer = 5;
  write(header, floatEntry({2}, 8));
  expectError(io::StatusCode::FailedPrecondition, "min consumer 5");
  header = BundleHeader();
  header.badConsumers = {1};
  write(header, floatEntry({2}, 8));
  expectError(io::StatusCode::FailedPrecondition, "bundle version");
  header = BundleHeader();
  header.endianness = 1;
  write(header, floatEntry({2}, 8));
  expectError(io::StatusCode::Unimplemented, "big-endian");
  header = BundleHeader();
  header.numShards = 0;
  write(header, floatEntry({2}, 8));
  expectError(io::StatusCode::DataLoss, "0 data shards");
}

TEST_F(HostileIndexTest, ImpossibleShapes) {
  write(BundleHeader(), floatEntry({-3}, 8));
  expectError(io::StatusCode::DataLoss, "invalid shape [-3]");
  write(BundleHeader(), floatEntry({int64_t(1) << 40, int64_t(1) << 40}, 8));
  expectError(io::StatusCode::DataLoss,
              "shape [1099511627776,1099511627776], larger than kiln can hold");
  write(BundleHeader(), floatEntry({int64_t(1) << 61}, 8));
  expectError(io::StatusCode::DataLoss,
              "larger than kiln can hold (2^48 bytes)");
  // Within the limit as elements, past it as float32 bytes.
  write(BundleHeader(), floatEntry({int64_t(1) << 47}, 8));
  expectError(io::StatusCode::DataLoss, "larger than kiln can hold");
  write(BundleHeader(), floatEntry({3}, 8));
  expectError(io::StatusCode::DataLoss, "tensor \"t\" stores 8 bytes");
}

TEST_F(HostileIndexTest, EntriesPointingOutsideTheData) {
  BundleEntry entry = floatEntry({2}, 8);
  entry.offset = 4;
  write(BundleHeader(), entry);
  expectError(io::StatusCode::DataLoss, "truncated");
  entry.offset = int64_t(1) << 62;
  write(BundleHeader(), entry);
  expectError(io::StatusCode::DataLoss, "truncated");
  entry = floatEntry({2}, 8);
  entry.shardId = 3;
  write(BundleHeader(), entry);
  expectError(io::StatusCode::DataLoss, "names data shard 3 of 1");
  entry.dtype = 0;
  entry.shardId = 0;
  write(BundleHeader(), entry);
  expectError(io::StatusCode::DataLoss, "no dtype");
}

TEST_F(HostileIndexTest, StringTensorsClaimingMoreThanTheyHold) {
  BundleEntry entry;
  entry.dtype = 7;
  entry.shape = {int64_t(1) << 40}; // a trillion strings in 8 bytes
  entry.size = 8;
  write(BundleHeader(), entry);
  expectError(io::StatusCode::DataLoss, "more strings than bytes");
  entry.shape = {2};
  // lengths 1 and 100 (varints), then garbage where their checksum goes
  write(BundleHeader(), entry, std::string("\x01\x64\0\0\0\0ab", 8));
  expectError(io::StatusCode::DataLoss, "string");
}

TEST_F(HostileIndexTest, UnsupportedTypesAndSlicesAreNamed) {
  BundleEntry entry = floatEntry({2}, 8);
  entry.dtype = 8; // DT_COMPLEX64
  write(BundleHeader(), entry);
  expectError(io::StatusCode::Unimplemented, "DT_COMPLEX64");
}

} // namespace
} // namespace kiln::runtime::checkpoint
