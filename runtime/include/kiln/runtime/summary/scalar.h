//===- scalar.h - scalar summaries ----------------------------------------===//
//
// A scalar is Summary.Value{tag, simple_value}: what tf.compat.v1.summary
// .scalar writes, and what TensorBoard's scalars dashboard plots against the
// step of the event that carries it.
//
// Thread-safety: pure functions.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SUMMARY_SCALAR_H
#define KILN_RUNTIME_SUMMARY_SCALAR_H

#include "kiln/runtime/summary/summary.h"

namespace kiln::runtime::summary {

/// A value for `tag`. The value is stored as float32, as in TensorFlow.
inline SummaryValue scalarValue(std::string tag, double value) {
  SummaryValue result;
  result.tag = std::move(tag);
  result.kind = SummaryValue::Kind::Scalar;
  result.simpleValue = static_cast<float>(value);
  return result;
}

/// A one-value Summary, like tf.compat.v1.summary.scalar's output.
inline Summary scalarSummary(std::string tag, double value) {
  Summary summary;
  summary.values.push_back(scalarValue(std::move(tag), value));
  return summary;
}

} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SUMMARY_SCALAR_H
