// Runs dense.mlir with kiln's JIT session, linking Kiln::Compiler.
#include "compiler/API/Session.h"

#include <cstdio>
#include <cstring>

int main() {
  auto session = kiln::Session::open(MODEL);
  if (!session.ok()) {
    std::fprintf(stderr, "%s\n", session.status().message().c_str());
    return 1;
  }
  const float x[6] = {1, 2, 3, -1, 0.5f, 4};
  kiln::NamedTensor feed{"x", {kiln::runtime::DType::F32, {2, 3}, {}}};
  feed.tensor.data.resize(sizeof x);
  std::memcpy(feed.tensor.data.data(), x, sizeof x);
  std::vector<kiln::runtime::HostTensor> outputs;
  kiln::Status status = (*session)->run({feed}, {"output0"}, outputs);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 1;
  }
  const float *y = outputs[0].as<float>();
  std::printf("jit: %g %g %g %g\n", y[0], y[1], y[2], y[3]);
  return 0;
}
