//===- collection.h - summary collections and merge_all -------------------===//
//
// In TF1 every tf.summary.* op adds itself to a graph collection
// ("summaries" by default) and tf.summary.merge_all() evaluates them all into
// one Summary. Kiln's summary values are computed from a step's results on
// the host, so a collection holds producers: named callbacks that append
// values to a Summary. mergeAll() runs them in registration order.
//
// Merging refuses a tag that appears twice (InvalidArgument naming it), as
// tf.summary.merge does: two series under one tag would interleave on one
// TensorBoard chart.
//
// Usage:
//   SummaryCollection summaries;
//   summaries.add("loss", [&](Summary &s) {
//     s.values.push_back(scalarValue("loss", loss)); return Status(); });
//   Summary merged;
//   KILN_IO_RETURN_IF_ERROR(summaries.mergeAll(merged));
//   writer->addSummary(merged, step);
//
// Thread-safety: add() and mergeAll() may be called from several threads;
// producers run under the collection's lock, one at a time.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_SUMMARY_COLLECTION_H
#define KILN_RUNTIME_SUMMARY_COLLECTION_H

#include "kiln/runtime/summary/summary.h"

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace kiln::runtime::summary {

/// The default collection name, TF's tf.GraphKeys.SUMMARIES.
inline constexpr const char *kSummariesCollection = "summaries";

/// Appends this producer's values; an error stops the merge.
using SummaryProducer = std::function<Status(Summary &)>;

class SummaryCollection {
public:
  /// Registers `producer` under `name` (named in merge errors).
  void add(std::string name, SummaryProducer producer);
  size_t size() const;
  void clear();

  /// Runs every producer and merges their values into `out` (replaced).
  Status mergeAll(Summary &out) const;

private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, SummaryProducer>> producers_;
};

/// The process-wide collection called `name`, created on first use, like
/// TF1's default graph collections.
SummaryCollection &summaryCollection(const std::string &name =
                                         kSummariesCollection);

/// merge_all on the process-wide collection `name`.
Status mergeAll(Summary &out,
                const std::string &collection = kSummariesCollection);

/// Concatenates `summaries` into `out` (replaced); duplicate tags refused.
Status mergeSummaries(const std::vector<Summary> &summaries, Summary &out);

} // namespace kiln::runtime::summary

#endif // KILN_RUNTIME_SUMMARY_COLLECTION_H
