//===- Collection.cpp - summary collections and merge_all -----------------===//

#include "kiln/runtime/summary/collection.h"

#include <map>
#include <memory>
#include <set>

namespace kiln::runtime::summary {

void SummaryCollection::add(std::string name, SummaryProducer producer) {
  std::lock_guard<std::mutex> lock(mutex_);
  producers_.emplace_back(std::move(name), std::move(producer));
}

size_t SummaryCollection::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return producers_.size();
}

void SummaryCollection::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  producers_.clear();
}

Status SummaryCollection::mergeAll(Summary &out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Summary> parts;
  parts.reserve(producers_.size());
  for (const auto &[name, producer] : producers_) {
    Summary part;
    Status status = producer(part);
    if (!status.ok())
      return Status(status.code(),
                    "summary '" + name + "': " + status.message());
    parts.push_back(std::move(part));
  }
  return mergeSummaries(parts, out);
}

SummaryCollection &summaryCollection(const std::string &name) {
  // Collections live until exit, like a default graph's; unique_ptr keeps
  // their addresses stable as the map grows.
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<SummaryCollection>> collections;
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<SummaryCollection> &slot = collections[name];
  if (!slot)
    slot = std::make_unique<SummaryCollection>();
  return *slot;
}

Status mergeAll(Summary &out, const std::string &collection) {
  return summaryCollection(collection).mergeAll(out);
}

Status mergeSummaries(const std::vector<Summary> &summaries, Summary &out) {
  Summary merged;
  std::set<std::string> tags;
  for (const Summary &summary : summaries)
    for (const SummaryValue &value : summary.values) {
      if (!tags.insert(value.tag).second)
        return io::invalidArgument("cannot merge summaries: duplicate tag '" +
                                   value.tag + "'");
      merged.values.push_back(value);
    }
  out = std::move(merged);
  return Status();
}

} // namespace kiln::runtime::summary
