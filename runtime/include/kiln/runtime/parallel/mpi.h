//===- mpi.h - the MPI communicator ---------------------------------------===//
//
// Library KilnRuntimeMpi (built where MPI is found; scripts/install-deps.sh
// installs Open MPI). Programs started by `mpirun -np N` join one job of N
// ranks; a program started alone is a job of one rank (MPI's singleton
// start), so the same binary serves both.
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_PARALLEL_MPI_H
#define KILN_RUNTIME_PARALLEL_MPI_H

#include "kiln/runtime/parallel/communicator.h"

namespace kiln::runtime::parallel {

/// MPI_COMM_WORLD; initializes MPI on the first call and finalizes it at
/// exit. An error when MPI cannot start.
Status mpiWorldCommunicator(std::shared_ptr<Communicator> &out);

} // namespace kiln::runtime::parallel

#endif // KILN_RUNTIME_PARALLEL_MPI_H
