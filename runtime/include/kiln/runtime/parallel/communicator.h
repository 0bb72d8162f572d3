//===- communicator.h - the collectives data-parallel training uses -------===//
//
// A Communicator joins the processes (ranks) of one data-parallel job: each
// trains on its own shard, gradients are summed across ranks before every
// update, and variables start from rank 0's values. MPI implements it
// between processes and hosts (mpi.h); a job of one process needs no
// library at all (singleProcessCommunicator). The runtime core never sees
// MPI: sessions and trainers hold this interface.
//
// Collectives must be called by every rank in the same order, as in MPI.
// Thread-safety: one thread at a time per communicator; the calls may come
// from different threads where callableFromAnyThread() says so.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_PARALLEL_COMMUNICATOR_H
#define KILN_RUNTIME_PARALLEL_COMMUNICATOR_H

#include "kiln/runtime/status_cc.h"

#include <cstddef>
#include <memory>
#include <string>

namespace kiln::runtime::parallel {

class Communicator {
public:
  virtual ~Communicator();

  virtual int rank() const = 0;
  virtual int size() const = 0;

  /// Whether collectives may be called from threads other than the one
  /// that created the communicator (still one call at a time): sessions
  /// then sum gradients on a thread of their own while they compute.
  virtual bool callableFromAnyThread() const { return true; }

  /// Replaces `data` on every rank by the element-wise sum over all ranks.
  virtual Status allReduceSum(float *data, size_t count) = 0;
  /// Replaces `bytes` at `data` on every rank by rank `root`'s.
  virtual Status broadcast(void *data, size_t bytes, int root) = 0;
  /// Ends the whole job: prints `message` (prefixed with this rank) to
  /// stderr and makes every rank exit with `exitCode`, so that an error in
  /// one rank never leaves the others waiting in a collective.
  [[noreturn]] virtual void abort(const std::string &message, int exitCode) = 0;
};

/// A job of one process: sums and broadcasts leave the data as it is.
std::shared_ptr<Communicator> singleProcessCommunicator();

} // namespace kiln::runtime::parallel

#endif // KILN_RUNTIME_PARALLEL_COMMUNICATOR_H
