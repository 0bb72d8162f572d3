//===- StreamedInput.cpp - batches from TFRecord or CSV files -------------===//

#include "TrainingInput.h"

#include "kiln/runtime/io/csv.h"
#include "kiln/runtime/io/decode_raw.h"
#include "kiln/runtime/io/example_parsing.h"
#include "kiln/runtime/io/file_system.h"
#include "kiln/runtime/io/shuffle_batch.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace kiln::examples {

namespace io = kiln::runtime::io;

namespace {

constexpr int64_t kPixels = 784;

bool isCsv(const std::string &path) {
  return path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
}

/// Kaggle's CSVs start with "label,pixel1,..."; data lines start with a digit.
bool isHeader(const std::string &line) {
  return !line.empty() && std::isalpha(static_cast<unsigned char>(line[0]));
}

/// A CSV example as the queue carries it: the int64 label, then one byte
/// per pixel.
io::Status decodeCsvExample(const std::string &line, const std::string &where,
                            std::string &record) {
  static const std::vector<io::CsvColumn> columns(kPixels + 1,
                                                  io::CsvColumn::int64());
  std::vector<io::CsvValue> values;
  KILN_IO_RETURN_IF_ERROR(io::decodeCsvLine(line, columns, {}, values, where));
  record.resize(sizeof(int64_t) + kPixels);
  int64_t label = std::get<int64_t>(values[0]);
  std::memcpy(record.data(), &label, sizeof label);
  for (int64_t i = 0; i < kPixels; ++i) {
    int64_t pixel = std::get<int64_t>(values[i + 1]);
    if (pixel < 0 || pixel > 255)
      return io::Status(io::StatusCode::InvalidArgument,
                        where + ": pixel" + std::to_string(i + 1) + " is " +
                            std::to_string(pixel) + ", not in [0, 255]");
    record[sizeof(int64_t) + i] = static_cast<char>(pixel);
  }
  return io::Status();
}

/// Reads every CSV file `epochs` times, in order, on one thread.
io::RecordProducer csvProducer(std::vector<std::string> files, size_t epochs) {
  return [files, epochs](const io::RecordEmitter &emit,
                         const io::Coordinator &coordinator) -> io::Status {
    for (size_t epoch = 0; epoch < epochs; ++epoch) {
      for (const std::string &file : files) {
        std::unique_ptr<io::LineReader> lines;
        KILN_IO_RETURN_IF_ERROR(
            io::LineReader::open(file, io::Compression::None, lines));
        std::string line, record;
        for (;;) {
          if (coordinator.shouldStop())
            return io::Status(io::StatusCode::Cancelled, "stopped");
          io::Status status = lines->readLine(line);
          if (status.code() == io::StatusCode::OutOfRange)
            break;
          KILN_IO_RETURN_IF_ERROR(status);
          if (line.empty() || (lines->lineNumber() == 1 && isHeader(line)))
            continue;
          KILN_IO_RETURN_IF_ERROR(decodeCsvExample(
              line, file + " line " + std::to_string(lines->lineNumber()),
              record));
          KILN_IO_RETURN_IF_ERROR(emit(std::move(record)));
        }
      }
    }
    return io::Status();
  };
}

/// The examples in one pass over `files`; reading them all also finds a
/// corrupt TFRecord before training starts.
io::Status countExamples(const std::vector<std::string> &files, bool csv,
                         int64_t &count) {
  count = 0;
  for (const std::string &file : files) {
    if (csv) {
      std::unique_ptr<io::LineReader> lines;
      KILN_IO_RETURN_IF_ERROR(
          io::LineReader::open(file, io::Compression::None, lines));
      std::string line;
      io::Status status;
      while ((status = lines->readLine(line)).ok())
        count += !line.empty() && !(lines->lineNumber() == 1 && isHeader(line));
      if (status.code() != io::StatusCode::OutOfRange)
        return status;
      continue;
    }
    std::unique_ptr<io::RecordReader> reader;
    KILN_IO_RETURN_IF_ERROR(io::RecordReader::open(file, {}, reader));
    std::string record;
    io::Status status;
    while ((status = reader->read(record)).ok())
      ++count;
    if (status.code() != io::StatusCode::OutOfRange)
      return status;
  }
  return io::Status();
}

class StreamedInput : public TrainingInput {
public:
  /// `examples` is what this rank reads per epoch (all of `files` for one
  /// process).
  StreamedInput(std::vector<std::string> files, const InputSchedule &schedule,
                bool csv, int64_t examples)
      : files_(std::move(files)), schedule_(schedule), csv_(csv),
        examples_(examples) {}

  /// Starts the readers on the first batch, once the trainer has checked
  /// that a batch fits in an epoch.
  io::Status start() {
    const InputSchedule &schedule = schedule_;
    // A resumed run reads only the passes it still needs.
    int64_t remainingExamples =
        (schedule.epochs * (examples_ / schedule.batchSize) -
         schedule.firstStep) *
        schedule.batchSize;
    size_t passes =
        remainingExamples <= 0
            ? 0
            : size_t((remainingExamples + examples_ - 1) / examples_);
    remainingSteps_ =
        std::max<int64_t>(remainingExamples / schedule.batchSize, 0);
    spec_.dense = {{"label", io::FeatureType::Int64, {}, std::nullopt},
                   {"img_raw", io::FeatureType::Bytes, {}, std::nullopt}};
    std::vector<io::RecordProducer> producers;
    if (csv_) {
      producers.push_back(csvProducer(files_, passes));
    } else {
      io::TFRecordSourceOptions source;
      source.threads = 2;
      source.epochs = passes;
      source.shuffleFiles = true;
      source.seed = schedule.seed;
      producers = io::tfRecordProducers(files_, source);
    }
    io::ShuffleBatchOptions options;
    options.batchSize = static_cast<size_t>(schedule.batchSize);
    options.queue.capacity = 20000;
    options.queue.minAfterDequeue = 10000;
    options.queue.seed = schedule.seed;
    return io::ShuffleBatch::start(std::move(producers), options, batches_);
  }

  ~StreamedInput() override {
    if (batches_)
      (void)batches_->stop();
  }

  int64_t examplesPerEpoch() const override {
    return examples_ * schedule_.ranks;
  }
  std::string description() const override {
    std::string text = std::to_string(files_.size()) +
                       (csv_ ? " CSV" : " TFRecord") + " file(s)";
    return schedule_.ranks > 1 ? text + " on rank 0" : text;
  }

  bool next(std::vector<float> &images, std::vector<int64_t> &labels,
            std::string &error) override {
    io::Status status;
    if (!batches_ && !(status = start()).ok())
      return error = status.message(), false;
    if (remainingSteps_ == 0)
      return false;
    std::vector<std::string> batch;
    status = batches_->next(batch);
    if (status.code() == io::StatusCode::OutOfRange)
      return false;
    if (status.ok())
      status = csv_ ? decodeCsvBatch(batch, images, labels)
                    : decodeExampleBatch(batch, images, labels);
    if (!status.ok())
      return error = status.message(), false;
    --remainingSteps_;
    return true;
  }

private:
  static void decodePixels(const uint8_t *pixels, size_t count, float *images) {
    for (size_t i = 0; i < count; ++i)
      images[i] = pixels[i] / 255.0f;
  }

  io::Status decodeCsvBatch(const std::vector<std::string> &batch,
                            std::vector<float> &images,
                            std::vector<int64_t> &labels) {
    images.resize(batch.size() * kPixels);
    labels.resize(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      std::memcpy(&labels[i], batch[i].data(), sizeof(int64_t));
      decodePixels(reinterpret_cast<const uint8_t *>(batch[i].data()) +
                       sizeof(int64_t),
                   kPixels, &images[i * kPixels]);
    }
    return io::Status();
  }

  io::Status decodeExampleBatch(const std::vector<std::string> &batch,
                                std::vector<float> &images,
                                std::vector<int64_t> &labels) {
    io::ParsedFeatures parsed;
    runtime::HostTensor pixels;
    KILN_IO_RETURN_IF_ERROR(
        io::parseExampleBatch(batch, spec_, parsed, "training batch"));
    KILN_IO_RETURN_IF_ERROR(io::decodeRawBatch(
        parsed.dense["img_raw"].bytes, runtime::DType::U8, pixels, "img_raw"));
    if (pixels.shape.size() != 2 || pixels.shape[1] != kPixels)
      return io::Status(io::StatusCode::InvalidArgument,
                        "img_raw holds " + std::to_string(pixels.shape.back()) +
                            " bytes per example, expected 784 (28x28)");
    images.resize(pixels.data.size());
    decodePixels(pixels.data.data(), pixels.data.size(), images.data());
    labels = parsed.dense["label"].int64s;
    return io::Status();
  }

  std::vector<std::string> files_;
  InputSchedule schedule_;
  bool csv_;
  int64_t examples_, remainingSteps_ = 0;
  std::unique_ptr<io::ShuffleBatch> batches_;
  /// label (int64 scalar) and img_raw (bytes scalar).
  io::ParseSpec spec_;
};

} // namespace

std::unique_ptr<TrainingInput>
streamedInput(const std::vector<std::string> &patterns,
              const InputSchedule &schedule, std::string &error) {
  // Globs as tf.io.gfile.glob expands them, on any file system: sharded
  // data is usually named hdfs://.../part-*.csv.
  std::vector<std::string> files;
  for (const std::string &pattern : patterns) {
    if (pattern.find_first_of("*?[") == std::string::npos) {
      files.push_back(pattern);
      continue;
    }
    std::vector<std::string> matches;
    io::Status status = io::getMatchingPaths(pattern, matches);
    if (!status.ok())
      return error = status.message(), nullptr;
    if (matches.empty())
      return error = "--train-data pattern " + pattern + " matches no files",
             nullptr;
    files.insert(files.end(), matches.begin(), matches.end());
  }
  size_t csvFiles = 0;
  for (const std::string &file : files)
    csvFiles += isCsv(file);
  if (csvFiles != 0 && csvFiles != files.size())
    return error = "--train-data mixes CSV and TFRecord files", nullptr;
  bool csv = csvFiles != 0;
  if (schedule.ranks > 1 && files.size() < size_t(schedule.ranks))
    return error = "--data-parallel over " + std::to_string(schedule.ranks) +
                   " ranks needs at least as many --train-data files (each "
                   "rank reads its own); got " +
                   std::to_string(files.size()),
           nullptr;
  // Rank r reads files r, r + ranks, ... Every rank counts every file, so
  // all find a corrupt file alike and agree, without a message, on the
  // smallest shard, which sets how many steps make an epoch.
  std::vector<int64_t> shardExamples(schedule.ranks, 0);
  std::vector<std::string> mine;
  for (size_t i = 0; i < files.size(); ++i) {
    int64_t count = 0;
    io::Status status = countExamples({files[i]}, csv, count);
    if (!status.ok())
      return error = status.message(), nullptr;
    shardExamples[i % schedule.ranks] += count;
    if (int(i % schedule.ranks) == schedule.rank)
      mine.push_back(files[i]);
  }
  int64_t examples =
      *std::min_element(shardExamples.begin(), shardExamples.end());
  if (examples == 0)
    return error = schedule.ranks > 1
                       ? "a rank's share of --train-data holds no examples"
                       : "no training examples in --train-data",
           nullptr;
  return std::make_unique<StreamedInput>(mine, schedule, csv, examples);
}

} // namespace kiln::examples
