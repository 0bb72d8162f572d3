//===- Histogram.cpp - TensorFlow's default histogram buckets -------------===//

#include "kiln/runtime/summary/histogram.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace kiln::runtime::summary {

const std::vector<double> &defaultBucketLimits() {
  // The same double arithmetic as TensorFlow (repeated *1.1, not pow), so
  // every limit is bit-identical to the ones in TF-written files.
  static const std::vector<double> limits = [] {
    std::vector<double> positive;
    for (double v = 1e-12; v < 1e20; v *= 1.1)
      positive.push_back(v);
    positive.push_back(DBL_MAX);
    std::vector<double> all;
    all.reserve(2 * positive.size() + 1);
    for (auto it = positive.rbegin(); it != positive.rend(); ++it)
      all.push_back(-*it);
    all.push_back(0.0);
    all.insert(all.end(), positive.begin(), positive.end());
    return all;
  }();
  return limits;
}

Histogram::Histogram()
    : min_(DBL_MAX), max_(-DBL_MAX),
      buckets_(defaultBucketLimits().size(), 0.0) {}

size_t Histogram::bucketIndex(double value) {
  const std::vector<double> &limits = defaultBucketLimits();
  size_t index = static_cast<size_t>(
      std::upper_bound(limits.begin(), limits.end(), value) - limits.begin());
  // Only DBL_MAX itself is not below some limit; it joins the last bucket.
  return std::min(index, limits.size() - 1);
}

Status Histogram::add(double value, const std::string &what) {
  if (!std::isfinite(value))
    return io::invalidArgument(what + ": histogram value " +
                               std::to_string(value) + " is not finite");
  buckets_[bucketIndex(value)] += 1;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  num_ += 1;
  sum_ += value;
  sumSquares_ += value * value;
  return Status();
}

namespace {

template <typename T>
Status addAll(Histogram &histogram, const T *values, size_t count,
              const std::string &what) {
  // Check first so that a refused batch leaves the histogram untouched.
  for (size_t i = 0; i < count; ++i)
    if (!std::isfinite(values[i]))
      return io::invalidArgument(
          what + ": histogram value " + std::to_string(values[i]) +
          " at index " + std::to_string(i) + " is not finite");
  for (size_t i = 0; i < count; ++i)
    KILN_IO_RETURN_IF_ERROR(histogram.add(static_cast<double>(values[i]), what));
  return Status();
}

} // namespace

Status Histogram::add(const float *values, size_t count,
                      const std::string &what) {
  return addAll(*this, values, count, what);
}

Status Histogram::add(const double *values, size_t count,
                      const std::string &what) {
  return addAll(*this, values, count, what);
}

HistogramProto Histogram::toProto() const {
  const std::vector<double> &limits = defaultBucketLimits();
  HistogramProto proto;
  proto.min = min_;
  proto.max = max_;
  proto.num = num_;
  proto.sum = sum_;
  proto.sumSquares = sumSquares_;
  for (size_t i = 0; i < buckets_.size();) {
    double limit = limits[i];
    double count = buckets_[i];
    ++i;
    if (count <= 0.0) {
      // A run of empty buckets becomes one, ending at the run's last limit.
      while (i < buckets_.size() && buckets_[i] <= 0.0) {
        limit = limits[i];
        count = buckets_[i];
        ++i;
      }
    }
    proto.bucketLimit.push_back(limit);
    proto.bucket.push_back(count);
  }
  // An empty histogram is one run of empty buckets: the single bucket
  // (DBL_MAX, 0) that TensorFlow writes for it.
  return proto;
}

SummaryValue histogramValue(std::string tag, const Histogram &histogram) {
  SummaryValue value;
  value.tag = std::move(tag);
  value.kind = SummaryValue::Kind::Histogram;
  value.histogram = histogram.toProto();
  return value;
}

} // namespace kiln::runtime::summary
