//===- IoTestUtil.h - helpers shared by the runtime I/O tests -------------===//
#ifndef KILN_TESTS_UNIT_IO_IOTESTUTIL_H
#define KILN_TESTS_UNIT_IO_IOTESTUTIL_H

#include "kiln/runtime/io/status.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace kiln::runtime::io::testing {

/// A path in the test temp directory, unique per process.
inline std::string tempPath(const std::string &name) {
  return ::testing::TempDir() + "/kiln_io_" + std::to_string(::getpid()) +
         "_" + name;
}

inline void writeBytes(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

inline std::string readBytes(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

inline std::string hexOf(const std::string &bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string text;
  for (unsigned char c : bytes) {
    if (!text.empty())
      text.push_back(' ');
    text.push_back(digits[c >> 4]);
    text.push_back(digits[c & 15]);
  }
  return text;
}

} // namespace kiln::runtime::io::testing

#define KILN_ASSERT_OK(expr)                                                   \
  do {                                                                         \
    ::kiln::runtime::io::Status kilnTestStatus_ = (expr);                      \
    ASSERT_TRUE(kilnTestStatus_.ok()) << kilnTestStatus_.toString();           \
  } while (0)

#define KILN_EXPECT_ERROR(expr, expectedCode, substring)                               \
  do {                                                                         \
    ::kiln::runtime::io::Status kilnTestStatus_ = (expr);                      \
    EXPECT_EQ(kilnTestStatus_.code(), expectedCode) << kilnTestStatus_.toString();     \
    EXPECT_NE(kilnTestStatus_.message().find(substring), std::string::npos)    \
        << "message: " << kilnTestStatus_.message()                            \
        << "\nexpected to contain: " << (substring);                          \
  } while (0)

#endif // KILN_TESTS_UNIT_IO_IOTESTUTIL_H
