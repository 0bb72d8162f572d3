//===- Communicator.cpp - the one-process communicator --------------------===//

#include "kiln/runtime/parallel/communicator.h"

#include <cstdio>
#include <cstdlib>

namespace kiln::runtime::parallel {

Communicator::~Communicator() = default;

namespace {

class SingleProcessCommunicator final : public Communicator {
public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  Status allReduceSum(float *, size_t) override { return Status(); }
  Status broadcast(void *, size_t, int root) override {
    if (root != 0)
      return invalidArgument("broadcast from rank " + std::to_string(root) +
                             " in a job of one rank");
    return Status();
  }
  [[noreturn]] void abort(const std::string &message, int exitCode) override {
    std::fprintf(stderr, "%s\n", message.c_str());
    std::exit(exitCode);
  }
};

} // namespace

std::shared_ptr<Communicator> singleProcessCommunicator() {
  static std::shared_ptr<Communicator> instance =
      std::make_shared<SingleProcessCommunicator>();
  return instance;
}

} // namespace kiln::runtime::parallel
