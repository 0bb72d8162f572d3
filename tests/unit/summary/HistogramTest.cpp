//===- HistogramTest.cpp - default buckets, placement, TF's encoding ------===//

#include "SummaryTestUtil.h"

#include "kiln/runtime/summary/histogram.h"

#include <cfloat>
#include <cmath>

using namespace kiln::runtime;
using namespace kiln::runtime::summary;
using namespace kiln::runtime::summary::testing;

namespace {

TEST(HistogramLimits, MatchTensorFlowDefaults) {
  // FACTS.md section 3.5: 774 positive limits from 1e-12 by x1.1, DBL_MAX,
  // their negated mirror, and 0 between: 1551 in all.
  const std::vector<double> &limits = defaultBucketLimits();
  ASSERT_EQ(limits.size(), 1551u);
  EXPECT_EQ(limits.front(), -DBL_MAX);
  EXPECT_EQ(limits[775], 0.0);
  EXPECT_EQ(limits[776], 1e-12);
  EXPECT_EQ(limits[777], 1e-12 * 1.1);
  EXPECT_EQ(limits[774], -1e-12);
  EXPECT_EQ(limits.back(), DBL_MAX);
  EXPECT_NEAR(limits[1549], 9.920775621859783e+19, 1e5);
  EXPECT_LT(limits[1549], 1e20);
  for (size_t i = 1; i < limits.size(); ++i)
    ASSERT_LT(limits[i - 1], limits[i]) << "at " << i;
  for (size_t i = 0; i < limits.size(); ++i)
    ASSERT_EQ(limits[i], -limits[limits.size() - 1 - i]) << "at " << i;
}

TEST(HistogramPlacement, ValueOnALimitGoesToTheBucketAbove) {
  const std::vector<double> &limits = defaultBucketLimits();
  EXPECT_EQ(Histogram::bucketIndex(0.0), 776u);     // [0, 1e-12)
  EXPECT_EQ(Histogram::bucketIndex(1e-12), 777u);   // [1e-12, 1.1e-12)
  EXPECT_EQ(Histogram::bucketIndex(-1e-12), 775u);  // [-1e-12, 0)
  EXPECT_EQ(Histogram::bucketIndex(-1e-13), 775u);
  EXPECT_EQ(Histogram::bucketIndex(-DBL_MAX), 1u);
  EXPECT_EQ(Histogram::bucketIndex(DBL_MAX), 1550u);
  EXPECT_EQ(Histogram::bucketIndex(1e300), 1550u);
  size_t five = Histogram::bucketIndex(5.0);
  EXPECT_EQ(five, 1083u);
  EXPECT_LE(limits[five - 1], 5.0);
  EXPECT_GT(limits[five], 5.0);
  // Every limit itself lands one bucket up.
  for (size_t i = 0; i + 1 < limits.size(); ++i)
    ASSERT_EQ(Histogram::bucketIndex(limits[i]), i + 1) << "limit " << i;
}

TEST(HistogramStats, MinMaxNumSumSumSquares) {
  Histogram histogram;
  const double values[] = {1.5, -2.0, 0.0, 4.0};
  KILN_ASSERT_OK(histogram.add(values, 4));
  EXPECT_EQ(histogram.min(), -2.0);
  EXPECT_EQ(histogram.max(), 4.0);
  EXPECT_EQ(histogram.num(), 4.0);
  EXPECT_EQ(histogram.sum(), 3.5);
  EXPECT_EQ(histogram.sumSquares(), 2.25 + 4.0 + 16.0);
}

TEST(HistogramProto, EmptyRunsCollapseLikeTensorFlow) {
  Histogram histogram;
  KILN_ASSERT_OK(histogram.add(0.0));
  HistogramProto proto = histogram.toProto();
  // Buckets 0..775 are empty: one entry ending at limit 0; then [0, 1e-12)
  // holds the value; then the empty rest ends at DBL_MAX.
  EXPECT_EQ(proto.bucketLimit, (std::vector<double>{0.0, 1e-12, DBL_MAX}));
  EXPECT_EQ(proto.bucket, (std::vector<double>{0, 1, 0}));
  EXPECT_EQ(proto.min, 0.0);
  EXPECT_EQ(proto.max, 0.0);
  EXPECT_EQ(proto.num, 1.0);
}

TEST(HistogramProto, AdjacentFullBucketsStaySeparate) {
  Histogram histogram;
  const float values[] = {1e-12f, 1.05e-12f, 1.15e-12f, 1.15e-12f, 7.0f};
  KILN_ASSERT_OK(histogram.add(values, 5));
  HistogramProto proto = histogram.toProto();
  double total = 0;
  for (size_t i = 0; i < proto.bucket.size(); ++i) {
    total += proto.bucket[i];
    if (i > 0) {
      EXPECT_FALSE(proto.bucket[i] == 0 && proto.bucket[i - 1] == 0)
          << "two empty entries in a row at " << i;
    }
  }
  EXPECT_EQ(total, 5.0);
  EXPECT_EQ(proto.bucketLimit.back(), DBL_MAX);
  ASSERT_EQ(proto.bucket.size(), proto.bucketLimit.size());
}

TEST(HistogramProto, EmptyHistogramIsOneBucket) {
  HistogramProto proto = Histogram().toProto();
  EXPECT_EQ(proto.min, DBL_MAX);
  EXPECT_EQ(proto.max, -DBL_MAX);
  EXPECT_EQ(proto.num, 0.0);
  EXPECT_EQ(proto.bucketLimit, std::vector<double>{DBL_MAX});
  EXPECT_EQ(proto.bucket, std::vector<double>{0});
}

TEST(HistogramProto, RoundTripsThroughBytes) {
  Histogram histogram;
  for (int i = -50; i < 50; ++i)
    KILN_ASSERT_OK(histogram.add(i * 0.37));
  SummaryValue value = histogramValue("layer1/weights", histogram);
  Summary summary;
  summary.values.push_back(value);
  Summary back;
  KILN_ASSERT_OK(parseSummary(encodeSummary(summary), back));
  ASSERT_EQ(back.values.size(), 1u);
  EXPECT_EQ(back.values[0].kind, SummaryValue::Kind::Histogram);
  EXPECT_EQ(back.values[0].tag, "layer1/weights");
  const HistogramProto &expected = value.histogram, &got = back.values[0].histogram;
  EXPECT_EQ(got.min, expected.min);
  EXPECT_EQ(got.max, expected.max);
  EXPECT_EQ(got.num, expected.num);
  EXPECT_EQ(got.sum, expected.sum);
  EXPECT_EQ(got.sumSquares, expected.sumSquares);
  EXPECT_EQ(got.bucketLimit, expected.bucketLimit);
  EXPECT_EQ(got.bucket, expected.bucket);
}

TEST(HistogramBytes, RepeatedDoublesArePacked) {
  HistogramProto proto;
  proto.num = 1;
  proto.bucketLimit = {1.0};
  proto.bucket = {1.0};
  std::string bytes;
  encodeHistogram(proto, bytes);
  // num (19 = field 3, fixed64), bucket_limit (32 = field 6, packed, 8
  // bytes), bucket (3a = field 7); min, max, sum, sum_squares are 0: omitted.
  EXPECT_EQ(hexOf(bytes), "19 00 00 00 00 00 00 f0 3f "
                          "32 08 00 00 00 00 00 00 f0 3f "
                          "3a 08 00 00 00 00 00 00 f0 3f");
}

TEST(HistogramErrors, NonFiniteValuesAreRefusedWholesale) {
  Histogram histogram;
  const float values[] = {1.0f, NAN, 2.0f};
  KILN_EXPECT_ERROR(histogram.add(values, 3, "layer1/biases"),
                    io::StatusCode::InvalidArgument,
                    "layer1/biases: histogram value nan at index 1");
  EXPECT_EQ(histogram.num(), 0.0);
  KILN_EXPECT_ERROR(histogram.add(INFINITY), io::StatusCode::InvalidArgument,
                    "not finite");
}

} // namespace
