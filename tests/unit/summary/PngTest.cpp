//===- PngTest.cpp - PNG encode/decode through libpng ---------------------===//

#include "SummaryTestUtil.h"

#include "kiln/runtime/summary/png.h"

using namespace kiln::runtime;
using namespace kiln::runtime::summary;
using namespace kiln::runtime::summary::testing;

namespace {

std::vector<uint8_t> gradient(int height, int width, int channels) {
  std::vector<uint8_t> pixels(static_cast<size_t>(height * width * channels));
  for (size_t i = 0; i < pixels.size(); ++i)
    pixels[i] = static_cast<uint8_t>(i * 7 + i / 13);
  return pixels;
}

TEST(Png, EveryChannelCountRoundTrips) {
  for (int channels = 1; channels <= 4; ++channels) {
    std::vector<uint8_t> pixels = gradient(5, 7, channels);
    std::string png;
    KILN_ASSERT_OK(encodePng(pixels.data(), 5, 7, channels, png));
    // The PNG signature, then an IHDR chunk.
    ASSERT_GT(png.size(), 33u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(png.substr(12, 4), "IHDR");
    DecodedPng decoded;
    KILN_ASSERT_OK(decodePng(png, decoded));
    EXPECT_EQ(decoded.height, 5);
    EXPECT_EQ(decoded.width, 7);
    EXPECT_EQ(decoded.channels, channels);
    EXPECT_EQ(decoded.pixels, pixels) << channels << " channels";
  }
}

TEST(Png, DimensionsAreBigEndianInTheHeader) {
  std::vector<uint8_t> pixels = gradient(300, 2, 1);
  std::string png;
  KILN_ASSERT_OK(encodePng(pixels.data(), 300, 2, 1, png));
  // IHDR data: width, height (4 bytes each, big-endian), bit depth 8,
  // color type 0 (gray).
  EXPECT_EQ(hexOf(png.substr(16, 10)), "00 00 00 02 00 00 01 2c 08 00");
}

TEST(Png, BadShapesAreRefused) {
  uint8_t pixel = 0;
  std::string png;
  KILN_EXPECT_ERROR(encodePng(&pixel, 1, 1, 5, png),
                    io::StatusCode::InvalidArgument, "with 5 channels");
  KILN_EXPECT_ERROR(encodePng(&pixel, 0, 1, 1, png),
                    io::StatusCode::InvalidArgument, "0x1 pixels");
}

TEST(Png, DamagedBytesAreDataLoss) {
  std::vector<uint8_t> pixels = gradient(8, 8, 3);
  std::string png;
  KILN_ASSERT_OK(encodePng(pixels.data(), 8, 8, 3, png));
  DecodedPng decoded;
  KILN_EXPECT_ERROR(decodePng("not a png", decoded), io::StatusCode::DataLoss,
                    "not a readable PNG");
  KILN_EXPECT_ERROR(decodePng(png.substr(0, png.size() / 2), decoded),
                    io::StatusCode::DataLoss, "PNG");
}

} // namespace
