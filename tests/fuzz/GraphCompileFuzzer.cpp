//===- GraphCompileFuzzer.cpp - libFuzzer target: random valid graphs ----===//
//
// The fuzzer's bytes drive a generator of GraphDefs (text form) that are
// structurally valid and mostly well-typed: placeholders of small static
// shapes, then up to 16 ops - element-wise unary and binary ops with
// broadcasting, MatMul, BiasAdd, Reshape, Transpose, reductions, ConcatV2,
// softmax, Conv2D, pooling, ExpandDims, Slice, Pad, Tile - each choosing
// inputs among earlier nodes whose shapes fit, with attributes drawn from
// the edge values (VALID/SAME, strides past the window, keep_dims, negative
// axes). With the "perturb" bit one op gets a wrong attribute and the
// graph ends there.
// The graph goes through import, verification and the whole compiler to
// the LLVM dialect. A graph that imports must compile (a compile error is
// a finding: the importer accepted what the compiler cannot build); one
// that does not import must fail with an error naming the model.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "compiler/API/Compiler.h"
#include "compiler/API/ModelRunner.h"
#include "compiler/API/Registration.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"

#include <numeric>

using namespace kiln;

namespace {

using Shape = std::vector<int64_t>;

int64_t elements(const Shape &shape) {
  return std::accumulate(shape.begin(), shape.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

class GraphGenerator {
public:
  explicit GraphGenerator(fuzz::FuzzedInput &input) : in_(input) {}

  /// The GraphDef text; the last node is the one fetched.
  std::string generate(bool perturb) {
    for (unsigned count = 1 + in_.below(2), i = 0; i < count; ++i) {
      Shape shape;
      for (unsigned rank = in_.below(5), d = 0; d < rank; ++d)
        shape.push_back(1 + in_.below(4));
      std::string name = "x" + std::to_string(i);
      text_ += "node { name: \"" + name +
               "\" op: \"Placeholder\" attr { key: \"dtype\" value { type: "
               "DT_FLOAT } } attr { key: \"shape\" value { shape {" +
               dims(shape) + " } } } }\n";
      nodes_.push_back({name, shape});
    }
    for (unsigned count = 1 + in_.below(16), i = 0; i < count && !in_.empty();
         ++i) {
      bool wrong = perturb && in_.below(4) == 0;
      if (!addOp(wrong) || wrong)
        break;
    }
    return text_;
  }

  const std::string &lastNode() const { return nodes_.back().name; }

private:
  struct Node {
    std::string name;
    Shape shape;
  };

  static std::string dims(const Shape &shape) {
    std::string text;
    for (int64_t dim : shape)
      text += " dim { size: " + std::to_string(dim) + " }";
    return text;
  }

  std::string fresh() { return "n" + std::to_string(nodes_.size()); }

  /// A Const node of `dtype` and `shape` holding `values` (proto text);
  /// its name.
  std::string constant(const char *dtype, const std::string &values,
                       const Shape &shape) {
    std::string name = "c" + std::to_string(constants_++);
    text_ += "node { name: \"" + name +
             "\" op: \"Const\" attr { key: \"dtype\" value { type: " + dtype +
             " } } attr { key: \"value\" value { tensor { dtype: " + dtype +
             " tensor_shape {" + dims(shape) + " }" + values + " } } } }\n";
    return name;
  }

  /// At most 64 values: TensorFlow repeats the last for the rest.
  std::string floatConst(const Shape &shape) {
    std::string values;
    for (int64_t i = 0, n = std::min<int64_t>(elements(shape), 64); i < n; ++i)
      values += " float_val: " + std::to_string(int(in_.byte()) / 32.0 - 4.0);
    return constant("DT_FLOAT", values, shape);
  }

  std::string intConst(const std::vector<int64_t> &values, Shape shape) {
    std::string text;
    for (int64_t value : values)
      text += " int_val: " + std::to_string(value);
    return constant("DT_INT32", text, shape);
  }

  std::string intVector(const std::vector<int64_t> &values) {
    return intConst(values, {int64_t(values.size())});
  }

  /// Emits op `op` over `inputs` with attribute text `attrs`; its result
  /// has `shape`. False when the result would be too large to be useful.
  bool emit(const std::string &op, const std::vector<std::string> &inputs,
            const std::string &attrs, const Shape &shape) {
    if (elements(shape) > 4096)
      return false;
    std::string name = fresh();
    text_ += "node { name: \"" + name + "\" op: \"" + op + "\"";
    for (const std::string &input : inputs)
      text_ += " input: \"" + input + "\"";
    text_ += " attr { key: \"T\" value { type: DT_FLOAT } }" + attrs + " }\n";
    nodes_.push_back({name, shape});
    return true;
  }

  static std::string boolAttr(const char *key, bool value) {
    return std::string(" attr { key: \"") + key +
           "\" value { b: " + (value ? "true" : "false") + " } }";
  }
  static std::string intsAttr(const char *key, const Shape &values) {
    std::string text =
        std::string(" attr { key: \"") + key + "\" value { list {";
    for (int64_t value : values)
      text += " i: " + std::to_string(value);
    return text + " } } }";
  }
  static std::string stringAttr(const char *key, const char *value) {
    return std::string(" attr { key: \"") + key + "\" value { s: \"" + value +
           "\" } }";
  }

  const Node &pick() { return nodes_[in_.below(nodes_.size())]; }
  /// A node of rank `rank`, or null.
  const Node *pickRank(size_t rank) {
    std::vector<const Node *> fitting;
    for (const Node &node : nodes_)
      if (node.shape.size() == rank)
        fitting.push_back(&node);
    return fitting.empty() ? nullptr : fitting[in_.below(fitting.size())];
  }

  bool addOp(bool wrong) {
    const Node a = pick();
    const Shape &s = a.shape;
    int64_t rank = s.size();
    switch (in_.below(15)) {
    case 0: {
      static const char *const kUnary[] = {
          "Relu",   "Sigmoid",  "Tanh",     "Exp", "Neg",   "Abs",
          "Square", "Softplus", "Relu6",    "Elu", "Floor", "Identity",
          "Sin",    "Erf",      "Softsign", "Selu"};
      return emit(kUnary[in_.below(std::size(kUnary))], {a.name}, "", s);
    }
    case 1: {
      static const char *const kBinary[] = {
          "Add",     "AddV2",   "Sub",     "Mul",
          "RealDiv", "Maximum", "Minimum", "SquaredDifference"};
      // Broadcast against a same-shaped node, a scalar, or a vector along
      // the last dimension; the operands may come in either order.
      Shape other = s;
      unsigned form = in_.below(3);
      if (form == 1)
        other = {};
      else if (form == 2 && rank > 0)
        other = {s.back()};
      if (wrong && rank > 0)
        other = {s.back() + 1};
      std::string b = floatConst(other);
      for (const Node &node : nodes_)
        if (form == 0 && node.shape == s && in_.flag())
          b = node.name;
      const char *op = kBinary[in_.below(std::size(kBinary))];
      return in_.flag() ? emit(op, {a.name, b}, "", s)
                        : emit(op, {b, a.name}, "", s);
    }
    case 2: {
      const Node *m = pickRank(2);
      if (!m)
        return true;
      bool transposeA = in_.flag(), transposeB = in_.flag();
      int64_t k = transposeA ? m->shape[0] : m->shape[1];
      int64_t rows = transposeA ? m->shape[1] : m->shape[0];
      int64_t cols = 1 + in_.below(4);
      Shape weights = transposeB ? Shape{cols, k} : Shape{k, cols};
      if (wrong)
        weights[transposeB ? 1 : 0] += 1;
      return emit("MatMul", {m->name, floatConst(weights)},
                  boolAttr("transpose_a", transposeA) +
                      boolAttr("transpose_b", transposeB),
                  {rows, cols});
    }
    case 3: {
      if (rank < 2) // TensorFlow's BiasAdd wants at least [batch, channels]
        return true;
      Shape bias = {wrong ? s.back() + 2 : s.back()};
      return emit("BiasAdd", {a.name, floatConst(bias)}, "", s);
    }
    case 4: {
      int64_t count = elements(s);
      std::vector<int64_t> target;
      switch (in_.below(3)) {
      case 0:
        target = {-1};
        break;
      case 1:
        target = {1, count};
        break;
      default:
        target = {count, -1};
        break;
      }
      if (wrong)
        target = {count + 1};
      Shape result;
      for (int64_t dim : target)
        result.push_back(dim == -1 ? (target.size() == 1 ? count : 1) : dim);
      return emit("Reshape", {a.name, intVector(target)},
                  " attr { key: \"Tshape\" value { type: DT_INT32 } }", result);
    }
    case 5: {
      std::vector<int64_t> perm(rank);
      std::iota(perm.begin(), perm.end(), 0);
      for (int64_t i = rank - 1; i > 0; --i)
        std::swap(perm[i], perm[in_.below(i + 1)]);
      if (wrong && rank > 0)
        perm[0] = rank;
      Shape result;
      for (int64_t axis : perm)
        result.push_back(axis < rank ? s[axis] : 1);
      return emit("Transpose", {a.name, intVector(perm)},
                  " attr { key: \"Tperm\" value { type: DT_INT32 } }", result);
    }
    case 6: {
      // Not Prod: kiln folds it at compile time only (issue 15).
      static const char *const kReductions[] = {"Sum", "Mean", "Max", "Min"};
      if (rank == 0)
        return true;
      int64_t axis = int64_t(in_.below(2 * rank)) - rank;
      if (wrong)
        axis = rank;
      bool keep = in_.flag();
      Shape result;
      for (int64_t d = 0; d < rank; ++d)
        if (d != (axis + rank) % rank)
          result.push_back(s[d]);
        else if (keep)
          result.push_back(1);
      return emit(kReductions[in_.below(std::size(kReductions))],
                  {a.name, intConst({axis}, {})},
                  boolAttr("keep_dims", keep) +
                      " attr { key: \"Tidx\" value { type: DT_INT32 } }",
                  result);
    }
    case 7: {
      if (rank == 0)
        return true;
      int64_t axis = int64_t(in_.below(2 * rank)) - rank;
      Shape result = s;
      result[(axis + rank) % rank] *= 2;
      std::string count = wrong ? "3" : "2";
      return emit("ConcatV2", {a.name, a.name, intConst({axis}, {})},
                  " attr { key: \"N\" value { i: " + count +
                      " } } attr { key: \"Tidx\" value { type: DT_INT32 } }",
                  result);
    }
    case 8:
      if (rank == 0)
        return true;
      return emit(in_.flag() ? "Softmax" : "LogSoftmax", {a.name}, "", s);
    case 9:
    case 10: {
      const Node *image = pickRank(4);
      if (!image)
        return true;
      const Shape &x = image->shape;
      int64_t kh = 1 + in_.below(x[1]), kw = 1 + in_.below(x[2]);
      int64_t stride = 1 + in_.below(3);
      bool same = in_.flag();
      auto out = [&](int64_t size, int64_t window) {
        return same ? (size + stride - 1) / stride
                    : (size - window) / stride + 1;
      };
      std::string padding = stringAttr("padding", same ? "SAME" : "VALID") +
                            intsAttr("strides", {1, stride, stride, 1});
      if (wrong)
        padding = stringAttr("padding", "FULL");
      if (in_.flag()) {
        int64_t filters = 1 + in_.below(4);
        return emit("Conv2D",
                    {image->name, floatConst({kh, kw, x[3], filters})}, padding,
                    {x[0], out(x[1], kh), out(x[2], kw), filters});
      }
      return emit(in_.flag() ? "MaxPool" : "AvgPool", {image->name},
                  padding + intsAttr("ksize", {1, kh, kw, 1}),
                  {x[0], out(x[1], kh), out(x[2], kw), x[3]});
    }
    case 11: {
      if (rank >= 4)
        return true;
      int64_t axis = int64_t(in_.below(2 * rank + 2)) - rank - 1;
      Shape result = s;
      result.insert(result.begin() + (axis < 0 ? axis + rank + 1 : axis), 1);
      if (wrong)
        axis = rank + 5;
      return emit("ExpandDims", {a.name, intConst({axis}, {})},
                  " attr { key: \"Tdim\" value { type: DT_INT32 } }", result);
    }
    case 12: {
      std::vector<int64_t> begin, size;
      Shape result;
      for (int64_t dim : s) {
        int64_t start = in_.below(dim), length = 1 + in_.below(dim - start);
        bool toEnd = in_.flag();
        begin.push_back(start);
        size.push_back(toEnd ? -1 : length);
        result.push_back(toEnd ? dim - start : length);
      }
      if (wrong && rank > 0)
        size[0] = s[0] + 1;
      return emit("Slice", {a.name, intVector(begin), intVector(size)},
                  " attr { key: \"Index\" value { type: DT_INT32 } }", result);
    }
    case 13: {
      std::vector<int64_t> paddings;
      Shape result;
      for (int64_t dim : s) {
        int64_t before = in_.below(3), after = in_.below(3);
        paddings.push_back(before);
        paddings.push_back(wrong ? -5 : after);
        result.push_back(dim + before + after);
      }
      return emit("Pad", {a.name, intConst(paddings, {rank, 2})},
                  " attr { key: \"Tpaddings\" value { type: DT_INT32 } }",
                  result);
    }
    default: {
      std::vector<int64_t> multiples;
      Shape result;
      for (int64_t dim : s) {
        int64_t times = 1 + in_.below(3);
        multiples.push_back(times);
        result.push_back(dim * times);
      }
      if (wrong)
        multiples.push_back(2);
      return emit("Tile", {a.name, intVector(multiples)},
                  " attr { key: \"Tmultiples\" value { type: DT_INT32 } }",
                  result);
    }
    }
  }

  fuzz::FuzzedInput &in_;
  std::string text_;
  std::vector<Node> nodes_;
  unsigned constants_ = 0;
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  registerAllKilnFrontends();
  registerAllKilnPasses();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::FuzzedInput input(data, size);
  bool perturb = input.byte() & 1;
  GraphGenerator generator(input);
  std::string graph = generator.generate(perturb);

  const char kName[] = "generated.pbtxt";
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      llvm::MemoryBuffer::getMemBuffer(graph, kName, false);
  mlir::MLIRContext ctx(mlir::MLIRContext::Threading::DISABLED);
  ImportOptions options;
  options.fetches = {generator.lastNode()};
  auto module = importModelBuffer(*buffer, options, ctx);
  if (!module.ok()) {
    fuzz::expectNamed(module.status(), kName);
    if (!perturb) {
      std::fprintf(stderr, "%s\n", graph.c_str());
      fuzz::finding("a well-formed generated graph did not import",
                    module.status());
    }
    return 0;
  }
  if (mlir::failed(mlir::verify(**module)))
    fuzz::finding("an imported module does not verify");

  StepRequest request;
  request.entry = entryFunctionName(**module);
  request.stepSymbol = "kiln_fuzz_step";
  request.stopAfter = CompileStage::LLVM;
  CompiledStep step;
  Status status = compileStep(**module, request, CompileOptions(), step);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", graph.c_str());
    fuzz::finding("an imported graph did not compile", status);
  }
  return 0;
}
