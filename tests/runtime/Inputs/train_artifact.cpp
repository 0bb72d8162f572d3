// A training program made of an AOT step (sgd.h, from
// tests/runtime/aot-training-checkpoint.mlir) and the runtime's checkpoint
// library only: restore variables by name, train N steps, save.
//
//   train_artifact CHECKPOINT_PREFIX STEPS
#include "kiln/runtime/api.h"
#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/bundle_writer.h"
#include "sgd.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace ckpt = kiln::runtime::checkpoint;

namespace {

int fail(const std::string &message) {
  std::fprintf(stderr, "train_artifact: %s\n", message.c_str());
  return 1;
}

std::vector<int64_t> shapeOf(const kiln_tensor_info_t &info) {
  return std::vector<int64_t>(info.shape, info.shape + info.rank);
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3)
    return fail("usage: train_artifact CHECKPOINT_PREFIX STEPS");
  std::string prefix = argv[1];
  int steps = std::atoi(argv[2]);
  kiln_step_info_t info = sgd_info();
  kiln_session_t *session = nullptr;
  if (kiln_session_create(&info, kiln_allocator_system(), &session))
    return fail("cannot create the session");

  // Restore every variable the step has, by the name its info gives.
  bool restoring = std::ifstream(prefix + ".index").good();
  std::unique_ptr<ckpt::BundleReader> reader;
  if (restoring) {
    kiln::runtime::io::Status opened = ckpt::BundleReader::open(prefix, reader);
    if (!opened.ok())
      return fail(opened.toString());
  }
  const float start[4] = {1, 2, 3, 4};
  int64_t done = 0;
  for (int32_t i = 0; i < info.num_variables; ++i) {
    const kiln_tensor_info_t &variable = info.variables[i];
    std::vector<char> value(variable.byte_size, 0);
    if (reader) {
      kiln::runtime::io::Status read = reader->readInto(
          variable.name, static_cast<kiln::runtime::DType>(variable.dtype),
          shapeOf(variable), value.data(), value.size());
      if (!read.ok())
        return fail(read.toString());
    } else if (!std::strcmp(variable.name, "weights")) {
      std::memcpy(value.data(), start, sizeof start);
    }
    if (!std::strcmp(variable.name, "global_step"))
      std::memcpy(&done, value.data(), sizeof done);
    if (kiln_status_t s = kiln_session_bind_input(
            session, variable.name, variable.dtype, variable.rank,
            variable.shape, value.data(), value.size())) {
      std::string message = kiln_status_message(s);
      kiln_status_free(s);
      return fail(message);
    }
  }
  if (restoring)
    std::printf("restored %d variables from %s: %lld steps done\n",
                info.num_variables, prefix.c_str(), (long long)done);
  else
    std::printf("no checkpoint at %s: starting from fresh values\n",
                prefix.c_str());

  const float target[4] = {0, 1, 1, 2};
  int64_t shape[1] = {4};
  if (kiln_session_bind_input(session, "target", KILN_DTYPE_F32, 1, shape,
                              target, sizeof target))
    return fail("cannot bind the target");
  for (int i = 0; i < steps; ++i) {
    if (kiln_status_t s = kiln_session_run(session)) {
      std::string message = kiln_status_message(s);
      kiln_status_free(s);
      return fail(message);
    }
    float loss = *static_cast<const float *>(kiln_session_output_data(session, 0));
    std::printf("step %lld: loss %g\n", (long long)(done + i + 1), loss);
  }

  // Save every variable under its name; report the step count it holds.
  std::unique_ptr<ckpt::BundleWriter> writer;
  kiln::runtime::io::Status status = ckpt::BundleWriter::open(prefix, writer);
  const float *weights = nullptr;
  int64_t total = 0;
  for (int32_t i = 0; status.ok() && i < info.num_variables; ++i) {
    const kiln_tensor_info_t &variable = info.variables[i];
    const void *data = kiln_session_variable_data(session, i);
    if (!std::strcmp(variable.name, "weights"))
      weights = static_cast<const float *>(data);
    if (!std::strcmp(variable.name, "global_step"))
      std::memcpy(&total, data, sizeof total);
    status = writer->add(variable.name,
                         static_cast<kiln::runtime::DType>(variable.dtype),
                         shapeOf(variable), data, variable.byte_size);
  }
  if (status.ok())
    status = writer->finish();
  if (!status.ok())
    return fail(status.toString());
  std::printf("saved %d variables to %s after %lld steps\n", info.num_variables,
              prefix.c_str(), (long long)total);

  // Each step halves the distance to the target.
  bool match = weights != nullptr;
  for (int j = 0; match && j < 4; ++j) {
    double expected = target[j] + (start[j] - target[j]) * std::pow(0.5, total);
    match = std::fabs(weights[j] - expected) < 1e-6;
  }
  std::printf("weights %s the closed form after %lld steps\n",
              match ? "match" : "DO NOT MATCH", (long long)total);
  kiln_session_release(session);
  return match ? 0 : 1;
}
