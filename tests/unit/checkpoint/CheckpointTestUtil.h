//===- CheckpointTestUtil.h - shared by the checkpoint unit tests ---------===//
//
// A fresh temporary directory per test, tensors from value lists, raw file
// access for corruption tests, and where the real TensorFlow-written
// checkpoints live (../shared/testdata, beside the clone; tests skip with a
// message when it is absent).
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_CHECKPOINT_CHECKPOINTTESTUTIL_H
#define KILN_TESTS_UNIT_CHECKPOINT_CHECKPOINTTESTUTIL_H

#include "kiln/runtime/checkpoint/bundle_writer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace kiln::runtime::checkpoint::testing {

/// A directory removed with everything in it when the test ends.
class TempDir {
public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kiln-ckpt-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string &path() const { return path_; }
  std::string operator/(const std::string &name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

template <typename T>
HostTensor makeTensor(DType dtype, std::vector<int64_t> shape,
                      const std::vector<T> &values) {
  HostTensor tensor{dtype, std::move(shape), {}};
  tensor.data.resize(values.size() * sizeof(T));
  if (!values.empty())
    std::memcpy(tensor.data.data(), values.data(), tensor.data.size());
  return tensor;
}

inline std::string readBytes(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

inline void writeBytes(const std::string &path, const std::string &bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// The shared test-data folder (real files written by TensorFlow).
inline std::string testdataDir() { return KILN_SHARED_TESTDATA; }

/// The checkpoint prefix of a TensorFlow-written fixture, or "" when the
/// shared folder is missing.
inline std::string fixture(const std::string &relativePrefix) {
  std::string prefix = testdataDir() + "/tf-graphs/" + relativePrefix;
  return std::filesystem::exists(prefix + ".index") ? prefix : std::string();
}

} // namespace kiln::runtime::checkpoint::testing

#define KILN_REQUIRE_FIXTURE(var, relative)                                    \
  std::string var = ::kiln::runtime::checkpoint::testing::fixture(relative);   \
  if (var.empty())                                                             \
  GTEST_SKIP() << "shared test data not found under "                          \
               << ::kiln::runtime::checkpoint::testing::testdataDir()

#endif // KILN_TESTS_UNIT_CHECKPOINT_CHECKPOINTTESTUTIL_H
