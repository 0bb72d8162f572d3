//===- RecordBatches.h - training batches from TFRecord Examples -*- C++ -*-===//
#ifndef KILN_EXAMPLES_FASHION_MNIST_RECORDBATCHES_H
#define KILN_EXAMPLES_FASHION_MNIST_RECORDBATCHES_H

#include "kiln/runtime/io/example_parsing.h"
#include "kiln/runtime/io/shuffle_batch.h"

#include <memory>
#include <string>
#include <vector>

namespace kiln::examples {

/// tf.train.shuffle_batch over TFRecord files of Examples in the seed's
/// layout (`label` int64, `img_raw` 784 raw uint8 bytes), decoded into
/// the trainer's float images and int64 labels. Reader threads run in the
/// background; the files are read `epochs` times.
class RecordBatches {
public:
  bool start(const std::vector<std::string> &files, int64_t batchSize,
             int64_t epochs, uint64_t seed, std::string &error);
  /// The next full batch; false at the end of the input (`error` empty) or
  /// on a bad record (`error` names the file and offset).
  bool next(std::vector<float> &images, std::vector<int64_t> &labels,
            std::string &error);
  ~RecordBatches();

private:
  std::unique_ptr<runtime::io::ShuffleBatch> batches_;
  /// label (int64 scalar) and img_raw (bytes scalar).
  runtime::io::ParseSpec spec_;
};

} // namespace kiln::examples

#endif // KILN_EXAMPLES_FASHION_MNIST_RECORDBATCHES_H
