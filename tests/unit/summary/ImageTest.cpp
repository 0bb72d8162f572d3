//===- ImageTest.cpp - image summaries: tags, scaling, PNG round trip -----===//

#include "SummaryTestUtil.h"

#include "kiln/runtime/summary/image.h"
#include "kiln/runtime/summary/png.h"

#include <cmath>

using namespace kiln::runtime;
using namespace kiln::runtime::summary;
using namespace kiln::runtime::summary::testing;

namespace {

TEST(ImageSummary, GrayBatchBecomesNumberedPngs) {
  // Four 2x3 gray images; at most 3 are kept.
  ImageBatchShape shape{4, 2, 3, 1};
  std::vector<uint8_t> batch(4 * 2 * 3);
  for (size_t i = 0; i < batch.size(); ++i)
    batch[i] = static_cast<uint8_t>(i * 10);
  Summary summary;
  KILN_ASSERT_OK(addImageValues("input", batch.data(), shape, 3, summary));
  ASSERT_EQ(summary.values.size(), 3u);
  for (int n = 0; n < 3; ++n) {
    const SummaryValue &value = summary.values[n];
    EXPECT_EQ(value.tag, "input/image/" + std::to_string(n));
    EXPECT_EQ(value.kind, SummaryValue::Kind::Image);
    EXPECT_EQ(value.image.height, 2);
    EXPECT_EQ(value.image.width, 3);
    EXPECT_EQ(value.image.colorspace, 1);
    DecodedPng decoded;
    KILN_ASSERT_OK(decodePng(value.image.encodedImage, decoded));
    EXPECT_EQ(decoded.channels, 1);
    EXPECT_EQ(decoded.pixels, std::vector<uint8_t>(batch.begin() + n * 6,
                                                   batch.begin() + n * 6 + 6));
  }
}

TEST(ImageSummary, OneImageIsNotNumbered) {
  ImageBatchShape shape{2, 1, 1, 3};
  const uint8_t batch[] = {1, 2, 3, 4, 5, 6};
  Summary summary;
  KILN_ASSERT_OK(addImageValues("rgb", batch, shape, 1, summary));
  ASSERT_EQ(summary.values.size(), 1u);
  EXPECT_EQ(summary.values[0].tag, "rgb/image");
  EXPECT_EQ(summary.values[0].image.colorspace, 3);
  DecodedPng decoded;
  KILN_ASSERT_OK(decodePng(summary.values[0].image.encodedImage, decoded));
  EXPECT_EQ(decoded.pixels, (std::vector<uint8_t>{1, 2, 3}));
}

TEST(ImageSummary, RoundTripsThroughSummaryBytes) {
  ImageBatchShape shape{1, 4, 4, 3};
  std::vector<uint8_t> batch(48);
  for (size_t i = 0; i < batch.size(); ++i)
    batch[i] = static_cast<uint8_t>(255 - i);
  Summary summary, back;
  KILN_ASSERT_OK(addImageValues("x", batch.data(), shape, 3, summary));
  KILN_ASSERT_OK(parseSummary(encodeSummary(summary), back));
  ASSERT_EQ(back.values.size(), 1u);
  EXPECT_EQ(back.values[0].tag, "x/image/0");
  EXPECT_EQ(back.values[0].image.encodedImage,
            summary.values[0].image.encodedImage);
  DecodedPng decoded;
  KILN_ASSERT_OK(decodePng(back.values[0].image.encodedImage, decoded));
  EXPECT_EQ(decoded.pixels, batch);
}

TEST(ImageScaling, NonNegativeFloatsScaleSoTheLargestIs255) {
  const float values[] = {0.0f, 0.25f, 0.5f, 1.0f};
  uint8_t bytes[4];
  floatImageToBytes(values, 4, 1, bytes);
  EXPECT_EQ(std::vector<uint8_t>(bytes, bytes + 4),
            (std::vector<uint8_t>{0, 64, 128, 255}));
  const float zeros[] = {0.0f, 0.0f};
  floatImageToBytes(zeros, 2, 1, bytes);
  EXPECT_EQ(bytes[0], 0);
}

TEST(ImageScaling, NegativeFloatsCenterZeroAt127) {
  // Smallest -1 reaches 0 (scale 127); the largest, 0.5, stays below 255.
  const float values[] = {-1.0f, 0.0f, 0.5f};
  uint8_t bytes[3];
  floatImageToBytes(values, 3, 1, bytes);
  EXPECT_EQ(std::vector<uint8_t>(bytes, bytes + 3),
            (std::vector<uint8_t>{0, 127, 191}));
  // Largest 2 reaches 255 (scale 64) before the smallest -0.5 reaches 0.
  const float wide[] = {-0.5f, 0.0f, 2.0f};
  floatImageToBytes(wide, 3, 1, bytes);
  EXPECT_EQ(std::vector<uint8_t>(bytes, bytes + 3),
            (std::vector<uint8_t>{95, 127, 255}));
}

TEST(ImageScaling, NonFinitePixelsArePaintedRed) {
  const float values[] = {0.5f, NAN, 0.0f, 1.0f, 1.0f, 1.0f};
  uint8_t bytes[6];
  floatImageToBytes(values, 6, 3, bytes);
  EXPECT_EQ(std::vector<uint8_t>(bytes, bytes + 6),
            (std::vector<uint8_t>{255, 0, 0, 255, 255, 255}));
}

TEST(ImageSummary, FloatBatchesAreScaledPerImage) {
  ImageBatchShape shape{2, 1, 2, 1};
  const float batch[] = {0.0f, 1.0f, 0.0f, 100.0f};
  Summary summary;
  KILN_ASSERT_OK(addImageValues("f", batch, shape, 2, summary));
  ASSERT_EQ(summary.values.size(), 2u);
  for (const SummaryValue &value : summary.values) {
    DecodedPng decoded;
    KILN_ASSERT_OK(decodePng(value.image.encodedImage, decoded));
    EXPECT_EQ(decoded.pixels, (std::vector<uint8_t>{0, 255})) << value.tag;
  }
}

TEST(ImageSummary, BadShapesNameTheTag) {
  const uint8_t pixel[8] = {};
  Summary summary;
  KILN_EXPECT_ERROR(addImageValues("in", pixel, {1, 1, 1, 2}, 3, summary),
                    io::StatusCode::InvalidArgument,
                    "in: image batch [1, 1, 1, 2] must have 1, 3 or 4 channels");
  KILN_EXPECT_ERROR(addImageValues("in", pixel, {1, 0, 1, 1}, 3, summary),
                    io::StatusCode::InvalidArgument, "empty or negative");
  KILN_EXPECT_ERROR(addImageValues("in", pixel, {1, 1, 1, 1}, 0, summary),
                    io::StatusCode::InvalidArgument, "max images >= 1");
  EXPECT_TRUE(summary.values.empty());
  // An empty batch is no images, not an error.
  KILN_ASSERT_OK(addImageValues("in", pixel, {0, 1, 1, 1}, 3, summary));
  EXPECT_TRUE(summary.values.empty());
}

} // namespace
