//===- MpiCommunicator.cpp - collectives over MPI_COMM_WORLD --------------===//
//
// Errors return (MPI_ERRORS_RETURN) so that they reach the caller as a
// Status with MPI's own text; abort() is what stops the job.
//===----------------------------------------------------------------------===//

#include "kiln/runtime/parallel/mpi.h"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace kiln::runtime::parallel {

namespace {

Status mpiError(int code, const char *what) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS)
    length = std::snprintf(text, sizeof(text), "MPI error %d", code);
  return Status(StatusCode::Unavailable,
                std::string(what) + " failed: " + std::string(text, length));
}

class MpiCommunicator final : public Communicator {
public:
  MpiCommunicator(int rank, int size, bool serialized)
      : rank_(rank), size_(size), serialized_(serialized) {}

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  bool callableFromAnyThread() const override { return serialized_; }

  Status allReduceSum(float *data, size_t count) override {
    // MPI counts are ints: large buffers go in slices.
    for (size_t done = 0; done < count;) {
      int slice = static_cast<int>(std::min<size_t>(count - done, INT_MAX));
      int code = MPI_Allreduce(MPI_IN_PLACE, data + done, slice, MPI_FLOAT,
                               MPI_SUM, MPI_COMM_WORLD);
      if (code != MPI_SUCCESS)
        return mpiError(code, "MPI_Allreduce");
      done += static_cast<size_t>(slice);
    }
    return Status();
  }

  Status broadcast(void *data, size_t bytes, int root) override {
    if (root < 0 || root >= size_)
      return invalidArgument("broadcast from rank " + std::to_string(root) +
                             " in a job of " + std::to_string(size_));
    char *at = static_cast<char *>(data);
    for (size_t done = 0; done < bytes;) {
      int slice = static_cast<int>(std::min<size_t>(bytes - done, INT_MAX));
      int code = MPI_Bcast(at + done, slice, MPI_BYTE, root, MPI_COMM_WORLD);
      if (code != MPI_SUCCESS)
        return mpiError(code, "MPI_Bcast");
      done += static_cast<size_t>(slice);
    }
    return Status();
  }

  [[noreturn]] void abort(const std::string &message, int exitCode) override {
    if (size_ > 1)
      std::fprintf(stderr, "rank %d: %s\n", rank_, message.c_str());
    else
      std::fprintf(stderr, "%s\n", message.c_str());
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, exitCode);
    std::exit(
        exitCode); // MPI_Abort does not return; this satisfies [[noreturn]]
  }

private:
  int rank_, size_;
  bool serialized_; // MPI_THREAD_SERIALIZED or more
};

void finalizeAtExit() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized)
    MPI_Finalize();
}

} // namespace

Status mpiWorldCommunicator(std::shared_ptr<Communicator> &out) {
  static std::shared_ptr<Communicator> world;
  static Status started;
  static std::once_flag once;
  std::call_once(once, [] {
    int initialized = 0, threading = MPI_THREAD_SINGLE;
    MPI_Initialized(&initialized);
    if (!initialized) {
      // Serialized calls from any thread let sessions sum a gradient
      // bucket on a thread of their own while the step goes on.
      int code =
          MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &threading);
      if (code != MPI_SUCCESS) {
        started = mpiError(code, "MPI_Init_thread");
        return;
      }
      std::atexit(finalizeAtExit);
    } else {
      MPI_Query_thread(&threading);
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    world = std::make_shared<MpiCommunicator>(
        rank, size, threading >= MPI_THREAD_SERIALIZED);
  });
  if (!started.ok())
    return started;
  out = world;
  return Status();
}

} // namespace kiln::runtime::parallel
