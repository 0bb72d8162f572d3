//===- SSTableTest.cpp - the LevelDB table format of .index files ---------===//

#include "kiln/runtime/checkpoint/sstable_builder.h"
#include "kiln/runtime/checkpoint/sstable_reader.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace kiln::runtime::checkpoint {
namespace {

TEST(SSTableTest, SeparatorsAreShortAndBetweenTheKeys) {
  EXPECT_EQ(shortestSeparator("the quick brown fox", "the who"), "the r");
  EXPECT_EQ(shortestSeparator("abc", "abd"), "abc"); // no room to increment
  EXPECT_EQ(shortestSeparator("ab", "abc"), "ab");   // prefix: unchanged
  EXPECT_EQ(shortestSeparator("a\xff", "b"), "a\xff");
  EXPECT_EQ(shortSuccessor("w"), "x");
  EXPECT_EQ(shortSuccessor("\xff\xff" "a"), "\xff\xff" "b");
  EXPECT_EQ(shortSuccessor("\xff\xff"), "\xff\xff");
}

TEST(SSTableTest, EmptyMetaindexBlockMatchesTensorFlowsBytes) {
  SSTableBuilder builder;
  ASSERT_TRUE(builder.add("", "x").ok());
  std::string file = builder.finish();
  // FACTS.md 2.3: metaindex contents then trailer 00 c0 f2 a1 b0.
  const std::string metaindex("\0\0\0\0\1\0\0\0\0\xc0\xf2\xa1\xb0", 13);
  EXPECT_NE(file.find(metaindex), std::string::npos);
  EXPECT_EQ(file.substr(file.size() - 8), std::string("\x57\xfb\x80\x8b\x24\x75\x47\xdb"));
}

TEST(SSTableTest, ManyEntriesOverManySmallBlocksReadBack) {
  SSTableOptions options;
  options.blockSize = 256; // forces dozens of blocks and index entries
  SSTableBuilder builder(options);
  std::vector<SSTableEntry> written;
  for (int i = 0; i < 500; ++i) {
    char key[32];
    std::snprintf(key, sizeof(key), "layer%03d/weights", i);
    written.push_back({key, std::string(size_t(i % 7), char('a' + i % 26))});
    ASSERT_TRUE(builder.add(written.back().key, written.back().value).ok());
  }
  std::string file = builder.finish();
  std::vector<SSTableEntry> read;
  io::Status status = readSSTable(file, "t.index", read);
  ASSERT_TRUE(status.ok()) << status.toString();
  ASSERT_EQ(read.size(), written.size());
  for (size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].key, written[i].key);
    EXPECT_EQ(read[i].value, written[i].value);
  }
}

TEST(SSTableTest, KeysOutOfOrderAreRefused) {
  SSTableBuilder builder;
  ASSERT_TRUE(builder.add("b", "").ok());
  io::Status status = builder.add("a", "");
  EXPECT_EQ(status.code(), io::StatusCode::InvalidArgument);
  EXPECT_NE(status.message().find("\"a\" after \"b\""), std::string::npos);
  EXPECT_FALSE(builder.add("b", "").ok()); // equal is not increasing
}

TEST(SSTableTest, BadMagicAndShortFilesAreDataLoss) {
  std::vector<SSTableEntry> read;
  io::Status status = readSSTable("short", "x.index", read);
  EXPECT_EQ(status.code(), io::StatusCode::DataLoss);
  EXPECT_NE(status.message().find("x.index"), std::string::npos);
  SSTableBuilder builder;
  ASSERT_TRUE(builder.add("k", "v").ok());
  std::string file = builder.finish();
  file.back() ^= 1;
  status = readSSTable(file, "x.index", read);
  EXPECT_EQ(status.code(), io::StatusCode::DataLoss);
  EXPECT_NE(status.message().find("magic"), std::string::npos);
}

TEST(SSTableTest, EveryFlippedBitInABlockIsCaughtByItsChecksum) {
  SSTableBuilder builder;
  ASSERT_TRUE(builder.add("", "header").ok());
  ASSERT_TRUE(builder.add("w", "entry").ok());
  std::string file = builder.finish();
  // Everything before the footer is block contents or trailers.
  for (size_t at = 0; at + 48 < file.size(); ++at) {
    std::string bad = file;
    bad[at] ^= 0x10;
    std::vector<SSTableEntry> read;
    io::Status status = readSSTable(bad, "x.index", read);
    EXPECT_FALSE(status.ok()) << "flip at " << at;
  }
}

} // namespace
} // namespace kiln::runtime::checkpoint
