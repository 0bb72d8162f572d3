//===- OnnxSessionTest.cpp - kiln::Session on ONNX models -----------------===//
//
// A Session takes an ONNX model's bytes like any model file: the frontend
// registry recognizes the ModelProto, feeds and fetches name graph values,
// and a dynamic batch is fixed by each run's feed. Expected values are
// computed here in double precision.
//
//===----------------------------------------------------------------------===//

#include "StatusTesting.h"
#include "compiler/API/Session.h"
#include "frontends/ONNX/proto/onnx.pb.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace kiln;

namespace {

void setTensorType(onnx::ValueInfoProto &info, const std::string &name,
                   std::vector<std::string> dims) {
  info.set_name(name);
  auto *tensor = info.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  for (const std::string &dim : dims) {
    auto *d = tensor->mutable_shape()->add_dim();
    if (std::isdigit(static_cast<unsigned char>(dim[0])))
      d->set_dim_value(std::stoll(dim));
    else
      d->set_dim_param(dim);
  }
}

/// probs = softmax(x W + b) with W [3, 2] and b [2] as initializers, x
/// [batch, 3], and h = x W as a second value to fetch.
std::unique_ptr<llvm::MemoryBuffer> linearSoftmaxModel() {
  onnx::ModelProto model;
  model.set_ir_version(8);
  auto *opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(17);
  auto *graph = model.mutable_graph();
  auto addNode = [&](std::string op, std::vector<std::string> inputs,
                     std::string output) {
    auto *node = graph->add_node();
    node->set_op_type(op);
    node->set_name(output);
    for (const std::string &input : inputs)
      node->add_input(input);
    node->add_output(output);
  };
  addNode("MatMul", {"x", "w"}, "h");
  addNode("Add", {"h", "b"}, "logits");
  addNode("Softmax", {"logits"}, "probs");
  auto *w = graph->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  w->add_dims(3);
  w->add_dims(2);
  for (float v : {1.0f, -1.0f, 0.5f, 2.0f, -0.25f, 0.0f})
    w->add_float_data(v);
  auto *b = graph->add_initializer();
  b->set_name("b");
  b->set_data_type(onnx::TensorProto::FLOAT);
  b->add_dims(2);
  b->add_float_data(0.1f);
  b->add_float_data(-0.2f);
  setTensorType(*graph->add_input(), "x", {"batch", "3"});
  setTensorType(*graph->add_output(), "probs", {"batch", "2"});
  std::string bytes;
  model.SerializeToString(&bytes);
  return llvm::MemoryBuffer::getMemBufferCopy(bytes, "linear.onnx");
}

NamedTensor floats(const std::string &name, std::vector<int64_t> shape,
                   std::vector<float> values) {
  NamedTensor tensor{name, {runtime::DType::F32, std::move(shape), {}}};
  tensor.tensor.data.resize(values.size() * sizeof(float));
  std::memcpy(tensor.tensor.data.data(), values.data(),
              tensor.tensor.data.size());
  return tensor;
}

TEST(OnnxSession, RunsAnOnnxModelAtEveryBatchSize) {
  Session session(linearSoftmaxModel());
  const double w[3][2] = {{1, -1}, {0.5, 2}, {-0.25, 0}};
  const double b[2] = {0.1, -0.2};
  for (int64_t batch : {1, 4}) {
    std::vector<float> x;
    for (int64_t i = 0; i < batch * 3; ++i)
      x.push_back(0.5f * static_cast<float>(i) - 1.0f);
    std::vector<runtime::HostTensor> outputs;
    KILN_ASSERT_OK(
        session.run({floats("x", {batch, 3}, x)}, {"probs", "h"}, outputs));
    ASSERT_EQ(outputs.size(), 2u);
    ASSERT_EQ(outputs[0].shape, (std::vector<int64_t>{batch, 2}));
    for (int64_t r = 0; r < batch; ++r) {
      double h[2], logits[2];
      for (int c = 0; c < 2; ++c) {
        h[c] = 0;
        for (int k = 0; k < 3; ++k)
          h[c] += double(x[r * 3 + k]) * w[k][c];
        logits[c] = h[c] + b[c];
      }
      double top = std::max(logits[0], logits[1]);
      double sum = std::exp(logits[0] - top) + std::exp(logits[1] - top);
      for (int c = 0; c < 2; ++c) {
        EXPECT_NEAR(outputs[0].as<float>()[r * 2 + c],
                    std::exp(logits[c] - top) / sum, 1e-6);
        EXPECT_NEAR(outputs[1].as<float>()[r * 2 + c], h[c], 1e-5);
      }
    }
  }
  EXPECT_EQ(session.compiledSignatures(), 2u);
}

TEST(OnnxSession, NamesTheNodeWhenAnOpCannotBeConverted) {
  std::unique_ptr<llvm::MemoryBuffer> good = linearSoftmaxModel();
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromArray(good->getBufferStart(),
                                   static_cast<int>(good->getBufferSize())));
  model.mutable_graph()->mutable_node(2)->set_op_type("SoftmaxButBetter");
  std::string bytes;
  model.SerializeToString(&bytes);
  Session session(llvm::MemoryBuffer::getMemBufferCopy(bytes, "odd.onnx"));
  std::vector<runtime::HostTensor> outputs;
  std::string error = errorOf(
      session.run({floats("x", {1, 3}, {1, 2, 3})}, {"probs"}, outputs));
  EXPECT_NE(error.find("odd.onnx: node 'probs' (SoftmaxButBetter, opset 17): "
                       "op type 'SoftmaxButBetter' is not supported"),
            std::string::npos)
      << error;
}

} // namespace
