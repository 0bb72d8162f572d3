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

/// Float pixels scaled as kiln does it.
std::vector<int> scaled(std::vector<float> values, int channels = 1) {
  std::vector<uint8_t> bytes(values.size());
  floatImageToBytes(values.data(), values.size(), channels, bytes.data());
  return std::vector<int>(bytes.begin(), bytes.end());
}

// The expected pixels below are what TensorFlow 2.21's ImageSummary op wrote
// for the same 2x3 float images (decoded with tf.io.decode_png).

TEST(ImageScaling, NonNegativeFloatsScaleSoTheLargestIs255) {
  EXPECT_EQ(scaled({0.0f, 0.1f, 0.3f, 0.5f, 0.7f, 1.0f}),
            (std::vector<int>{0, 25, 76, 127, 178, 255}));
  EXPECT_EQ(scaled({0.0f, 1.0f, 2.0f, 3.0f, 254.0f, 1000.0f}),
            (std::vector<int>{0, 0, 0, 0, 64, 255}));
  EXPECT_EQ(scaled({0.0f, 0.0f}), (std::vector<int>{0, 0}));
}

TEST(ImageScaling, NegativeFloatsCenterZeroAt128) {
  EXPECT_EQ(scaled({-1.0f, -0.5f, 0.0f, 0.25f, 0.5f, 2.0f}),
            (std::vector<int>{64, 96, 128, 143, 159, 255}));
  EXPECT_EQ(scaled({-4.0f, -3.0f, -1.0f, -0.5f, -0.25f, -0.1f}),
            (std::vector<int>{1, 32, 96, 112, 120, 124}));
}

TEST(ImageScaling, NonFinitePixelsArePaintedRed) {
  EXPECT_EQ(scaled({NAN, 0.0f, INFINITY, 1.0f, -1.0f, 0.5f}),
            (std::vector<int>{255, 128, 255, 255, 1, 191}));
  EXPECT_EQ(scaled({NAN, 0.5f, 0.5f, 0.2f, 0.4f, 0.6f}, 3),
            (std::vector<int>{255, 0, 0, 84, 169, 254}));
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
