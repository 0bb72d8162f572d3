//===- SummaryTestUtil.h - helpers shared by the summary tests ------------===//
#ifndef KILN_TESTS_UNIT_SUMMARY_SUMMARYTESTUTIL_H
#define KILN_TESTS_UNIT_SUMMARY_SUMMARYTESTUTIL_H

// The I/O tests' temp paths, byte dumps and status assertions.
#include "tests/unit/io/IoTestUtil.h"

#include <cstdlib>
#include <string>

namespace kiln::runtime::summary::testing {

using io::testing::hexOf;
using io::testing::readBytes;

/// A fresh, not yet existing directory path for one test.
inline std::string freshDir(const std::string &name) {
  std::string path = io::testing::tempPath("summary_" + name);
  std::string command = "rm -rf '" + path + "'";
  (void)std::system(command.c_str());
  return path;
}

} // namespace kiln::runtime::summary::testing

#endif // KILN_TESTS_UNIT_SUMMARY_SUMMARYTESTUTIL_H
