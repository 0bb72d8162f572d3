//===- DecodeRawTest.cpp - tf.io.decode_raw -------------------------------===//

#include "IoTestUtil.h"

#include "kiln/runtime/io/decode_raw.h"

#include <cstring>

using namespace kiln::runtime;
using namespace kiln::runtime::io;

namespace {

TEST(DecodeRaw, LittleEndianTypes) {
  HostTensor out;
  KILN_ASSERT_OK(decodeRaw(std::string("\x01\xff\x00", 3), DType::U8, out));
  EXPECT_EQ(out.shape, std::vector<int64_t>{3});
  EXPECT_EQ(out.as<uint8_t>()[1], 255);

  KILN_ASSERT_OK(decodeRaw(std::string("\x01\x00\x00\x00\xfe\xff\xff\xff", 8),
                           DType::I32, out));
  EXPECT_EQ(out.shape, std::vector<int64_t>{2});
  EXPECT_EQ(out.as<int32_t>()[0], 1);
  EXPECT_EQ(out.as<int32_t>()[1], -2);

  KILN_ASSERT_OK(decodeRaw(std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8),
                           DType::I64, out));
  EXPECT_EQ(out.as<int64_t>()[0], INT64_MAX);

  KILN_ASSERT_OK(decodeRaw(std::string("\x00\x00\x80\x3f\x00\x00\x00\xc0", 8),
                           DType::F32, out));
  EXPECT_EQ(out.as<float>()[0], 1.0f);
  EXPECT_EQ(out.as<float>()[1], -2.0f);

  KILN_ASSERT_OK(decodeRaw(std::string("\x00\x00\x00\x00\x00\x00\xf0\x3f", 8),
                           DType::F64, out));
  EXPECT_EQ(out.as<double>()[0], 1.0);

  KILN_ASSERT_OK(decodeRaw("", DType::F64, out));
  EXPECT_EQ(out.shape, std::vector<int64_t>{0});
}

TEST(DecodeRaw, BigEndianSwaps) {
  HostTensor out;
  KILN_ASSERT_OK(decodeRaw(std::string("\x00\x00\x01\x02", 4), DType::I32, out,
                           "x", /*littleEndian=*/false));
  EXPECT_EQ(out.as<int32_t>()[0], 0x0102);
  KILN_ASSERT_OK(decodeRaw(std::string("\x3f\xf0\x00\x00\x00\x00\x00\x00", 8),
                           DType::F64, out, "x", false));
  EXPECT_EQ(out.as<double>()[0], 1.0);
}

TEST(DecodeRaw, SizeMustBeAMultipleAndBatchesEqual) {
  HostTensor out;
  KILN_EXPECT_ERROR(decodeRaw("abcde", DType::I32, out, "feature 'img_raw'"),
                    StatusCode::InvalidArgument,
                    "feature 'img_raw': 5 bytes is not a whole number of i32");
  KILN_ASSERT_OK(decodeRawBatch({"ab", "cd", "ef"}, DType::U8, out));
  EXPECT_EQ(out.shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(std::string(reinterpret_cast<char *>(out.data.data()), 6),
            "abcdef");
  KILN_EXPECT_ERROR(decodeRawBatch({"ab", "c"}, DType::U8, out, "img"),
                    StatusCode::InvalidArgument, "img #1: 1 bytes, but #0 has 2");
}

} // namespace
