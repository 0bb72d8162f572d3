//===- InMemoryInput.cpp - batches from a data set held in memory ---------===//

#include "TrainingInput.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace kiln::examples {

namespace {

class InMemoryInput : public TrainingInput {
public:
  InMemoryInput(Dataset data, const InputSchedule &schedule)
      : data_(std::move(data)), schedule_(schedule),
        rng_(uint64_t(schedule.seed)), order_(data_.size()) {
    int64_t stepsPerEpoch =
        std::max<int64_t>(data_.size() / schedule.globalBatch(), 1);
    epoch_ = schedule.firstStep / stepsPerEpoch;
    step_ = schedule.firstStep % stepsPerEpoch;
  }

  int64_t examplesPerEpoch() const override { return data_.size(); }
  std::string description() const override { return "the IDX files"; }

  bool next(std::vector<float> &images, std::vector<int64_t> &labels,
            std::string &) override {
    int64_t stepsPerEpoch = data_.size() / schedule_.globalBatch();
    if (step_ == stepsPerEpoch) {
      step_ = 0;
      ++epoch_;
      shuffled_ = false;
    }
    if (epoch_ >= schedule_.epochs || stepsPerEpoch == 0)
      return false;
    if (!shuffled_) {
      // One generator draw per epoch: the order an uninterrupted run of the
      // same seed has used since the trainer's first version.
      std::iota(order_.begin(), order_.end(), 0);
      std::mt19937_64 epochRng(rng_() ^ uint64_t(epoch_));
      std::shuffle(order_.begin(), order_.end(), epochRng);
      shuffled_ = true;
    }
    gatherBatch(data_, order_,
                step_ * schedule_.globalBatch() +
                    schedule_.rank * schedule_.batchSize,
                schedule_.batchSize, images, labels);
    ++step_;
    return true;
  }

private:
  Dataset data_;
  InputSchedule schedule_;
  std::mt19937_64 rng_;
  std::vector<int64_t> order_;
  int64_t epoch_ = 0, step_ = 0;
  bool shuffled_ = false;
};

} // namespace

std::unique_ptr<TrainingInput> inMemoryInput(Dataset data,
                                             const InputSchedule &schedule) {
  return std::make_unique<InMemoryInput>(std::move(data), schedule);
}

} // namespace kiln::examples
