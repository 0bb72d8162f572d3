//===- SummaryTest.cpp - Summary messages: bytes, round trips, bad input --===//

#include "SummaryTestUtil.h"

#include "kiln/runtime/summary/scalar.h"
#include "kiln/runtime/summary/summary.h"

using namespace kiln::runtime;
using namespace kiln::runtime::summary;
using namespace kiln::runtime::summary::testing;

namespace {

TEST(SummaryBytes, ScalarIsTagThenSimpleValue) {
  // Summary{value{tag "loss", simple_value 0.5}}: field 1 (0a), the value's
  // tag (0a) and float field 2 (15, fixed32) per FACTS.md section 3.4.
  EXPECT_EQ(hexOf(encodeSummary(scalarSummary("loss", 0.5))),
            "0a 0b 0a 04 6c 6f 73 73 15 00 00 00 3f");
}

TEST(SummaryBytes, ZeroScalarIsStillWritten) {
  // A oneof member that is set is written even when it is zero.
  EXPECT_EQ(hexOf(encodeSummary(scalarSummary("a", 0.0))),
            "0a 08 0a 01 61 15 00 00 00 00");
}

TEST(SummaryBytes, ImageFieldsInOrder) {
  Summary summary;
  SummaryValue value;
  value.tag = "x";
  value.kind = SummaryValue::Kind::Image;
  value.image = {2, 3, 1, "PNG"};
  summary.values.push_back(value);
  EXPECT_EQ(hexOf(encodeSummary(summary)),
            "0a 10 0a 01 78 22 0b 08 02 10 03 18 01 22 03 50 4e 47");
}

TEST(SummaryRoundTrip, ScalarsKeepTagsAndFloatValues) {
  Summary summary;
  summary.values.push_back(scalarValue("loss", 0.1));
  summary.values.push_back(scalarValue("accuracy/train", -3.25));
  summary.values.push_back(scalarValue("tiny", 1e-40)); // a float denormal
  Summary back;
  KILN_ASSERT_OK(parseSummary(encodeSummary(summary), back));
  ASSERT_EQ(back.values.size(), 3u);
  EXPECT_EQ(back.values[0].tag, "loss");
  EXPECT_EQ(back.values[0].kind, SummaryValue::Kind::Scalar);
  EXPECT_EQ(back.values[0].simpleValue, 0.1f);
  EXPECT_EQ(back.values[1].tag, "accuracy/train");
  EXPECT_EQ(back.values[1].simpleValue, -3.25f);
  EXPECT_EQ(back.values[2].simpleValue, static_cast<float>(1e-40));
}

TEST(SummaryRoundTrip, UnknownKindsParseAsOther) {
  // Value{tag "t", tensor{}} (field 8): a TF2 summary kiln does not model.
  std::string bytes("\x0a\x05\x0a\x01t\x42\x00", 7);
  Summary back;
  KILN_ASSERT_OK(parseSummary(bytes, back));
  ASSERT_EQ(back.values.size(), 1u);
  EXPECT_EQ(back.values[0].tag, "t");
  EXPECT_EQ(back.values[0].kind, SummaryValue::Kind::Other);
}

TEST(SummaryErrors, TruncatedBytesNameTheOffset) {
  std::string bytes = encodeSummary(scalarSummary("loss", 2));
  Summary back;
  KILN_EXPECT_ERROR(parseSummary(bytes.substr(0, bytes.size() - 2), back),
                    io::StatusCode::DataLoss, "byte offset 0");
  // Inside the value, the offset points into the outer buffer.
  std::string inner("\x0a\x03\x0a\x05x", 5);
  KILN_EXPECT_ERROR(parseSummary(inner, back), io::StatusCode::DataLoss,
                    "malformed Summary.Value: field 1 claims 5 bytes");
  KILN_EXPECT_ERROR(parseSummary(inner, back), io::StatusCode::DataLoss,
                    "at byte offset 2");
}

TEST(SummaryErrors, BadPackedDoublesAreRefused) {
  // HistogramProto with bucket_limit (field 6) of 3 bytes.
  std::string bytes("\x32\x03\x01\x02\x03", 5);
  HistogramProto histogram;
  KILN_EXPECT_ERROR(parseHistogram(bytes, histogram), io::StatusCode::DataLoss,
                    "bad repeated double field 6");
}

} // namespace
