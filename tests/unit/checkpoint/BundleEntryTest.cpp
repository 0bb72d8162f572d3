//===- BundleEntryTest.cpp - BundleHeaderProto / BundleEntryProto bytes ---===//

#include "kiln/runtime/checkpoint/bundle_entry.h"

#include <gtest/gtest.h>

namespace kiln::runtime::checkpoint {
namespace {

TEST(BundleEntryTest, DefaultHeaderIsTensorFlowsBytes) {
  EXPECT_EQ(encodeBundleHeader(BundleHeader()), std::string("\x08\x01\x1a\x02\x08\x01"));
}

TEST(BundleEntryTest, EntryMatchesARealTensorFlowEntry) {
  // FACTS.md 2.4: key "w", float[1] at offset 4 in tensorflow/rust's file.
  BundleEntry entry;
  entry.dtype = 1;
  entry.shape = {1};
  entry.offset = 4;
  entry.size = 4;
  entry.maskedCrc32c = 0x1b530575;
  const std::string real("\x08\x01\x12\x04\x12\x02\x08\x01\x20\x04\x28\x04\x35"
                         "\x75\x05\x53\x1b",
                         17);
  EXPECT_EQ(encodeBundleEntry(entry), real);
  BundleEntry decoded;
  ASSERT_TRUE(decodeBundleEntry(real, "ctx", decoded).ok());
  EXPECT_EQ(decoded.dtype, 1);
  EXPECT_EQ(decoded.shape, std::vector<int64_t>{1});
  EXPECT_EQ(decoded.offset, 4);
  EXPECT_EQ(decoded.size, 4);
  EXPECT_EQ(decoded.maskedCrc32c, 0x1b530575u);
}

TEST(BundleEntryTest, ScalarShapeIsWrittenEmptyAndZeroDimsHaveNoSize) {
  BundleEntry scalar;
  scalar.dtype = 9;
  EXPECT_EQ(encodeBundleEntry(scalar), std::string("\x08\x09\x12\x00", 4));
  BundleEntry empty;
  empty.dtype = 1;
  empty.shape = {0, 4};
  empty.maskedCrc32c = 0xa282ead8; // Mask(CRC32C of no bytes)
  std::string bytes = encodeBundleEntry(empty);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x08\x01\x12\x06\x12\x00\x12\x02", 8));
  BundleEntry decoded;
  ASSERT_TRUE(decodeBundleEntry(bytes, "ctx", decoded).ok());
  EXPECT_EQ(decoded.shape, (std::vector<int64_t>{0, 4}));
}

TEST(BundleEntryTest, MalformedEntriesNameTheirContext) {
  BundleEntry decoded;
  io::Status status = decodeBundleEntry(std::string("\x12\x05\x12", 3),
                                        "m.index: tensor \"w\"", decoded);
  EXPECT_EQ(status.code(), io::StatusCode::DataLoss);
  EXPECT_NE(status.message().find("m.index: tensor \"w\""), std::string::npos);
  // crc32c with a varint wire type
  status = decodeBundleEntry(std::string("\x30\x01", 2), "ctx", decoded);
  EXPECT_EQ(status.code(), io::StatusCode::DataLoss);
}

TEST(BundleEntryTest, HeaderVersionRoundTrips) {
  BundleHeader header;
  header.numShards = 3;
  header.minConsumer = 0;
  header.badConsumers = {7, 9};
  BundleHeader decoded;
  ASSERT_TRUE(decodeBundleHeader(encodeBundleHeader(header), "ctx", decoded).ok());
  EXPECT_EQ(decoded.numShards, 3);
  EXPECT_EQ(decoded.producer, 1);
  EXPECT_EQ(decoded.badConsumers, (std::vector<int32_t>{7, 9}));
}

} // namespace
} // namespace kiln::runtime::checkpoint
