//===- DataParallel.h - the trainer's place in a data-parallel job -*- C++
//-*-===//
//
// `mpirun -np N kiln-fashion-mnist --data-parallel ...` starts N ranks. Each
// trains on its slice of every global batch; the session averages the
// gradients across ranks before each update; rank 0 (the chief) alone
// restores and writes checkpoints, logs and the progress display, and its
// variables are broadcast to the others at the start. An error on any rank
// ends the whole job with its message, never leaving the others waiting.
//===----------------------------------------------------------------------===//
#ifndef KILN_EXAMPLES_FASHION_MNIST_DATAPARALLEL_H
#define KILN_EXAMPLES_FASHION_MNIST_DATAPARALLEL_H

#include "kiln/runtime/parallel/communicator.h"

#include <memory>
#include <string>

namespace kiln::examples {

struct TrainingJob {
  /// Null for a job of one process.
  std::shared_ptr<runtime::parallel::Communicator> communicator;
  int rank = 0, ranks = 1;

  bool chief() const { return rank == 0; }
  /// The mean of `value` over the ranks.
  float mean(float value) const;
  /// Prints "kiln-fashion-mnist: `message`" and exits 1, ending every rank.
  [[noreturn]] void fail(const std::string &message) const;
};

/// Joins the MPI job this process was started in (a job of one rank when
/// started without mpirun). False with `error` when MPI is not available.
bool joinDataParallelJob(TrainingJob &job, std::string &error);

/// Makes every all-reduce of `job` last at least as long as a ring
/// all-reduce over a network of `gigabitsPerSecond` with 20 us per
/// message: 2(N-1)/N * bytes / bandwidth + 2(N-1) * 20 us. The wait
/// sleeps, as a rank waits on its network card, so bench/scaling.sh can
/// measure on one machine how much of a slower network overlapping the
/// all-reduce with the backward pass hides.
void emulateNetwork(TrainingJob &job, double gigabitsPerSecond);

} // namespace kiln::examples

#endif // KILN_EXAMPLES_FASHION_MNIST_DATAPARALLEL_H
