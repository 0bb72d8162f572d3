//===- GraphAPITest.cpp - the TF1-style C++ graph builder -----------------===//

#include "dialects/Kiln/IR/KilnDialect.h"
#include "frontends/GraphAPI/Graph.h"
#include "frontends/TFGraph/GraphDefExporter.h"
#include "frontends/TFGraph/GraphDefImporter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace kiln::graph;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT64;

namespace {

const tensorflow::NodeDef *findNode(const tensorflow::GraphDef &graph,
                                    const std::string &name) {
  for (const auto &node : graph.node())
    if (node.name() == name)
      return &node;
  return nullptr;
}

std::vector<std::string> nodeNames(const Graph &g) {
  std::vector<std::string> names;
  tensorflow::GraphDef def = g.toGraphDef();
  for (const auto &node : def.node())
    names.push_back(node.name());
  return names;
}

/// The seed's conv_relu helper, written as TF1 code would be.
Output convRelu(Graph &g, const Output &input, const Shape &kernelShape,
                const Shape &biasShape) {
  Variable weights = g.getVariable("weights", kernelShape,
                                   Initializer::randomNormal());
  Variable biases = g.getVariable("biases", biasShape,
                                  Initializer::constant(0.0));
  Output conv = g.conv2d(input, weights.value, {1, 1}, Padding::Same);
  return g.relu(g.add(conv, biases.value));
}

std::string printModule(mlir::ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  return text;
}

TEST(GraphAPI, NameScopesPrefixAndUniquify) {
  Graph g;
  Output x = g.placeholder(DT_FLOAT, {-1, 4}, "x");
  {
    auto scope = g.nameScope("hidden1");
    g.relu(x);
    g.relu(x);
  }
  {
    auto scope = g.nameScope("hidden1");
    g.relu(x);
  }
  ASSERT_TRUE(g.ok()) << g.error();
  EXPECT_EQ(nodeNames(g), (std::vector<std::string>{
                              "x", "hidden1/Relu", "hidden1/Relu_1",
                              "hidden1_1/Relu"}));
}

TEST(GraphAPI, VariableScopesCreateSeedConvReluNames) {
  Graph g;
  Output images = g.placeholder(DT_FLOAT, {-1, 28, 28, 1}, "images");
  Output relu1, relu2;
  {
    auto scope = g.variableScope("conv1");
    relu1 = convRelu(g, images, {5, 5, 1, 32}, {32});
  }
  {
    auto scope = g.variableScope("conv2");
    relu2 = convRelu(g, relu1, {5, 5, 32, 32}, {32});
  }
  ASSERT_TRUE(g.ok()) << g.error();
  std::vector<std::string> names;
  for (const Variable &v : g.globalVariables())
    names.push_back(v.name);
  EXPECT_EQ(names, (std::vector<std::string>{"conv1/weights", "conv1/biases",
                                             "conv2/weights", "conv2/biases"}));
  tensorflow::GraphDef def = g.toGraphDef();
  ASSERT_NE(findNode(def, "conv1/weights/Assign"), nullptr);
  ASSERT_NE(findNode(def, "conv2/weights/read"), nullptr);
  EXPECT_NE(findNode(def, "conv1/Conv2D"), nullptr);
  EXPECT_EQ(findNode(def, "conv1/weights")->op(), "VariableV2");
  EXPECT_EQ(relu2.node, "conv2/Relu");
}

TEST(GraphAPI, CreatingAnExistingVariableWithoutReuseFails) {
  Graph g;
  {
    auto scope = g.variableScope("conv1");
    g.getVariable("weights", {3, 3, 1, 8});
  }
  {
    auto scope = g.variableScope("conv1");
    Variable again = g.getVariable("weights", {3, 3, 1, 8});
    EXPECT_FALSE(again.valid());
  }
  EXPECT_FALSE(g.ok());
  EXPECT_NE(g.error().find("Variable conv1/weights already exists"),
            std::string::npos)
      << g.error();
}

TEST(GraphAPI, ReuseOfAMissingVariableFails) {
  Graph g;
  auto scope = g.variableScope("conv1", /*reuse=*/true);
  EXPECT_FALSE(g.getVariable("weights", {3}).valid());
  EXPECT_NE(g.error().find("Variable conv1/weights does not exist"),
            std::string::npos)
      << g.error();
}

TEST(GraphAPI, ReuseSharesTheVariableAndNestedScopesInheritIt) {
  Graph g;
  Variable first;
  {
    auto scope = g.variableScope("model");
    auto inner = g.variableScope("layer");
    first = g.getVariable("w", {2, 2}, Initializer::ones());
  }
  {
    auto scope = g.variableScope("model", /*reuse=*/true);
    auto inner = g.variableScope("layer");
    Variable shared = g.getVariable("w", {2, 2}, Initializer::ones());
    ASSERT_TRUE(g.ok()) << g.error();
    EXPECT_EQ(shared.ref.node, first.ref.node);
    EXPECT_EQ(shared.name, "model/layer/w");
  }
  EXPECT_EQ(g.globalVariables().size(), 1u);
}

TEST(GraphAPI, SharingWithAnotherShapeFails) {
  Graph g;
  {
    auto scope = g.variableScope("s");
    g.getVariable("w", {2, 2});
  }
  auto scope = g.variableScope("s", /*reuse=*/true);
  EXPECT_FALSE(g.getVariable("w", {3, 2}).valid());
  EXPECT_NE(g.error().find("Trying to share variable s/w"), std::string::npos);
}

TEST(GraphAPI, VariableUsesTheNameScopeAndInitialValueShape) {
  Graph g;
  auto scope = g.nameScope("hidden1");
  Variable w = g.variable(g.truncatedNormal({784, 200}, 0.05), "weights");
  Variable b = g.variable(g.zeros({200}), "biases", /*trainable=*/true);
  Variable step = g.variable(g.zeros({}, DT_INT64), "global_step",
                             /*trainable=*/false);
  ASSERT_TRUE(g.ok()) << g.error();
  EXPECT_EQ(w.name, "hidden1/weights");
  EXPECT_EQ(w.shape, (Shape{784, 200}));
  EXPECT_EQ(b.name, "hidden1/biases");
  EXPECT_EQ(step.dtype, DT_INT64);
  EXPECT_EQ(g.trainableVariables().size(), 2u);
  tensorflow::GraphDef def = g.toGraphDef();
  const auto *normal = findNode(def, "hidden1/truncated_normal/TruncatedNormal");
  ASSERT_NE(normal, nullptr);
  EXPECT_EQ(findNode(def, "hidden1/weights/Assign")->input(1),
            "hidden1/truncated_normal/mul");
}

TEST(GraphAPI, InitializersBuildTheirValues) {
  Graph g;
  g.setRandomSeed(7);
  g.getVariable("glorot", {4, 6}, Initializer::glorotUniform(3));
  g.getVariable("normal", {2}, Initializer::randomNormal(0.5, 1.0));
  g.getVariable("constant", {2}, Initializer::constant(2.5));
  ASSERT_TRUE(g.ok()) << g.error();
  tensorflow::GraphDef def = g.toGraphDef();
  const auto *uniform =
      findNode(def, "glorot/Initializer/random_uniform/RandomUniform");
  ASSERT_NE(uniform, nullptr);
  EXPECT_EQ(uniform->attr().at("seed").i(), 7);
  EXPECT_EQ(uniform->attr().at("seed2").i(), 3);
  // limit = sqrt(6 / (4 + 6)); the range is 2 * limit.
  const auto *range = findNode(def, "glorot/Initializer/random_uniform/stddev");
  ASSERT_NE(range, nullptr);
  EXPECT_NEAR(range->attr().at("value").tensor().float_val(0),
              2 * std::sqrt(0.6), 1e-6);
  const auto *constant = findNode(def, "constant/Initializer/Const");
  ASSERT_NE(constant, nullptr);
  EXPECT_FLOAT_EQ(constant->attr().at("value").tensor().float_val(0), 2.5f);
}

TEST(GraphAPI, DeviceScopesPlaceNodes) {
  Graph g;
  Output x = g.placeholder(DT_FLOAT, {2}, "x");
  {
    auto gpu = g.device("/gpu:0");
    g.relu(x, "on_gpu");
  }
  g.relu(x, "unplaced");
  tensorflow::GraphDef def = g.toGraphDef();
  EXPECT_EQ(findNode(def, "on_gpu")->device(), "/gpu:0");
  EXPECT_EQ(findNode(def, "unplaced")->device(), "");
}

TEST(GraphAPI, GlobalVariablesInitializerDependsOnEveryAssign) {
  Graph g;
  g.getVariable("a", {1});
  g.getVariable("b", {1});
  Output init = g.globalVariablesInitializer();
  tensorflow::GraphDef def = g.toGraphDef();
  const auto *node = findNode(def, init.node);
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->op(), "NoOp");
  EXPECT_EQ(std::vector<std::string>(node->input().begin(), node->input().end()),
            (std::vector<std::string>{"^a/Assign", "^b/Assign"}));
}

TEST(GraphAPI, MismatchedDtypesAreRecordedNotThrown) {
  Graph g;
  Output x = g.placeholder(DT_FLOAT, {2}, "x");
  Output i = g.placeholder(DT_INT64, {2}, "i");
  EXPECT_FALSE(g.add(x, i).valid());
  EXPECT_FALSE(g.ok());
  // Later calls are no-ops.
  EXPECT_FALSE(g.relu(x).valid());
  EXPECT_NE(g.error().find("operands have dtypes DT_FLOAT and DT_INT64"),
            std::string::npos)
      << g.error();
}

TEST(GraphAPI, GroupWithInvalidInputAddsNoNode) {
  Graph g;
  Output x = g.placeholder(DT_FLOAT, {2}, "x");
  int nodesBefore = g.toGraphDef().node_size();
  EXPECT_FALSE(g.group({x, Output{}}, "init").valid());
  EXPECT_NE(g.error().find("group 'init': an input is not a valid output"),
            std::string::npos)
      << g.error();
  EXPECT_EQ(g.toGraphDef().node_size(), nodesBefore);
}

/// The seed MLP's inference graph built with the API, imported, exported
/// and imported again must give the same module.
TEST(GraphAPI, BuilderGraphDefImportRoundTrip) {
  Graph g;
  Output images = g.placeholder(DT_FLOAT, {32, 784}, "images");
  Output hidden = images;
  int64_t width = 784;
  for (const char *layer : {"hidden1", "hidden2"}) {
    auto scope = g.nameScope(layer);
    Variable w = g.variable(g.truncatedNormal({width, 200}, 0.05, 0.0, 1),
                            "weights");
    Variable b = g.variable(g.zeros({200}), "biases");
    hidden = g.relu(g.add(g.matmul(hidden, w.value), b.value));
    width = 200;
  }
  Output logits;
  {
    auto scope = g.nameScope("softmax_linear");
    Variable w = g.variable(g.truncatedNormal({200, 10}, 0.05, 0.0, 2),
                            "weights");
    Variable b = g.variable(g.zeros({10}), "biases");
    logits = g.add(g.matmul(hidden, w.value), b.value);
  }
  Output labels = g.placeholder(DT_INT64, {32}, "labels");
  auto [loss, backprop] = g.sparseSoftmaxCrossEntropyWithLogits(logits, labels);
  Output mean = g.reduceMean(loss, {0}, false, "xentropy_mean");
  Output init = g.globalVariablesInitializer();
  ASSERT_TRUE(g.ok()) << g.error();

  mlir::MLIRContext ctx;
  kiln::tfgraph::GraphImportOptions options;
  options.fetches = {mean.input(), init.node};
  auto first = kiln::tfgraph::importGraphDef(g.toGraphDef(), options,
                                              "builder", &ctx);
  ASSERT_TRUE(first);
  std::string firstText = printModule(*first);
  EXPECT_NE(firstText.find("kiln.variable @\"hidden1/weights\" : "
                           "tensor<784x200xf32>"),
            std::string::npos)
      << firstText;
  EXPECT_NE(firstText.find("kiln.sparse_softmax_cross_entropy_with_logits"),
            std::string::npos);
  EXPECT_NE(firstText.find("kiln.truncated_normal"), std::string::npos);

  auto exported = kiln::tfgraph::exportGraphDef(*first);
  ASSERT_TRUE(mlir::succeeded(exported));
  kiln::tfgraph::GraphImportOptions again;
  again.fetches = {mean.input()};
  // The initializer NoOp has no kiln counterpart: its assigns are what the
  // exported graph keeps, so run them as targets as the original run did.
  for (const auto &node : exported->node())
    if (node.op() == "Assign")
      again.fetches.push_back("^" + node.name());
  auto second =
      kiln::tfgraph::importGraphDef(*exported, again, "builder", &ctx);
  ASSERT_TRUE(second);
  EXPECT_EQ(printModule(*second), firstText);
}

} // namespace
