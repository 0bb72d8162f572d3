//===- Summary.cpp - Summary, Summary.Value, Image, HistogramProto --------===//
//
// Field numbers: ../shared/formats/FACTS.md sections 3.4 and 3.5.
//
//===----------------------------------------------------------------------===//

#include "kiln/runtime/summary/summary.h"

#include "WireHelpers.h"

namespace kiln::runtime::summary {

using io::WireField;
using io::WireReader;
using io::WireType;
using io::WireWriter;

namespace {

// Summary
constexpr uint32_t kSummaryValue = 1;
// Summary.Value
constexpr uint32_t kValueTag = 1, kValueSimpleValue = 2, kValueImage = 4,
                   kValueHisto = 5;
// Summary.Image
constexpr uint32_t kImageHeight = 1, kImageWidth = 2, kImageColorspace = 3,
                   kImageEncoded = 4;
// HistogramProto
constexpr uint32_t kHistoMin = 1, kHistoMax = 2, kHistoNum = 3, kHistoSum = 4,
                   kHistoSumSquares = 5, kHistoBucketLimit = 6,
                   kHistoBucket = 7;

void encodeImage(const ImageProto &image, std::string &out) {
  WireWriter writer(out);
  if (image.height)
    writer.int64Field(kImageHeight, image.height);
  if (image.width)
    writer.int64Field(kImageWidth, image.width);
  if (image.colorspace)
    writer.int64Field(kImageColorspace, image.colorspace);
  if (!image.encodedImage.empty())
    writer.bytesField(kImageEncoded, image.encodedImage);
}

void encodePackedDoubles(WireWriter &writer, uint32_t field,
                         const std::vector<double> &values) {
  if (values.empty())
    return;
  writer.writeTag(field, WireType::LengthDelimited);
  writer.writeVarint(values.size() * 8);
  for (double value : values) {
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    writer.writeFixed64(bits);
  }
}

void encodeValue(const SummaryValue &value, std::string &out) {
  WireWriter writer(out);
  if (!value.tag.empty())
    writer.bytesField(kValueTag, value.tag);
  std::string nested;
  switch (value.kind) {
  case SummaryValue::Kind::Scalar:
    // A set oneof member is written even when it is zero.
    writer.floatField(kValueSimpleValue, value.simpleValue);
    break;
  case SummaryValue::Kind::Image:
    encodeImage(value.image, nested);
    writer.bytesField(kValueImage, nested);
    break;
  case SummaryValue::Kind::Histogram:
    encodeHistogram(value.histogram, nested);
    writer.bytesField(kValueHisto, nested);
    break;
  case SummaryValue::Kind::Other:
    break;
  }
}

/// int32 fields arrive as varints; negative ones sign-extend to 64 bits.
int32_t asInt32(const WireField &field) {
  return static_cast<int32_t>(static_cast<uint32_t>(field.integer));
}

Status parseImage(std::string_view bytes, size_t base, ImageProto &out) {
  out = ImageProto();
  WireReader reader(bytes, base);
  WireField field;
  while (reader.next(field)) {
    bool varint = field.type == WireType::Varint;
    if (field.number == kImageHeight && varint)
      out.height = asInt32(field);
    else if (field.number == kImageWidth && varint)
      out.width = asInt32(field);
    else if (field.number == kImageColorspace && varint)
      out.colorspace = asInt32(field);
    else if (field.number == kImageEncoded &&
             field.type == WireType::LengthDelimited)
      out.encodedImage.assign(field.bytes);
  }
  if (!reader.error().empty())
    return detail::malformed("Summary.Image", reader.error());
  return Status();
}

Status parseHistogramAt(std::string_view bytes, size_t base,
                        HistogramProto &out) {
  out = HistogramProto();
  WireReader reader(bytes, base);
  WireField field;
  // Fields 1..5 are the double statistics, in this order.
  double *statistics[] = {nullptr,  &out.min, &out.max,
                          &out.num, &out.sum, &out.sumSquares};
  while (reader.next(field)) {
    if (field.number >= kHistoMin && field.number <= kHistoSumSquares) {
      if (field.type == WireType::Fixed64)
        *statistics[field.number] = detail::bitsToDouble(field.integer);
    } else if (field.number == kHistoBucketLimit ||
               field.number == kHistoBucket) {
      auto &list = field.number == kHistoBucket ? out.bucket : out.bucketLimit;
      if (!detail::appendDoubles(field, list))
        return detail::malformed(
            "HistogramProto",
            "bad repeated double field " + std::to_string(field.number) +
                " at byte offset " + std::to_string(field.offset));
    }
  }
  if (!reader.error().empty())
    return detail::malformed("HistogramProto", reader.error());
  return Status();
}

Status parseValue(std::string_view bytes, size_t base, SummaryValue &out) {
  out = SummaryValue();
  WireReader reader(bytes, base);
  WireField field;
  while (reader.next(field)) {
    bool nested = field.type == WireType::LengthDelimited;
    if (field.number == kValueTag && nested) {
      out.tag.assign(field.bytes);
    } else if (field.number == kValueSimpleValue &&
               field.type == WireType::Fixed32) {
      out.kind = SummaryValue::Kind::Scalar;
      out.simpleValue =
          detail::bitsToFloat(static_cast<uint32_t>(field.integer));
    } else if (field.number == kValueImage && nested) {
      out.kind = SummaryValue::Kind::Image;
      KILN_IO_RETURN_IF_ERROR(parseImage(
          field.bytes, detail::payloadOffset(reader, field), out.image));
    } else if (field.number == kValueHisto && nested) {
      out.kind = SummaryValue::Kind::Histogram;
      KILN_IO_RETURN_IF_ERROR(parseHistogramAt(
          field.bytes, detail::payloadOffset(reader, field), out.histogram));
    } else if (field.number >= 3 && field.number <= 8 && field.number != 7) {
      // Another member of the `value` oneof: audio, tensor, old histogram.
      out.kind = SummaryValue::Kind::Other;
    }
  }
  if (!reader.error().empty())
    return detail::malformed("Summary.Value", reader.error());
  return Status();
}

} // namespace

void encodeHistogram(const HistogramProto &histogram, std::string &out) {
  WireWriter writer(out);
  const std::pair<uint32_t, double> scalars[] = {
      {kHistoMin, histogram.min},
      {kHistoMax, histogram.max},
      {kHistoNum, histogram.num},
      {kHistoSum, histogram.sum},
      {kHistoSumSquares, histogram.sumSquares}};
  for (const auto &[field, value] : scalars)
    if (!detail::isDefaultDouble(value))
      writer.doubleField(field, value);
  encodePackedDoubles(writer, kHistoBucketLimit, histogram.bucketLimit);
  encodePackedDoubles(writer, kHistoBucket, histogram.bucket);
}

std::string encodeSummary(const Summary &summary) {
  std::string out;
  WireWriter writer(out);
  std::string nested;
  for (const SummaryValue &value : summary.values) {
    nested.clear();
    encodeValue(value, nested);
    writer.bytesField(kSummaryValue, nested);
  }
  return out;
}

Status parseHistogram(std::string_view bytes, HistogramProto &out) {
  return parseHistogramAt(bytes, 0, out);
}

Status parseSummary(std::string_view bytes, Summary &out) {
  return detail::parseSummaryAt(bytes, 0, out);
}

Status detail::parseSummaryAt(std::string_view bytes, size_t base,
                              Summary &out) {
  out = Summary();
  WireReader reader(bytes, base);
  WireField field;
  while (reader.next(field)) {
    if (field.number != kSummaryValue ||
        field.type != WireType::LengthDelimited)
      continue;
    SummaryValue value;
    KILN_IO_RETURN_IF_ERROR(
        parseValue(field.bytes, detail::payloadOffset(reader, field), value));
    out.values.push_back(std::move(value));
  }
  if (!reader.error().empty())
    return detail::malformed("Summary", reader.error());
  return Status();
}

} // namespace kiln::runtime::summary
