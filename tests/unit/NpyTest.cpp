//===- NpyTest.cpp - the runtime's .npy reader and writer -----------------===//

#include "kiln/runtime/npy.h"
#include "StatusTesting.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>

using namespace kiln::runtime;

namespace {

std::string tempPath(const std::string &name) {
  return ::testing::TempDir() + "/kiln_npy_" + name;
}

void writeBytes(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/// A version-1.0 .npy file with `header` padded as NumPy pads it.
std::string npyFile(std::string header, const std::string &data,
                    char major = 1) {
  size_t prefix = major == 1 ? 10 : 12;
  size_t total = prefix + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::string bytes = std::string("\x93NUMPY", 6) + major + '\0';
  uint32_t length = header.size();
  for (size_t i = 0; i < (major == 1 ? 2u : 4u); ++i)
    bytes.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
  return bytes + header + data;
}

TEST(Npy, RoundTripsEveryDTypeAndShape) {
  for (DType dtype : {DType::F16, DType::F32, DType::F64, DType::I8, DType::I16,
                      DType::I32, DType::I64, DType::U8, DType::Bool}) {
    for (std::vector<int64_t> shape :
         {std::vector<int64_t>{}, {5}, {2, 3}, {1, 0, 4}}) {
      HostTensor tensor{dtype, shape, {}};
      tensor.data.resize(tensor.elementCount() * dtypeSize(dtype));
      for (size_t i = 0; i < tensor.data.size(); ++i)
        tensor.data[i] = static_cast<uint8_t>(dtype == DType::Bool ? i % 2 : i * 7);
      std::string path = tempPath(std::string(dtypeName(dtype)) + ".npy");
      KILN_ASSERT_OK(writeNpy(path, tensor));
      HostTensor back;
      KILN_ASSERT_OK(readNpy(path, back));
      EXPECT_EQ(back.dtype, dtype);
      EXPECT_EQ(back.shape, shape);
      EXPECT_EQ(back.data, tensor.data);
      std::remove(path.c_str());
    }
  }
}

TEST(Npy, ReadsVersion2HeadersAndNumpyDescrVariants) {
  float values[2] = {1.5f, -2.0f};
  std::string data(reinterpret_cast<char *>(values), sizeof values);
  std::string path = tempPath("v2.npy");
  writeBytes(path, npyFile("{'descr': '<f4', 'fortran_order': False, "
                           "'shape': (2,), }",
                           data, 2));
  HostTensor tensor;
  KILN_ASSERT_OK(readNpy(path, tensor));
  EXPECT_EQ(tensor.shape, (std::vector<int64_t>{2}));
  EXPECT_FLOAT_EQ(tensor.as<float>()[1], -2.0f);

  writeBytes(path, npyFile("{'descr': '<u1', 'fortran_order': False, "
                           "'shape': (1,), }",
                           std::string(1, '\x07')));
  KILN_ASSERT_OK(readNpy(path, tensor));
  EXPECT_EQ(tensor.dtype, DType::U8);
  std::remove(path.c_str());
}

TEST(Npy, RefusesBadFilesWithAReason) {
  struct Case {
    std::string name, bytes, expected;
  } cases[] = {
      {"magic", "not numpy at all", "bad magic"},
      {"bigendian",
       npyFile("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }",
               std::string(4, '\0')),
       "big-endian"},
      {"fortran",
       npyFile("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
               std::string(16, '\0')),
       "Fortran"},
      {"truncated",
       npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }",
               std::string(8, '\0')),
       "truncated data"},
      {"object",
       npyFile("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }",
               std::string(8, '\0')),
       "unsupported dtype"},
      {"version", std::string("\x93NUMPY\x09\x00\x00\x00", 10), "version"},
  };
  for (const Case &c : cases) {
    std::string path = tempPath(c.name + ".npy");
    writeBytes(path, c.bytes);
    HostTensor tensor;
    std::string error = errorOf(readNpy(path, tensor));
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_NE(error.find(c.expected), std::string::npos) << c.name << ": " << error;
    std::remove(path.c_str());
  }
  HostTensor tensor;
  std::string error = errorOf(readNpy(tempPath("missing.npy"), tensor));
  EXPECT_NE(error.find("cannot open"), std::string::npos);
}

} // namespace
