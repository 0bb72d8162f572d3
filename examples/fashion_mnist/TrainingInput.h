//===- TrainingInput.h - where the trainer's batches come from --*- C++ -*-===//
#ifndef KILN_EXAMPLES_FASHION_MNIST_TRAININGINPUT_H
#define KILN_EXAMPLES_FASHION_MNIST_TRAININGINPUT_H

#include "Dataset.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kiln::examples {

/// Full batches of images (784 floats in [0, 1] each) and int64 labels,
/// whatever the files: the IDX set held in memory, or TFRecord / CSV files
/// streamed by background readers. One pass over the input is an epoch of
/// examplesPerEpoch() examples, so the trainer's schedule (steps per
/// epoch, checkpoints, test accuracy, summaries) is the same for all.
class TrainingInput {
public:
  virtual ~TrainingInput() = default;
  virtual int64_t examplesPerEpoch() const = 0;
  /// What the trainer prints about its input, e.g. "2 TFRecord file(s)".
  virtual std::string description() const = 0;
  /// The next full batch; false at the end of the input (`error` empty) or
  /// on bad input (`error` names the file and where in it).
  virtual bool next(std::vector<float> &images, std::vector<int64_t> &labels,
                    std::string &error) = 0;
};

/// How to read the input: `epochs` passes in batches of `batchSize`,
/// shuffled from `seed`, starting after `firstStep` steps (a resumed run).
/// In a data-parallel job of `ranks`, a step's global batch is
/// batchSize * ranks examples and rank r's batch is its r-th slice, so the
/// ranks together see what one process with the global batch would.
struct InputSchedule {
  int64_t batchSize = 100, epochs = 1, firstStep = 0;
  uint64_t seed = 1;
  int rank = 0, ranks = 1;
  int64_t globalBatch() const { return batchSize * ranks; }
};

/// The examples of `data`, reshuffled every epoch.
std::unique_ptr<TrainingInput> inMemoryInput(Dataset data,
                                             const InputSchedule &schedule);

/// tf.train.shuffle_batch over files in the seed's layouts: TFRecord files
/// of Examples (`label` int64, `img_raw` 784 uint8 bytes, as
/// `kiln-records from-idx` writes them), or, for names ending in `.csv`,
/// lines `label,pixel1,...,pixel784` of integers (pixels 0 to 255; a first
/// line starting with a letter is a header, as in Kaggle's
/// fashion-mnist_train.csv). The files are counted first, so an empty
/// input or a corrupt record is an error before training starts. In a
/// data-parallel job rank r reads files r, r + ranks, ...; the smallest
/// share sets the examples of an epoch.
std::unique_ptr<TrainingInput>
streamedInput(const std::vector<std::string> &files,
              const InputSchedule &schedule, std::string &error);

} // namespace kiln::examples

#endif // KILN_EXAMPLES_FASHION_MNIST_TRAININGINPUT_H
