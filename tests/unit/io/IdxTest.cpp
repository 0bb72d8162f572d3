//===- IdxTest.cpp - IDX files, synthetic and Debian's Fashion-MNIST ------===//

#include "IoTestUtil.h"

#include "kiln/runtime/io/compression.h"
#include "kiln/runtime/io/file_system.h"
#include "kiln/runtime/io/idx.h"

#include <cstring>
#include <numeric>

using namespace kiln::runtime;
using namespace kiln::runtime::io;
using namespace kiln::runtime::io::testing;

namespace {

const char *kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

std::string gzipped(const std::string &bytes) {
  std::string path = tempPath("gzipped.tmp");
  std::unique_ptr<OutputStream> file;
  EXPECT_TRUE(openForWrite(path, file).ok());
  auto stream = makeCompressingStream(std::move(file), Compression::Gzip);
  EXPECT_TRUE(stream->append(bytes).ok());
  EXPECT_TRUE(stream->close().ok());
  return readBytes(path);
}

TEST(Idx, DecodesTheMnistHeaderLayout) {
  // Two 2x3 images, big-endian header.
  std::string bytes("\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x02"
                    "\x00\x00\x00\x03",
                    16);
  for (int i = 0; i < 12; ++i)
    bytes.push_back(static_cast<char>(i * 20));
  HostTensor images;
  KILN_ASSERT_OK(decodeIdx(bytes, images, "mem"));
  EXPECT_EQ(images.dtype, DType::U8);
  EXPECT_EQ(images.shape, (std::vector<int64_t>{2, 2, 3}));
  EXPECT_EQ(images.data[11], 220);

  std::string path = tempPath("images-idx3-ubyte");
  writeBytes(path, bytes);
  KILN_ASSERT_OK(readIdxImages(path, images));
  writeBytes(path + ".gz", gzipped(bytes));
  HostTensor fromGzip;
  KILN_ASSERT_OK(readIdxImages(path + ".gz", fromGzip));
  EXPECT_EQ(fromGzip.data, images.data);
  HostTensor labels;
  KILN_EXPECT_ERROR(readIdxLabels(path, labels), StatusCode::InvalidArgument,
                    path + ": magic 0x00000803, expected 0x00000801");
}

TEST(Idx, RoundTripsWiderTypesBigEndian) {
  HostTensor tensor{DType::I32, {2, 2}, {}};
  tensor.data.resize(16);
  int32_t values[] = {1, -2, 0x01020304, INT32_MIN};
  std::memcpy(tensor.data.data(), values, 16);
  std::string bytes;
  KILN_ASSERT_OK(encodeIdx(tensor, bytes));
  EXPECT_EQ(hexOf(bytes.substr(0, 12)), "00 00 0c 02 00 00 00 02 00 00 00 02");
  EXPECT_EQ(hexOf(bytes.substr(20, 4)), "01 02 03 04");
  HostTensor back;
  KILN_ASSERT_OK(decodeIdx(bytes, back, "mem"));
  EXPECT_EQ(back.dtype, DType::I32);
  EXPECT_EQ(back.shape, tensor.shape);
  EXPECT_EQ(back.data, tensor.data);
  for (DType dtype : {DType::U8, DType::I8, DType::I16, DType::F32, DType::F64}) {
    HostTensor t{dtype, {3}, std::vector<uint8_t>(3 * dtypeSize(dtype), 7)};
    KILN_ASSERT_OK(encodeIdx(t, bytes));
    KILN_ASSERT_OK(decodeIdx(bytes, back, "mem"));
    EXPECT_EQ(back.dtype, dtype);
    EXPECT_EQ(back.data, t.data);
  }
}

// Found by IdxFuzzer: a zero dimension after others was read as a size
// mismatch (the header check stopped multiplying once the size passed the
// file's), and [65536, 65536, 65536, 0] must not wrap either.
TEST(Idx, ZeroDimensionsMakeEmptyTensors) {
  HostTensor empty{DType::I32, {3, 5, 0}, {}};
  std::string bytes;
  KILN_ASSERT_OK(encodeIdx(empty, bytes));
  HostTensor back;
  KILN_ASSERT_OK(decodeIdx(bytes, back, "mem"));
  EXPECT_EQ(back.shape, empty.shape);
  EXPECT_TRUE(back.data.empty());
  EXPECT_EQ(back.elementCount(), 0);
  HostTensor wide{DType::U8, {65536, 65536, 65536, 0}, {}};
  KILN_ASSERT_OK(encodeIdx(wide, bytes));
  KILN_ASSERT_OK(decodeIdx(bytes, back, "mem"));
  EXPECT_EQ(back.elementCount(), 0);
}

TEST(Idx, BadFilesAreClearErrors) {
  HostTensor out;
  KILN_EXPECT_ERROR(decodeIdx("\x00\x00", out, "f"), StatusCode::DataLoss,
                    "f: truncated IDX header");
  KILN_EXPECT_ERROR(decodeIdx("PK\x03\x04", out, "f"),
                    StatusCode::InvalidArgument, "f: not an IDX file");
  KILN_EXPECT_ERROR(decodeIdx(std::string("\x00\x00\x08\x03\x00\x00", 6), out,
                              "f"),
                    StatusCode::DataLoss, "3 dimensions need 16 bytes");
  std::string header("\x00\x00\x08\x01\x00\x00\x00\x05", 8);
  KILN_EXPECT_ERROR(decodeIdx(header + "abc", out, "f"), StatusCode::DataLoss,
                    "f: header shape 5 of u8 does not match the 3 data bytes "
                    "(truncated file?)");
  KILN_EXPECT_ERROR(decodeIdx(header + "abcdefg", out, "f"),
                    StatusCode::DataLoss, "does not match the 7 data bytes");
  // Dimensions whose product overflows 64 bits.
  std::string huge("\x00\x00\x0e\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
                   "\xff\xff",
                   16);
  KILN_EXPECT_ERROR(decodeIdx(huge + "x", out, "f"), StatusCode::DataLoss,
                    "does not match");
  std::string path = tempPath("broken-idx.gz");
  writeBytes(path, gzipped(header + "abcde").substr(0, 15));
  KILN_EXPECT_ERROR(readIdx(path, out), StatusCode::DataLoss, path);
}

TEST(Idx, ReadsDebiansFashionMnist) {
  std::string dir = kFashionMnistDir;
  if (!fileExists(dir + "/t10k-labels-idx1-ubyte.gz").ok())
    GTEST_SKIP() << "Fashion-MNIST is not installed under " << dir
                 << " (Debian package dataset-fashion-mnist)";
  struct Split {
    const char *prefix;
    int64_t count;
    std::vector<uint8_t> firstLabels;
    uint64_t firstImageSum;
  };
  // First labels and pixel sums checked independently with Python's gzip.
  for (const Split &split :
       {Split{"train", 60000, {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, 76247},
        Split{"t10k", 10000, {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, 33456}}) {
    HostTensor labels, images;
    KILN_ASSERT_OK(readIdxLabels(
        dir + "/" + split.prefix + "-labels-idx1-ubyte.gz", labels));
    KILN_ASSERT_OK(readIdxImages(
        dir + "/" + split.prefix + "-images-idx3-ubyte.gz", images));
    EXPECT_EQ(labels.shape, std::vector<int64_t>{split.count});
    EXPECT_EQ(images.shape, (std::vector<int64_t>{split.count, 28, 28}));
    EXPECT_EQ(std::vector<uint8_t>(labels.data.begin(),
                                   labels.data.begin() + 10),
              split.firstLabels);
    EXPECT_EQ(std::accumulate(images.data.begin(), images.data.begin() + 784,
                              uint64_t(0)),
              split.firstImageSum);
    EXPECT_LE(*std::max_element(labels.data.begin(), labels.data.end()), 9);
  }
}

} // namespace
