//===- Crc32cTest.cpp - CRC-32C and TF's masking on known vectors ---------===//

#include "kiln/runtime/io/crc32c.h"

#include <gtest/gtest.h>

#include <string>

using namespace kiln::runtime::io;

namespace {

// Vectors from ../shared/formats/FACTS.md section 6 (RFC 3720, leveldb, TF).
TEST(Crc32c, KnownVectors) {
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(crc32c(std::string(32, '\xff')), 0x62A8AB43u);
  std::string ascending, descending;
  for (int i = 0; i < 32; ++i) {
    ascending.push_back(static_cast<char>(i));
    descending.push_back(static_cast<char>(31 - i));
  }
  EXPECT_EQ(crc32c(ascending), 0x46DD794Eu);
  EXPECT_EQ(crc32c(descending), 0x113FDB5Cu);
  EXPECT_EQ(crc32c("a"), 0xC1D04330u);
  EXPECT_EQ(crc32c("hello world"), 0xC99465AAu);
  EXPECT_EQ(crc32c(""), 0u);
}

TEST(Crc32c, ExtendEqualsWholeAtEverySplit) {
  std::string data;
  for (int i = 0; i < 100; ++i)
    data.push_back(static_cast<char>(i * 37 + 11));
  uint32_t whole = crc32c(data);
  for (size_t split = 0; split <= data.size(); ++split) {
    uint32_t first = crc32c(data.data(), split);
    EXPECT_EQ(crc32cExtend(first, data.data() + split, data.size() - split),
              whole)
        << "split at " << split;
  }
}

TEST(Crc32c, SlicedLoopMatchesBytewiseOnUnalignedInput) {
  // Reference: the bit-at-a-time definition.
  auto reference = [](const std::string &bytes) {
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : bytes) {
      crc ^= c;
      for (int bit = 0; bit < 8; ++bit)
        crc = (crc >> 1) ^ ((crc & 1) ? 0x82F63B78u : 0);
    }
    return ~crc;
  };
  std::string data;
  for (int i = 0; i < 300; ++i)
    data.push_back(static_cast<char>((i * i * 7 + 3) & 0xff));
  for (size_t offset = 0; offset < 9; ++offset)
    for (size_t length : {0, 1, 7, 8, 9, 15, 16, 17, 64, 255}) {
      std::string piece = data.substr(offset, length);
      EXPECT_EQ(crc32c(piece), reference(piece))
          << "offset " << offset << " length " << length;
    }
}

TEST(Crc32c, MaskMatchesTensorFlow) {
  EXPECT_EQ(maskCrc32c(0), 0xa282ead8u);
  EXPECT_EQ(maskCrc32c(crc32c(std::string(8, '\0'))), 0x07980329u);
  EXPECT_EQ(maskCrc32c(crc32c(std::string("\x00\x00\x80\x3f\x00\x00\x00\x40",
                                          8))),
            0x35e53c59u);
  for (uint32_t value : {0u, 1u, 0x12345678u, 0xffffffffu, 0x80000000u})
    EXPECT_EQ(unmaskCrc32c(maskCrc32c(value)), value);
  // Masking changes the value: a CRC stored inside CRC'd data stays strong.
  EXPECT_NE(maskCrc32c(0x12345678u), 0x12345678u);
}

} // namespace
