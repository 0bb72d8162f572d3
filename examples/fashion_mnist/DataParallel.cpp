//===- DataParallel.cpp - the trainer's place in a data-parallel job ------===//

#include "DataParallel.h"

#ifdef KILN_HAVE_MPI
#include "kiln/runtime/parallel/mpi.h"
#endif

#include <cstdio>
#include <cstdlib>

namespace kiln::examples {

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

} // namespace kiln::examples
