//===- Sample.cpp - the sample checkpoint and the writing commands --------===//
//
// The sample has one tensor per dtype kiln saves, plus a scalar, an empty
// tensor and a scoped name, added in an order that is not the key order (so
// the data file and the index disagree on order, as in TensorFlow's own
// files). tests/interop/tf_checkpoints.py builds the same tensors in the same
// order for TensorFlow's SaveV2, and the two outputs are compared byte for
// byte; change both together.
//===----------------------------------------------------------------------===//

#include "Commands.h"

#include "kiln/runtime/checkpoint/checkpoint_manager.h"
#include "kiln/runtime/checkpoint/meta_graph.h"
#include "kiln/runtime/io/file_system.h"

#include <cstdio>
#include <cstring>

namespace kiln::checkpoint_tool {

using namespace kiln::runtime;
using namespace kiln::runtime::checkpoint;

namespace {

int fail(const io::Status &status) {
  std::fprintf(stderr, "kiln-checkpoint: %s\n", status.toString().c_str());
  return 1;
}

template <typename T>
NamedTensor tensor(const char *name, DType dtype, std::vector<int64_t> shape,
                   std::vector<T> values) {
  NamedTensor named{name, HostTensor{dtype, std::move(shape), {}}};
  named.tensor.data.resize(values.size() * sizeof(T));
  if (!values.empty())
    std::memcpy(named.tensor.data.data(), values.data(), named.tensor.data.size());
  return named;
}

std::vector<NamedTensor> sampleTensors(int64_t step) {
  std::vector<NamedTensor> out;
  std::vector<float> weights;
  for (int i = 0; i < 6; ++i)
    weights.push_back(0.5f * float(i) - 1.25f);
  out.push_back(tensor("weights", DType::F32, {2, 3}, weights));
  out.push_back(tensor<float>("scalar", DType::F32, {}, {3.25f}));
  std::vector<double> biases;
  for (int i = 0; i < 4; ++i)
    biases.push_back(double(i) / 3.0 - 0.5);
  out.push_back(tensor("hidden1/biases", DType::F64, {4}, biases));
  out.push_back(tensor<int32_t>("counts", DType::I32, {3}, {-7, 0, 2147483647}));
  out.push_back(tensor<int64_t>("big", DType::I64, {2, 2},
                                {-1, 1099511627776, 5, -9000000000000000}));
  out.push_back(tensor<uint8_t>("pixels", DType::U8, {5}, {0, 1, 127, 128, 255}));
  out.push_back(tensor<uint8_t>("mask", DType::Bool, {3}, {1, 0, 1}));
  out.push_back(tensor<float>("empty", DType::F32, {0, 4}, {}));
  out.push_back(tensor<int64_t>("global_step", DType::I64, {}, {step}));
  out.push_back(tensor<uint16_t>("half", DType::F16, {2}, {0x3c00, 0xc100}));
  out.push_back(tensor<int8_t>("small", DType::I8, {3}, {-128, 0, 127}));
  out.push_back(tensor<int16_t>("short", DType::I16, {2}, {-300, 300}));
  return out;
}

} // namespace

int writeSample(const std::string &prefix) {
  if (io::Status status = writeCheckpoint(prefix, sampleTensors(42)); !status.ok())
    return fail(status);
  return 0;
}

int saveSteps(const std::string &directory, int maxToKeep,
              const std::vector<int64_t> &steps) {
  CheckpointManager manager(directory, {maxToKeep, "checkpoint"});
  for (int64_t step : steps) {
    std::string prefix;
    io::Status status = manager.save(sampleTensors(step), "model.ckpt", step, prefix);
    if (!status.ok())
      return fail(status);
    std::printf("%s\n", prefix.c_str());
  }
  return 0;
}

int writeMeta(const std::string &prefix, const std::string &graphFile) {
  std::string graphDef;
  if (io::Status status = io::readFile(graphFile, graphDef); !status.ok())
    return fail(status);
  MetaGraphSpec spec;
  spec.metaGraphVersion = "kiln";
  if (io::Status status = writeMetaGraph(prefix, graphDef, spec); !status.ok())
    return fail(status);
  return 0;
}

} // namespace kiln::checkpoint_tool
