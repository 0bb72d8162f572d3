//===- DataParallel.cpp - the trainer's place in a data-parallel job ------===//

#include "DataParallel.h"

#ifdef KILN_HAVE_MPI
#include "kiln/runtime/parallel/mpi.h"
#endif

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace kiln::examples {

namespace {

class EmulatedNetwork final : public runtime::parallel::Communicator {
public:
  EmulatedNetwork(std::shared_ptr<Communicator> inner, double bytesPerSecond)
      : inner_(std::move(inner)), bytesPerSecond_(bytesPerSecond) {}

  int rank() const override { return inner_->rank(); }
  int size() const override { return inner_->size(); }
  bool callableFromAnyThread() const override {
    return inner_->callableFromAnyThread();
  }
  Status allReduceSum(float *data, size_t count) override {
    auto start = std::chrono::steady_clock::now();
    Status status = inner_->allReduceSum(data, count);
    double steps = 2.0 * (size() - 1);
    double seconds =
        steps / size() * double(count * sizeof(float)) / bytesPerSecond_ +
        steps * kLatencySeconds;
    std::this_thread::sleep_until(
        start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                    std::chrono::duration<double>(seconds)));
    return status;
  }
  Status broadcast(void *data, size_t bytes, int root) override {
    return inner_->broadcast(data, bytes, root);
  }
  [[noreturn]] void abort(const std::string &message, int exitCode) override {
    inner_->abort(message, exitCode);
  }

private:
  static constexpr double kLatencySeconds = 20e-6;
  std::shared_ptr<Communicator> inner_;
  double bytesPerSecond_;
};

} // namespace

float TrainingJob::mean(float value) const {
  if (!communicator || ranks == 1)
    return value;
  Status status = communicator->allReduceSum(&value, 1);
  if (!status.ok())
    fail(status.message());
  return value / float(ranks);
}

void TrainingJob::fail(const std::string &message) const {
  std::string line = "kiln-fashion-mnist: " + message;
  if (communicator && ranks > 1)
    communicator->abort(line, 1);
  std::fprintf(stderr, "%s\n", line.c_str());
  std::exit(1);
}

bool joinDataParallelJob(TrainingJob &job, std::string &error) {
#ifdef KILN_HAVE_MPI
  Status status = runtime::parallel::mpiWorldCommunicator(job.communicator);
  if (!status.ok())
    return error = status.message(), false;
  job.rank = job.communicator->rank();
  job.ranks = job.communicator->size();
  return true;
#else
  error = "--data-parallel needs MPI, which this build did not find "
          "(scripts/install-deps.sh installs Open MPI)";
  return false;
#endif
}

void emulateNetwork(TrainingJob &job, double gigabitsPerSecond) {
  if (job.communicator)
    job.communicator = std::make_shared<EmulatedNetwork>(
        job.communicator, gigabitsPerSecond * 1e9 / 8);
}

} // namespace kiln::examples
