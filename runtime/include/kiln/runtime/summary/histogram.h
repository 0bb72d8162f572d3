//===- histogram.h - histograms with TensorFlow's default buckets ---------===//
//
// TensorBoard's histogram and distribution dashboards rebucket whatever they
// are given, but TF1 files all use one exponential bucket layout, and kiln
// uses it too so that a kiln histogram and a TensorFlow histogram of the same
// values are the same bytes (FACTS.md section 3.5):
//   positive limits 1e-12, 1.1e-12, ... (x1.1 while < 1e20), then DBL_MAX;
//   negative limits their mirror; all limits = negatives, 0, positives.
// A value v lands in the first bucket whose limit is greater than v, so a
// value equal to a limit counts in the bucket above it.
//
// Usage:
//   Histogram h;
//   KILN_IO_RETURN_IF_ERROR(h.add(weights, count, "layer1/weights"));
//   summary.values.push_back(histogramValue("layer1/weights", h));
//
// Thread-safety: one thread at a time per Histogram; the default limits are
// immutable and shared.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SUMMARY_HISTOGRAM_H
#define KILN_RUNTIME_SUMMARY_HISTOGRAM_H

#include "kiln/runtime/summary/summary.h"

#include <cstddef>
#include <vector>

namespace kiln::runtime::summary {

/// TensorFlow's default bucket limits, ascending (1551 values, the last
/// DBL_MAX). Built once, on first use.
const std::vector<double> &defaultBucketLimits();

class Histogram {
public:
  /// An empty histogram over the default limits: min = DBL_MAX and
  /// max = -DBL_MAX until a value arrives, as in TensorFlow.
  Histogram();

  /// Adds one value. NaN and infinities are refused (InvalidArgument naming
  /// `what`), as tf.summary.histogram refuses them; the histogram is left
  /// unchanged.
  Status add(double value, const std::string &what = "histogram");
  /// Adds `count` values; refuses all of them if any is not finite.
  Status add(const float *values, size_t count,
             const std::string &what = "histogram");
  Status add(const double *values, size_t count,
             const std::string &what = "histogram");

  /// Index of the bucket `value` falls into.
  static size_t bucketIndex(double value);

  double min() const { return min_; }
  double max() const { return max_; }
  double num() const { return num_; }
  double sum() const { return sum_; }
  double sumSquares() const { return sumSquares_; }
  /// Counts per default bucket (one per limit).
  const std::vector<double> &buckets() const { return buckets_; }

  /// The HistogramProto TensorFlow writes: runs of empty buckets collapse
  /// into one zero bucket carrying the run's last limit; an empty histogram
  /// is the single bucket (DBL_MAX, 0).
  HistogramProto toProto() const;

private:
  double min_, max_, num_ = 0, sum_ = 0, sumSquares_ = 0;
  std::vector<double> buckets_;
};

/// Summary.Value{tag, histo} for `histogram`.
SummaryValue histogramValue(std::string tag, const Histogram &histogram);

} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SUMMARY_HISTOGRAM_H
