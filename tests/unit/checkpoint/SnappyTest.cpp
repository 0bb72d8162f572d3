//===- SnappyTest.cpp - snappy blocks in TF-read indexes ------------------===//

#include "runtime/src/checkpoint/Snappy.h"
#include "tests/unit/StatusTesting.h"

#include <gtest/gtest.h>

namespace kiln::runtime::checkpoint::detail {
namespace {

TEST(SnappyTest, LiteralsAndOverlappingCopies) {
  std::string out;
  KILN_ASSERT_OK(snappyUncompress(std::string("\x03\x08"
                                              "abc",
                                              5),
                                  out));
  EXPECT_EQ(out, "abc");
  // "abc", then a 1-byte-offset copy of 6 bytes from 3 back (overlapping).
  KILN_ASSERT_OK(snappyUncompress(std::string("\x09\x08"
                                              "abc\x09\x03",
                                              7),
                                  out));
  EXPECT_EQ(out, "abcabcabc");
  // 2-byte-offset copy: length (tag >> 2) + 1 = 3, offset 1.
  KILN_ASSERT_OK(snappyUncompress(std::string("\x04\x00"
                                              "x\x0a\x01\x00",
                                              6),
                                  out));
  EXPECT_EQ(out, "xxxx");
}

TEST(SnappyTest, MalformedInputIsRefused) {
  std::string out;
  const std::string bad[] = {
      std::string(""),                         // no length
      std::string("\x05\x08" "abc", 5),        // too short
      std::string("\x03\x0c" "abc", 5),        // literal past input
      std::string("\x04\x09\x05", 3),          // copy before any output
      std::string("\xff\xff\xff\xff\x0f", 5),  // absurd length
      std::string("\x03\x08" "abc\x01", 6),    // truncated copy
  };
  for (const std::string &input : bad) {
    Status status = snappyUncompress(input, out);
    EXPECT_EQ(status.code(), StatusCode::DataLoss);
    EXPECT_NE(status.message().find("snappy"), std::string::npos);
  }
}

} // namespace
} // namespace kiln::runtime::checkpoint::detail
