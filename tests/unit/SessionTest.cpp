//===- SessionTest.cpp - the JIT session: compile once per signature ------===//

#include "compiler/API/Session.h"
#include "StatusTesting.h"
#include "frontends/GraphAPI/Graph.h"
#include "kiln/runtime/api.h"
#include "kiln/runtime/cuda/gpu_device.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

using namespace kiln;
using tensorflow::DT_FLOAT;

namespace {

NamedTensor floats(const std::string &name, std::vector<int64_t> shape,
                   std::vector<float> values) {
  NamedTensor tensor{name, {runtime::DType::F32, std::move(shape), {}}};
  tensor.tensor.data.resize(values.size() * sizeof(float));
  std::memcpy(tensor.tensor.data.data(), values.data(), tensor.tensor.data.size());
  return tensor;
}

/// y = relu(x * 2 - 1) and s = sum over rows of y, for x of shape [?, 3].
tensorflow::GraphDef smallGraph() {
  graph::Graph g;
  graph::Output x = g.placeholder(DT_FLOAT, {-1, 3}, "x");
  graph::Output y = g.relu(g.sub(g.mul(x, g.constant(2.0f)), g.constant(1.0f)), "y");
  g.reduceSum(y, {0}, false, "s");
  EXPECT_TRUE(g.ok()) << g.error();
  return g.toGraphDef();
}

TEST(Session, CompilesOncePerSignatureAndRunsCorrectly) {
  Session session(smallGraph());
  std::vector<runtime::HostTensor> outputs;
  auto x = floats("x", {2, 3}, {0, 1, 2, -1, 0.5, 3});
  KILN_ASSERT_OK(session.run({x}, {"y", "s"}, outputs));
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs[0].shape, (std::vector<int64_t>{2, 3}));
  const float *y = outputs[0].as<float>();
  float expected[6] = {0, 1, 3, 0, 0, 5};
  for (int i = 0; i < 6; ++i)
    EXPECT_FLOAT_EQ(y[i], expected[i]) << i;
  EXPECT_FLOAT_EQ(outputs[1].as<float>()[2], 8.0f);
  EXPECT_EQ(session.compiledSignatures(), 1u);

  // Same signature, new values: cached.
  auto x2 = floats("x", {2, 3}, {1, 1, 1, 1, 1, 1});
  KILN_ASSERT_OK(session.run({x2}, {"y", "s"}, outputs));
  EXPECT_FLOAT_EQ(outputs[1].as<float>()[0], 2.0f);
  EXPECT_EQ(session.compiledSignatures(), 1u);

  // A new batch size or another fetch list is a new signature.
  auto x5 = floats("x", {5, 3}, std::vector<float>(15, 1.0f));
  KILN_ASSERT_OK(session.run({x5}, {"s"}, outputs));
  EXPECT_FLOAT_EQ(outputs[0].as<float>()[1], 5.0f);
  EXPECT_EQ(session.compiledSignatures(), 2u);
}

/// y = max(x, 0) * 3 - x, computed in double, for comparing a session's
/// float results.
std::vector<double> scaledReluMinusInput(const std::vector<float> &x) {
  std::vector<double> y;
  for (float v : x)
    y.push_back(std::max(double(v), 0.0) * 3.0 - double(v));
  return y;
}

constexpr const char *kScaledReluModule = R"mlir(
func.func @main(%x: tensor<?x2xf32> {kiln.feed = "x"}) -> tensor<?x2xf32> {
  %three = kiln.constant dense<3.0> : tensor<f32>
  %r = kiln.relu %x : tensor<?x2xf32>
  %m = kiln.mul %r, %three : (tensor<?x2xf32>, tensor<f32>) -> tensor<?x2xf32>
  %y = kiln.sub %m, %x : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
)mlir";

void expectScaledRelu(Session &session, const std::vector<float> &values) {
  std::vector<runtime::HostTensor> outputs;
  int64_t rows = values.size() / 2;
  KILN_ASSERT_OK(session.run({floats("x", {rows, 2}, values)}, {"y"}, outputs));
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].shape, (std::vector<int64_t>{rows, 2}));
  std::vector<double> expected = scaledReluMinusInput(values);
  for (size_t i = 0; i < values.size(); ++i)
    EXPECT_NEAR(outputs[0].as<float>()[i], expected[i], 1e-6) << i;
}

TEST(Session, RunsAKilnModule) {
  mlir::MLIRContext ctx;
  prepareContext(ctx);
  auto module = mlir::parseSourceString<mlir::ModuleOp>(kScaledReluModule, &ctx);
  ASSERT_TRUE(module);
  Session session(*module);
  module = nullptr; // the session keeps its own copy
  expectScaledRelu(session, {-1.5f, 2.0f, 0.25f, -4.0f});
  expectScaledRelu(session, {7.0f, -0.5f}); // another batch: a new signature
  EXPECT_EQ(session.compiledSignatures(), 2u);
}

TEST(Session, OpensAModelFileByItsContent) {
  // A kiln module under a name that does not say what it is.
  std::string path = ::testing::TempDir() + "/kiln-session-model.bin";
  {
    std::FILE *file = std::fopen(path.c_str(), "w");
    ASSERT_NE(file, nullptr);
    std::fputs(kScaledReluModule, file);
    std::fclose(file);
  }
  StatusOr<std::unique_ptr<Session>> session = Session::open(path);
  ASSERT_TRUE(session.ok()) << session.status().message();
  expectScaledRelu(**session, {3.0f, -3.0f});
  std::remove(path.c_str());

  std::string error = errorOf(Session::open(path).status());
  EXPECT_NE(error.find("kiln-session-model.bin: cannot open the file"),
            std::string::npos)
      << error;

  Session garbage(llvm::MemoryBuffer::getMemBufferCopy("\x01\x02\x03", "junk"));
  std::vector<runtime::HostTensor> outputs;
  error = errorOf(garbage.run({floats("x", {1, 2}, {1, 2})}, {"y"}, outputs));
  EXPECT_NE(error.find("junk: not a model kiln can import"), std::string::npos)
      << error;
}

TEST(Session, RejectsFeedsThatDoNotFitTheGraph) {
  Session session(smallGraph());
  std::vector<runtime::HostTensor> outputs;
  std::string error;
  auto wrongRank = floats("x", {6}, std::vector<float>(6, 0));
  error = errorOf(session.run({wrongRank}, {"y"}, outputs));
  EXPECT_NE(error.find("feed 'x' expects tensor<?x3xf32>, got f32[6]"),
            std::string::npos)
      << error;
  auto unknown = floats("nope", {1, 3}, {0, 0, 0});
  error = errorOf(session.run({unknown}, {"y"}, outputs));
  EXPECT_NE(error.find("nope"), std::string::npos) << error;
  EXPECT_EQ(session.compiledSignatures(), 0u);
}

TEST(Session, JitCodeRunsThroughTheRuntimeCApi) {
  Session session(smallGraph());
  std::vector<runtime::HostTensor> outputs;
  auto x = floats("x", {2, 3}, {0, 1, 2, -1, 0.5, 3});
  KILN_ASSERT_OK(session.run({x}, {"y", "s"}, outputs));
  ASSERT_NE(session.lastExecutable(), nullptr);
  kiln_step_info_t step = session.lastExecutable()->stepInfo();
  ASSERT_EQ(step.num_inputs, 1);
  ASSERT_EQ(step.num_outputs, 2);
  EXPECT_STREQ(step.inputs[0].name, "x");
  EXPECT_EQ(step.inputs[0].dtype, KILN_DTYPE_F32);
  EXPECT_EQ(step.outputs[1].byte_size, 3 * sizeof(float));

  kiln_session_t *c = nullptr;
  ASSERT_EQ(kiln_session_create(&step, kiln_allocator_system(), &c), nullptr);
  const int64_t shape[] = {2, 3}, wrong[] = {3, 2};
  const float values[] = {0, 1, 2, -1, 0.5, 3};
  kiln_status_t status = kiln_session_bind_input(c, "x", KILN_DTYPE_F32, 2, wrong,
                                                 values, sizeof values);
  ASSERT_EQ(kiln_status_code(status), KILN_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(kiln_status_message(status)).find("f32[2,3]"),
            std::string::npos)
      << kiln_status_message(status);
  kiln_status_free(status);
  ASSERT_EQ(kiln_session_bind_input(c, "x", KILN_DTYPE_F32, 2, shape, values,
                                    sizeof values),
            nullptr);
  ASSERT_EQ(kiln_session_run(c), nullptr);
  const float *y = static_cast<const float *>(kiln_session_output_data(c, 0));
  const float *s = static_cast<const float *>(kiln_session_output_data(c, 1));
  for (int i = 0; i < 6; ++i)
    EXPECT_FLOAT_EQ(y[i], outputs[0].as<float>()[i]) << i;
  for (int i = 0; i < 3; ++i)
    EXPECT_FLOAT_EQ(s[i], outputs[1].as<float>()[i]) << i;
  kiln_session_release(c);
}

/// A dense layer with variables, an initializer and a counter step.
struct DenseWithVariables {
  graph::Graph g;
  graph::Variable w, b, step;
  DenseWithVariables() {
    graph::Output x = g.placeholder(DT_FLOAT, {-1, 300}, "x");
    w = g.getVariable("w", {300, 70}, graph::Initializer::truncatedNormal(0.1, 0.0, 5));
    b = g.getVariable("b", {70}, graph::Initializer::constant(0.25));
    step = g.getVariable("global_step", {}, graph::Initializer::zeros(),
                         tensorflow::DT_INT64, /*trainable=*/false);
    g.relu(g.biasAdd(g.matmul(x, w.value), b.value), "y");
    g.assignAdd(step, g.constantInt64({1}, {}), "increment");
    g.globalVariablesInitializer();
    EXPECT_TRUE(g.ok()) << g.error();
  }
};

TEST(Session, VariablesLiveAcrossRunsAndStepsUpdateThemInPlace) {
  DenseWithVariables model;
  Session session(model.g.toGraphDef());
  std::vector<runtime::HostTensor> outputs;
  std::string error;
  auto x = floats("x", {2, 300}, std::vector<float>(600, 0.5f));

  // Reading before the initializer ran is an error naming the variable.
  error = errorOf(session.run({x}, {"y"}, outputs));
  EXPECT_NE(error.find("variable 'w' is read before any step assigned it"),
            std::string::npos)
      << error;
  EXPECT_EQ(session.variable("w"), nullptr);

  KILN_ASSERT_OK(session.run({}, {"^init"}, outputs));
  const runtime::HostTensor *w = session.variable("w");
  const runtime::HostTensor *b = session.variable("b");
  const runtime::HostTensor *step = session.variable("global_step");
  ASSERT_TRUE(w && b && step);
  ASSERT_EQ(w->shape, (std::vector<int64_t>{300, 70}));
  // A truncated normal with stddev 0.1: inside two standard deviations,
  // and not all equal.
  const float *weights = w->as<float>();
  float lowest = weights[0], highest = weights[0];
  for (int i = 0; i < 300 * 70; ++i) {
    lowest = std::min(lowest, weights[i]);
    highest = std::max(highest, weights[i]);
  }
  EXPECT_GE(lowest, -0.2f);
  EXPECT_LE(highest, 0.2f);
  EXPECT_LT(lowest, -0.1f);
  EXPECT_EQ(b->as<float>()[69], 0.25f);
  EXPECT_EQ(step->as<int64_t>()[0], 0);

  // The forward pass reads the initialized variables: check it against a
  // double-precision reference from the stored weights.
  KILN_ASSERT_OK(session.run({x}, {"y"}, outputs));
  for (int j = 0; j < 70; ++j) {
    double sum = 0.25;
    for (int k = 0; k < 300; ++k)
      sum += 0.5 * weights[k * 70 + j];
    EXPECT_NEAR(outputs[0].as<float>()[j], std::max(sum, 0.0), 1e-5) << j;
  }

  // assign_add updates the stored counter in place, run after run.
  for (int i = 0; i < 3; ++i)
    KILN_ASSERT_OK(session.run({}, {"^increment"}, outputs));
  EXPECT_EQ(session.variable("global_step")->as<int64_t>()[0], 3);

  // Re-running the initializer resets values, deterministically.
  std::vector<float> before(weights, weights + 300 * 70);
  KILN_ASSERT_OK(session.run({}, {"^init"}, outputs));
  EXPECT_EQ(session.variable("global_step")->as<int64_t>()[0], 0);
  EXPECT_TRUE(std::equal(before.begin(), before.end(),
                         session.variable("w")->as<float>()));
}

// A store serving GPU steps keeps the values in the device's memory: steps
// get device buffers, updates made there are what find() and save() see,
// and assignments reach the device. Host memory posing as the GPU stands
// in for one.
TEST(VariableStore, KeepsVariablesOnTheDevice) {
  std::shared_ptr<cuda::GpuDevice> device = cuda::GpuDevice::emulated(1 << 20);
  VariableStore store;
  runtime::HostTensor initial{runtime::DType::F32, {3}, {}};
  initial.data.assign(3 * sizeof(float), 0);
  initial.as<float>()[1] = 2.0f;
  KILN_ASSERT_OK(store.assign("w", initial));
  const void *hostBuffer = store.find("w")->data.data();
  KILN_ASSERT_OK(store.useDevice(device));
  EXPECT_EQ(device->stats().allocations, 1);

  TensorSignature read{"w",
                       runtime::DType::F32,
                       {3},
                       /*variable=*/true,
                       /*variableRead=*/true};
  StatusOr<void *> bound = store.bind(read);
  ASSERT_TRUE(bound.ok()) << bound.status().message();
  EXPECT_NE(*bound, hostBuffer);
  float *onDevice = static_cast<float *>(*bound);
  EXPECT_EQ(onDevice[1], 2.0f); // uploaded by useDevice
  onDevice[2] = 7.0f;           // a step's update, on the device
  EXPECT_EQ(store.find("w")->as<float>()[2], 7.0f);

  initial.as<float>()[0] = 5.0f;
  KILN_ASSERT_OK(store.assign("w", initial));
  EXPECT_EQ(onDevice[0], 5.0f);
  EXPECT_EQ(onDevice[2], 0.0f);

  // A variable a step creates starts zeroed on the device.
  TensorSignature counter{"n",
                          runtime::DType::I64,
                          {},
                          /*variable=*/true,
                          /*variableRead=*/false};
  StatusOr<void *> created = store.bind(counter);
  ASSERT_TRUE(created.ok()) << created.status().message();
  static_cast<int64_t *>(*created)[0] = 11;

  std::string prefix = ::testing::TempDir() + "/device_store/ckpt";
  KILN_ASSERT_OK(store.save(prefix));
  VariableStore restored;
  std::string restoredPrefix;
  KILN_ASSERT_OK(restored.restore(prefix, restoredPrefix));
  EXPECT_EQ(restored.find("w")->as<float>()[0], 5.0f);
  EXPECT_EQ(restored.find("n")->as<int64_t>()[0], 11);

  // Running out of device memory names the variable and the bytes.
  runtime::HostTensor big{runtime::DType::F32, {512, 1024}, {}};
  big.data.assign(512 * 1024 * sizeof(float), 0);
  std::string error = errorOf(store.assign("big", big));
  EXPECT_NE(error.find("out of GPU memory: variable 'big' on emulated GPU "
                       "asks for 2097152 bytes"),
            std::string::npos)
      << error;
  EXPECT_EQ(store.find("big"), nullptr);

  KILN_ASSERT_OK(store.useDevice(device));
  error = errorOf(store.useDevice(nullptr));
  EXPECT_NE(error.find("the variables live on emulated GPU; a step for the "
                       "host cannot use them"),
            std::string::npos)
      << error;
}

TEST(VariableStore, RefusesReadsOfUnassignedVariablesAndTypeChanges) {
  VariableStore store;
  TensorSignature read{"w", runtime::DType::F32, {2, 3}, /*variable=*/true,
                       /*variableRead=*/true};
  std::string error = errorOf(store.bind(read).status());
  EXPECT_NE(error.find("variable 'w' is read before any step assigned it"),
            std::string::npos)
      << error;

  // A step that only writes it creates zeroed storage of its type.
  TensorSignature write = read;
  write.variableRead = false;
  StatusOr<void *> bound = store.bind(write);
  ASSERT_TRUE(bound.ok()) << bound.status().message();
  const runtime::HostTensor *storage = store.find("w");
  ASSERT_NE(storage, nullptr);
  EXPECT_EQ(*bound, storage->data.data());
  EXPECT_EQ(storage->data.size(), 6 * sizeof(float));
  EXPECT_EQ(storage->as<float>()[5], 0.0f);
  EXPECT_EQ(*store.bind(read), *bound);

  TensorSignature other = read;
  other.shape = {3, 2};
  error = errorOf(store.bind(other).status());
  EXPECT_NE(error.find(
                "variable 'w' holds f32[2,3] but the step uses it as f32[3,2]"),
            std::string::npos)
      << error;

  // Restoring keeps the storage (compiled steps point at it) and refuses
  // another shape.
  runtime::HostTensor value{runtime::DType::F32, {2, 3}, {}};
  value.data.assign(6 * sizeof(float), 0);
  value.as<float>()[0] = 4.0f;
  KILN_ASSERT_OK(store.assign("w", value));
  EXPECT_EQ(store.find("w"), storage);
  EXPECT_EQ(storage->as<float>()[0], 4.0f);
  runtime::HostTensor wrong{runtime::DType::F32, {6}, value.data};
  error = errorOf(store.assign("w", wrong));
  EXPECT_NE(error.find("cannot take a value of another dtype or shape"),
            std::string::npos)
      << error;
}

} // namespace
