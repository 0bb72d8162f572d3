//===- Graph.h - a TensorFlow 1.x-style C++ graph builder -------*- C++ -*-===//
//
// Builds TensorFlow GraphDefs the way the TF1 Python API does, so TF1 model
// code translates line by line:
//
//   kiln::graph::Graph g;
//   auto images = g.placeholder(DT_FLOAT, {-1, 784}, "images");
//   kiln::graph::Output hidden1;
//   {
//     auto scope = g.nameScope("hidden1");
//     auto w = g.variable(g.truncatedNormal({784, 200}, 0.05), "weights");
//     auto b = g.variable(g.zeros({200}), "biases");
//     hidden1 = g.relu(g.add(g.matmul(images, w.value), b.value));
//   }
//   auto init = g.globalVariablesInitializer();
//   tensorflow::GraphDef def = g.toGraphDef();
//
// Naming follows TensorFlow: name scopes prefix node names and are made
// unique ("hidden1_1" on re-entry); variable scopes prefix get_variable
// names and also open a name scope; a node name already taken gets "_1",
// "_2", ... . Variables are TF1 VariableV2 nodes with an "<name>/Assign"
// initializer and an "<name>/read" Identity.
//
// Errors do not throw (kiln builds without exceptions). As in TensorFlow's
// C++ Scope, the first error is recorded in the graph as a sticky
// kiln::Status, later calls are no-ops returning invalid outputs, and
// ok()/status() report it.
//
// A Graph is not thread-safe. Outputs and Variables refer to their graph
// and must not outlive it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_GRAPHAPI_GRAPH_H
#define KILN_FRONTENDS_GRAPHAPI_GRAPH_H

#include "frontends/TFGraph/proto/graph.pb.h"
#include "kiln/runtime/status_cc.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiln::graph {

using tensorflow::DataType;
using Shape = std::vector<int64_t>; // -1 marks an unknown dimension

class Graph;

/// One output of a node: "name" or "name:k".
struct Output {
  Graph *graph = nullptr;
  std::string node;
  int index = 0;
  DataType dtype = tensorflow::DT_INVALID;
  /// Static shape where the builder knows it (sources, variables, shape-
  /// preserving ops); tf.Variable needs it for its initial value.
  std::optional<Shape> shape;

  bool valid() const { return graph != nullptr; }
  /// TensorFlow's tensor name, "node:k".
  std::string name() const { return node + ":" + std::to_string(index); }
  /// The input string other nodes use: "node" or "node:k".
  std::string input() const {
    return index == 0 ? node : node + ":" + std::to_string(index);
  }
};

/// A TF1 variable: the VariableV2 node, its value as read by other ops, and
/// the Assign that initializes it.
struct Variable {
  std::string name;
  Shape shape;
  DataType dtype = tensorflow::DT_INVALID;
  bool trainable = true;
  Output ref;         // the VariableV2 output (what Assign ops take)
  Output value;       // "<name>/read"
  Output initializer; // "<name>/Assign"
  bool valid() const { return ref.valid(); }
};

/// How get_variable fills a new variable.
struct Initializer {
  enum class Kind { Zeros, Ones, Constant, RandomNormal, TruncatedNormal,
                    GlorotUniform };
  Kind kind = Kind::Zeros;
  double value = 0.0;  // Constant
  double mean = 0.0;   // normal initializers
  double stddev = 1.0; // normal initializers
  int64_t seed = 0;    // op-level seed; 0 derives one from the graph

  static Initializer zeros() { return {Kind::Zeros}; }
  static Initializer ones() { return {Kind::Ones}; }
  static Initializer constant(double v) { return {Kind::Constant, v}; }
  static Initializer randomNormal(double stddev = 1.0, double mean = 0.0,
                                  int64_t seed = 0) {
    return {Kind::RandomNormal, 0.0, mean, stddev, seed};
  }
  static Initializer truncatedNormal(double stddev = 1.0, double mean = 0.0,
                                     int64_t seed = 0) {
    return {Kind::TruncatedNormal, 0.0, mean, stddev, seed};
  }
  static Initializer glorotUniform(int64_t seed = 0) {
    return {Kind::GlorotUniform, 0.0, 0.0, 1.0, seed};
  }
};

/// Padding for conv2d and pooling, as TensorFlow spells it.
enum class Padding { Same, Valid };

class Graph {
public:
  Graph() = default;
  Graph(const Graph &) = delete;
  Graph &operator=(const Graph &) = delete;

  bool ok() const { return status_.ok(); }
  /// The first error, InvalidArgument naming the node; OK while none.
  const Status &status() const { return status_; }
  const std::string &error() const { return status_.message(); }

  /// TensorFlow's graph-level seed (tf.set_random_seed).
  void setRandomSeed(int64_t seed) { graphSeed_ = seed; }

  //===--- Scopes (RAII: the scope ends when the guard is destroyed) ---===//
  class ScopeGuard {
  public:
    ScopeGuard(ScopeGuard &&other) noexcept;
    ScopeGuard(const ScopeGuard &) = delete;
    ~ScopeGuard();

  private:
    friend class Graph;
    ScopeGuard(Graph *graph, int kind) : graph(graph), kind(kind) {}
    Graph *graph;
    int kind; // bit 0: name scope, bit 1: variable scope, bit 2: device
  };
  [[nodiscard]] ScopeGuard nameScope(const std::string &name);
  /// Opens variable scope `name` (and a name scope of the same name).
  /// reuse=true shares existing variables; get_variable of a missing one is
  /// then an error. Nested scopes inherit reuse=true.
  [[nodiscard]] ScopeGuard variableScope(const std::string &name,
                                         bool reuse = false);
  /// Places nodes created inside on `device` ("/cpu:0", "/gpu:0", or a full
  /// "/job:localhost/replica:0/task:0/device:GPU:0" spec).
  [[nodiscard]] ScopeGuard device(const std::string &device);

  //===--- Sources ---===//
  Output placeholder(DataType dtype, const Shape &shape,
                     const std::string &name = "Placeholder");
  Output constant(const std::vector<float> &values, const Shape &shape,
                  const std::string &name = "Const");
  Output constant(float value, const std::string &name = "Const");
  Output constantInt64(const std::vector<int64_t> &values, const Shape &shape,
                       const std::string &name = "Const");
  Output constantInt32(const std::vector<int32_t> &values, const Shape &shape,
                       const std::string &name = "Const");
  Output randomNormal(const Shape &shape, double stddev = 1.0,
                      double mean = 0.0, int64_t seed = 0,
                      const std::string &name = "random_normal");
  Output truncatedNormal(const Shape &shape, double stddev = 1.0,
                         double mean = 0.0, int64_t seed = 0,
                         const std::string &name = "truncated_normal");
  Output randomUniform(const Shape &shape, double minval = 0.0,
                       double maxval = 1.0, int64_t seed = 0,
                       const std::string &name = "random_uniform");
  Output zeros(const Shape &shape, DataType dtype = tensorflow::DT_FLOAT,
               const std::string &name = "zeros");
  Output ones(const Shape &shape, DataType dtype = tensorflow::DT_FLOAT,
              const std::string &name = "ones");

  //===--- Variables ---===//
  /// tf.get_variable: `name` under the current variable scope, obeying
  /// TensorFlow's sharing rules.
  Variable getVariable(const std::string &name, const Shape &shape,
                       const Initializer &initializer = Initializer::zeros(),
                       DataType dtype = tensorflow::DT_FLOAT,
                       bool trainable = true);
  /// tf.Variable: a new variable under the current name scope, initialized
  /// from `initialValue`.
  Variable variable(const Output &initialValue,
                    const std::string &name = "Variable",
                    bool trainable = true);
  /// A NoOp "init" that runs every variable's initializer.
  Output globalVariablesInitializer(const std::string &name = "init");
  const std::vector<Variable> &globalVariables() const { return variables_; }
  std::vector<Variable> trainableVariables() const;

  //===--- Ops (one per kiln dialect op; TF op names in the GraphDef) ---===//
  Output matmul(const Output &a, const Output &b, bool transposeA = false,
                bool transposeB = false, const std::string &name = "MatMul");
  Output biasAdd(const Output &value, const Output &bias,
                 const std::string &name = "BiasAdd");
  Output add(const Output &x, const Output &y, const std::string &name = "add");
  Output sub(const Output &x, const Output &y, const std::string &name = "sub");
  Output mul(const Output &x, const Output &y, const std::string &name = "mul");
  Output div(const Output &x, const Output &y,
             const std::string &name = "truediv");
  Output maximum(const Output &x, const Output &y,
                 const std::string &name = "Maximum");
  Output minimum(const Output &x, const Output &y,
                 const std::string &name = "Minimum");
  Output pow(const Output &x, const Output &y, const std::string &name = "Pow");
  Output relu(const Output &x, const std::string &name = "Relu");
  Output sigmoid(const Output &x, const std::string &name = "Sigmoid");
  Output tanh(const Output &x, const std::string &name = "Tanh");
  Output exp(const Output &x, const std::string &name = "Exp");
  Output log(const Output &x, const std::string &name = "Log");
  Output neg(const Output &x, const std::string &name = "Neg");
  Output abs(const Output &x, const std::string &name = "Abs");
  Output sqrt(const Output &x, const std::string &name = "Sqrt");
  Output rsqrt(const Output &x, const std::string &name = "Rsqrt");
  Output square(const Output &x, const std::string &name = "Square");
  Output conv2d(const Output &input, const Output &filter,
                const std::vector<int64_t> &strides, Padding padding,
                const std::vector<int64_t> &dilations = {1, 1},
                const std::string &name = "Conv2D");
  Output maxPool(const Output &input, const std::vector<int64_t> &ksize,
                 const std::vector<int64_t> &strides, Padding padding,
                 const std::string &name = "MaxPool");
  Output avgPool(const Output &input, const std::vector<int64_t> &ksize,
                 const std::vector<int64_t> &strides, Padding padding,
                 const std::string &name = "AvgPool");
  Output softmax(const Output &logits, const std::string &name = "Softmax");
  Output logSoftmax(const Output &logits,
                    const std::string &name = "LogSoftmax");
  /// Returns {loss, backprop}.
  std::pair<Output, Output>
  sparseSoftmaxCrossEntropyWithLogits(const Output &logits,
                                      const Output &labels,
                                      const std::string &name = "xentropy");
  Output reduceSum(const Output &x, const std::vector<int64_t> &axes,
                   bool keepDims = false, const std::string &name = "Sum");
  Output reduceMean(const Output &x, const std::vector<int64_t> &axes,
                    bool keepDims = false, const std::string &name = "Mean");
  Output reduceMax(const Output &x, const std::vector<int64_t> &axes,
                   bool keepDims = false, const std::string &name = "Max");
  Output argmax(const Output &x, int64_t axis,
                DataType outputType = tensorflow::DT_INT64,
                const std::string &name = "ArgMax");
  Output equal(const Output &x, const Output &y,
               const std::string &name = "Equal");
  Output less(const Output &x, const Output &y, const std::string &name = "Less");
  Output greater(const Output &x, const Output &y,
                 const std::string &name = "Greater");
  Output select(const Output &condition, const Output &onTrue,
                const Output &onFalse, const std::string &name = "SelectV2");
  Output cast(const Output &x, DataType dtype, const std::string &name = "Cast");
  Output reshape(const Output &x, const Shape &shape,
                 const std::string &name = "Reshape");
  Output transpose(const Output &x, const std::vector<int64_t> &perm,
                   const std::string &name = "transpose");
  Output concat(const std::vector<Output> &values, int64_t axis,
                const std::string &name = "concat");
  Output inTopK(const Output &predictions, const Output &targets, int64_t k,
                const std::string &name = "in_top_k");
  /// tf.assign / tf.assign_add on a variable; returns the updated ref.
  Output assign(const Variable &variable, const Output &value,
                const std::string &name = "Assign");
  Output assignAdd(const Variable &variable, const Output &value,
                   const std::string &name = "AssignAdd");
  Output identity(const Output &x, const std::string &name = "Identity");

  //===--- Training (Training.cpp; optimizers in Optimizers.h) ---===//
  /// tf.gradients: d loss / d x for each of `xs` (float tensors; loss a
  /// float scalar). Written as one KilnGradients node, which kiln expands
  /// into the backward ops when it compiles the graph.
  std::vector<Output> gradients(const Output &loss, const std::vector<Output> &xs,
                                const std::string &name = "gradients");
  /// The element-wise mean of each of `values` over the ranks of a
  /// data-parallel job, as one KilnAllReduce node (Horovod's allreduce):
  /// a Session with a communicator of several ranks splits its step there
  /// and averages all of them in one collective; anywhere else (one
  /// process, TensorFlow, where it is written as IdentityN) it is the
  /// identity. Values must be float32 with known shapes.
  std::vector<Output> allReduce(const std::vector<Output> &values,
                                const std::string &name = "all_reduce");
  /// var -= lr * grad (TF's ApplyGradientDescent).
  Output applyGradientDescent(const Variable &var, const Output &lr,
                              const Output &grad,
                              const std::string &name = "ApplyGradientDescent");
  /// accum = accum * momentum + grad; var -= lr * accum (or the Nesterov
  /// form), TF's ApplyMomentum.
  Output applyMomentum(const Variable &var, const Variable &accum,
                       const Output &lr, const Output &grad,
                       const Output &momentum, bool useNesterov,
                       const std::string &name = "ApplyMomentum");
  /// TF's ApplyAdam (m, v slots; beta powers are variables the optimizer
  /// advances after every step).
  Output applyAdam(const Variable &var, const Variable &m, const Variable &v,
                   const Output &beta1Power, const Output &beta2Power,
                   const Output &lr, const Output &beta1, const Output &beta2,
                   const Output &epsilon, const Output &grad,
                   const std::string &name = "ApplyAdam");
  /// Makes the node producing `op` run after every node in `deps`
  /// (tf.control_dependencies for an op already built).
  void addControlDependencies(const Output &op, const std::vector<Output> &deps);
  /// A NoOp depending on `inputs` (tf.group).
  Output group(const std::vector<Output> &inputs,
               const std::string &name = "group_deps");

  /// The graph as TensorFlow would serialize it (nodes in creation order),
  /// each gradients() call written as TensorFlow's own backward ops
  /// (TensorFlowGradients.h), so TensorFlow imports and runs it; kiln
  /// trains it as fast as its own autodiff's form (kiln-train-bench
  /// mlp-tf against mlp: within this VM's noise). When an op on a gradient path
  /// has no TensorFlow rule, the graph keeps its KilnGradients nodes, which
  /// only kiln runs (toTensorFlowGraphDef names the op).
  tensorflow::GraphDef toGraphDef() const;
  /// The graph with each gradients() call as one KilnGradients node, which
  /// kiln differentiates with its own autodiff when it compiles.
  tensorflow::GraphDef toKilnGraphDef() const;
  /// toGraphDef's TensorFlow form, or an error naming the node whose op has
  /// no gradient rule (for what must reach TensorFlow: `.meta`, TensorBoard).
  Status toTensorFlowGraphDef(tensorflow::GraphDef &out) const;

private:
  friend class ScopeGuard;
  bool fail(const std::string &message);
  bool checkInputs(const std::vector<const Output *> &inputs,
                   const std::string &op);
  std::string uniqueName(const std::string &name);
  std::string scopedName(const std::string &name) const;
  tensorflow::NodeDef *addNode(const std::string &op, const std::string &name,
                               const std::vector<Output> &inputs);
  Output single(tensorflow::NodeDef *node, DataType dtype, int index = 0);
  template <typename T, typename Add>
  Output typedConstant(DataType dtype, const std::vector<T> &values,
                       const Shape &shape, const std::string &name, Add add);
  Output unary(const char *op, const Output &x, const std::string &name);
  Output binary(const char *op, const Output &x, const Output &y,
                const std::string &name, bool toBool = false);
  Output reduce(const char *op, const Output &x,
                const std::vector<int64_t> &axes, bool keepDims,
                const std::string &name);
  Output window(const char *op, const Output &input,
                const std::vector<int64_t> &ksize,
                const std::vector<int64_t> &strides, Padding padding,
                const std::string &name);
  Output randomOp(const char *op, const Shape &shape, int64_t seed,
                  const std::string &name);
  Output scaled(const Output &x, double scale, double shift, DataType dtype);
  Output fill(const Shape &shape, DataType dtype, double value,
              const std::string &name);
  Output initialValue(const Initializer &init, const Shape &shape,
                      DataType dtype);
  Variable createVariable(const std::string &fullName, const Shape &shape,
                          DataType dtype, bool trainable,
                          const Output &initial);
  std::pair<int64_t, int64_t> seeds(int64_t opSeed);

  tensorflow::GraphDef graph_;
  Status status_;
  std::map<std::string, int> usedNames_;
  std::vector<std::string> nameScopes_;
  struct VariableScopeFrame {
    std::string name;
    bool reuse;
  };
  std::vector<VariableScopeFrame> variableScopes_;
  std::vector<std::string> devices_;
  std::vector<Variable> variables_;
  std::optional<int64_t> graphSeed_;
};

} // namespace kiln::graph

#endif // KILN_FRONTENDS_GRAPHAPI_GRAPH_H
