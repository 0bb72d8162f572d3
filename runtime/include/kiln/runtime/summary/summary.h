//===- summary.h - the Summary message TensorBoard reads ------------------===//
//
// A Summary is a list of tagged values; each value is a scalar, a histogram
// or an image (summary.proto, ../shared/formats/FACTS.md section 3.4). Kiln
// writes the TF1 encodings (simple_value, histo, image, no metadata), which
// TensorBoard converts on load exactly as it converts files written by
// tf.compat.v1.summary.
//
// The builders for each kind live beside this header (scalar.h,
// histogram.h, image.h); merging lives in collection.h.
//
// The messages are plain values: copies are independent, and no function
// here keeps a reference to its arguments. Thread-safety: as for any value.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SUMMARY_SUMMARY_H
#define KILN_RUNTIME_SUMMARY_SUMMARY_H

#include "kiln/runtime/io/status.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::runtime::summary {

using io::Status;

/// HistogramProto: bucket[i] counts values in [bucketLimit[i-1],
/// bucketLimit[i]), the first bucket starting at -DBL_MAX.
struct HistogramProto {
  double min = 0, max = 0, num = 0, sum = 0, sumSquares = 0;
  std::vector<double> bucketLimit;
  std::vector<double> bucket;
};

/// Summary.Image. `colorspace` is the channel count for the layouts kiln
/// writes: 1 gray, 3 RGB, 4 RGBA (2 is gray+alpha).
struct ImageProto {
  int32_t height = 0, width = 0, colorspace = 0;
  std::string encodedImage; // PNG bytes
};

/// Summary.Value. Exactly one of the kinds is meaningful, as named by
/// `kind`; `Other` is a value kiln does not model (audio, tensor, ...),
/// kept when parsing so readers can count and skip it.
struct SummaryValue {
  enum class Kind { Scalar, Histogram, Image, Other };

  std::string tag;
  Kind kind = Kind::Other;
  float simpleValue = 0;
  HistogramProto histogram;
  ImageProto image;
};

struct Summary {
  std::vector<SummaryValue> values;
};

/// Serializes `summary` in ascending field order, as protobuf does.
std::string encodeSummary(const Summary &summary);
void encodeHistogram(const HistogramProto &histogram, std::string &out);

/// Parses serialized bytes. Malformed input is a DataLoss error naming the
/// byte offset; unknown fields are skipped, as protobuf readers do.
Status parseSummary(std::string_view bytes, Summary &out);
Status parseHistogram(std::string_view bytes, HistogramProto &out);

} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SUMMARY_SUMMARY_H
