//===- RecordBatches.cpp - training batches from TFRecord Examples --------===//

#include "RecordBatches.h"

#include "kiln/runtime/io/decode_raw.h"

namespace kiln::examples {

namespace io = kiln::runtime::io;

bool RecordBatches::start(const std::vector<std::string> &files, int64_t batchSize,
                          int64_t epochs, uint64_t seed, std::string &error) {
  spec_.dense = {{"label", io::FeatureType::Int64, {}, std::nullopt},
                 {"img_raw", io::FeatureType::Bytes, {}, std::nullopt}};
  io::TFRecordSourceOptions source;
  source.threads = 2;
  source.epochs = static_cast<size_t>(epochs);
  source.shuffleFiles = true;
  source.seed = seed;
  io::ShuffleBatchOptions options;
  options.batchSize = static_cast<size_t>(batchSize);
  options.queue.capacity = 20000;
  options.queue.minAfterDequeue = 10000;
  options.queue.seed = seed;
  io::Status status =
      io::ShuffleBatch::start(io::tfRecordProducers(files, source), options, batches_);
  if (!status.ok())
    error = status.message();
  return status.ok();
}

bool RecordBatches::next(std::vector<float> &images, std::vector<int64_t> &labels,
                         std::string &error) {
  std::vector<std::string> batch;
  io::Status status = batches_->next(batch);
  if (status.code() == io::StatusCode::OutOfRange)
    return false;
  io::ParsedFeatures parsed;
  runtime::HostTensor pixels;
  if (status.ok())
    status = io::parseExampleBatch(batch, spec_, parsed, "training batch");
  if (status.ok())
    status = io::decodeRawBatch(parsed.dense["img_raw"].bytes, runtime::DType::U8,
                                pixels, "img_raw");
  if (status.ok() && (pixels.shape.size() != 2 || pixels.shape[1] != 784))
    status = io::Status(io::StatusCode::InvalidArgument,
                        "img_raw holds " + std::to_string(pixels.shape.back()) +
                            " bytes per example, expected 784 (28x28)");
  if (!status.ok()) {
    error = status.message();
    return false;
  }
  images.resize(pixels.data.size());
  for (size_t i = 0; i < pixels.data.size(); ++i)
    images[i] = pixels.data[i] / 255.0f;
  labels = parsed.dense["label"].int64s;
  return true;
}

RecordBatches::~RecordBatches() {
  if (batches_)
    batches_->stop();
}

} // namespace kiln::examples
