//===- StatusTesting.h - gtest checks for kiln::Status ----------*- C++ -*-===//
#ifndef KILN_TESTS_UNIT_STATUSTESTING_H
#define KILN_TESTS_UNIT_STATUSTESTING_H

#include "kiln/runtime/status_cc.h"

#include <gtest/gtest.h>

#include <string>

/// Fails the test (ASSERT: and returns) when `expr` is an error, printing
/// its message.
#define KILN_ASSERT_OK(expr)                                                   \
  do {                                                                         \
    ::kiln::Status kilnStatus_ = (expr);                                       \
    ASSERT_TRUE(kilnStatus_.ok()) << kilnStatus_.message();                    \
  } while (0)
#define KILN_EXPECT_OK(expr)                                                   \
  do {                                                                         \
    ::kiln::Status kilnStatus_ = (expr);                                       \
    EXPECT_TRUE(kilnStatus_.ok()) << kilnStatus_.message();                    \
  } while (0)

/// The message of `status`, which the test expects to be an error.
inline std::string errorOf(const kiln::Status &status) {
  EXPECT_FALSE(status.ok()) << "expected an error";
  return status.message();
}

#endif // KILN_TESTS_UNIT_STATUSTESTING_H
