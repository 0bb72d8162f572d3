//===- OnnxConformance.cpp - ONNX backend node tests through kiln ---------===//
//
// Runs every ONNX backend node test in a directory (model.onnx and
// test_data_set_0/{input,output}_N.pb) through kiln's ONNX frontend and
// JIT, and compares each output with ONNX's tolerances (rtol 1e-3, atol
// 1e-7; integers and bools exactly). Prints one line per test and a
// total.
//
// Integer inputs that kiln needs at compile time (axes, shapes, Slice
// bounds: ONNX's tests feed them) are folded into the model as
// initializers when import asks for them, and the line says which. Tests
// that draw random numbers (training-mode dropout with a non-zero ratio)
// check dtypes and shapes only.
//
// With --expect FILE (lines "test_name<TAB>reason"), a listed test must
// fail and an unlisted one pass; the exit status says whether the run
// matched. The list is how known gaps stay visible: no silent skips.
//
//===----------------------------------------------------------------------===//

#include "compiler/API/ModelRunner.h"
#include "frontends/ONNX/OnnxTensor.h"
#include "frontends/ONNX/proto/onnx.pb.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace kiln;
using onnx::TensorProto;

namespace {

constexpr double kRelativeTolerance = 1e-3;
constexpr double kAbsoluteTolerance = 1e-7;

std::optional<runtime::DType> hostDType(int32_t dataType) {
  switch (dataType) {
  case TensorProto::FLOAT:
    return runtime::DType::F32;
  case TensorProto::DOUBLE:
    return runtime::DType::F64;
  case TensorProto::FLOAT16:
    return runtime::DType::F16;
  case TensorProto::INT8:
    return runtime::DType::I8;
  case TensorProto::INT16:
    return runtime::DType::I16;
  case TensorProto::INT32:
    return runtime::DType::I32;
  case TensorProto::INT64:
    return runtime::DType::I64;
  case TensorProto::UINT8:
    return runtime::DType::U8;
  case TensorProto::UINT16:
    return runtime::DType::U16;
  case TensorProto::UINT32:
    return runtime::DType::U32;
  case TensorProto::UINT64:
    return runtime::DType::U64;
  case TensorProto::BOOL:
    return runtime::DType::Bool;
  default:
    return std::nullopt;
  }
}

bool readProto(const std::string &path, google::protobuf::Message &message) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return in.good() || in.eof() ? message.ParseFromString(bytes.str()) : false;
}

/// A TensorProto as a host tensor; an error when kiln's runtime has no
/// such dtype.
StatusOr<runtime::HostTensor> toHostTensor(const TensorProto &proto) {
  StatusOr<onnximport::DecodedTensor> decoded =
      onnximport::decodeTensor(proto, "");
  if (!decoded.ok())
    return decoded.status();
  std::optional<runtime::DType> dtype = hostDType(decoded->dataType);
  if (!dtype)
    return invalidArgument("kiln's runtime has no " +
                           onnximport::dataTypeName(decoded->dataType) +
                           " tensors");
  runtime::HostTensor tensor;
  tensor.dtype = *dtype;
  tensor.shape = decoded->dims;
  tensor.data.assign(decoded->bytes.begin(), decoded->bytes.end());
  return tensor;
}

/// One tensor file as a host tensor.
StatusOr<runtime::HostTensor> readTensor(const std::string &path) {
  TensorProto proto;
  if (!readProto(path, proto))
    return invalidArgument(path + ": not a TensorProto");
  return toHostTensor(proto);
}

double element(const runtime::HostTensor &t, int64_t i) {
  switch (t.dtype) {
  case runtime::DType::F32:
    return t.as<float>()[i];
  case runtime::DType::F64:
    return t.as<double>()[i];
  case runtime::DType::F16: {
    uint16_t h = t.as<uint16_t>()[i];
    int exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    double value = exponent == 0 ? std::ldexp(mantissa, -24)
                   : exponent == 31
                       ? (mantissa ? NAN : INFINITY)
                       : std::ldexp(mantissa + 1024, exponent - 25);
    return (h & 0x8000) ? -value : value;
  }
  case runtime::DType::I8:
    return t.as<int8_t>()[i];
  case runtime::DType::I16:
    return t.as<int16_t>()[i];
  case runtime::DType::I32:
    return t.as<int32_t>()[i];
  case runtime::DType::I64:
    return static_cast<double>(t.as<int64_t>()[i]);
  case runtime::DType::U8:
  case runtime::DType::Bool:
    return t.as<uint8_t>()[i];
  case runtime::DType::U16:
    return t.as<uint16_t>()[i];
  case runtime::DType::U32:
    return t.as<uint32_t>()[i];
  case runtime::DType::U64:
    return static_cast<double>(t.as<uint64_t>()[i]);
  }
  return 0;
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "," : "") + std::to_string(shape[i]);
  return text + "]";
}

/// Empty when `actual` matches `expected`; otherwise what differs.
std::string compare(const runtime::HostTensor &actual,
                    const runtime::HostTensor &expected, bool valuesToo) {
  if (actual.dtype != expected.dtype)
    return std::string("dtype ") + runtime::dtypeName(actual.dtype) +
           ", expected " + runtime::dtypeName(expected.dtype);
  if (actual.shape != expected.shape)
    return "shape " + shapeString(actual.shape) + ", expected " +
           shapeString(expected.shape);
  if (!valuesToo)
    return "";
  bool isFloat = actual.dtype == runtime::DType::F32 ||
                 actual.dtype == runtime::DType::F64 ||
                 actual.dtype == runtime::DType::F16;
  for (int64_t i = 0; i < expected.elementCount(); ++i) {
    double a = element(actual, i), e = element(expected, i);
    bool same =
        a == e || (isFloat &&
                   (std::isnan(e) ? std::isnan(a)
                                  : std::fabs(a - e) <=
                                        kAbsoluteTolerance +
                                            kRelativeTolerance * std::fabs(e)));
    if (!same) {
      char text[160];
      std::snprintf(text, sizeof(text), "element %lld is %.9g, expected %.9g",
                    static_cast<long long>(i), a, e);
      return text;
    }
  }
  return "";
}

struct Outcome {
  bool passed = false;
  std::string detail; // why it failed, or a note on a pass
};

/// Folds the integer graph inputs into initializers with their test
/// values; returns their names.
std::vector<std::string>
foldIntegerInputs(onnx::ModelProto &model,
                  const std::vector<TensorProto> &inputs) {
  std::vector<std::string> folded;
  auto *graph = model.mutable_graph();
  onnx::GraphProto kept;
  for (int i = 0; i < graph->input_size(); ++i) {
    const auto &input = graph->input(i);
    int32_t type = input.type().tensor_type().elem_type();
    if (i < static_cast<int>(inputs.size()) &&
        (type == TensorProto::INT64 || type == TensorProto::INT32)) {
      TensorProto *initializer = graph->add_initializer();
      *initializer = inputs[i];
      initializer->set_name(input.name());
      folded.push_back(input.name());
    } else {
      *kept.add_input() = input;
    }
  }
  graph->mutable_input()->Swap(kept.mutable_input());
  return folded;
}

Outcome runTest(const std::string &dir, const std::string &name) {
  onnx::ModelProto model;
  std::string modelPath = dir + "/model.onnx";
  if (!readProto(modelPath, model))
    return {false, "cannot read " + modelPath};
  // Sequence and optional values have their own protos, which kiln's
  // import rejects with the reason; do not read them as tensors.
  for (const auto *values : {&model.graph().input(), &model.graph().output()})
    for (const auto &value : *values)
      if (!value.type().has_tensor_type())
        return {false, "'" + value.name() +
                           "' is not a tensor: kiln imports "
                           "tensors only, not sequences, maps or optionals"};
  std::string data = dir + "/test_data_set_0";
  std::vector<TensorProto> inputProtos;
  for (int i = 0;; ++i) {
    std::string path = data + "/input_" + std::to_string(i) + ".pb";
    if (!llvm::sys::fs::exists(path))
      break;
    TensorProto proto;
    if (!readProto(path, proto))
      return {false, path + " is not a TensorProto (sequence and optional "
                            "inputs are not supported)"};
    inputProtos.push_back(proto);
  }
  std::vector<runtime::HostTensor> expected;
  for (int i = 0;; ++i) {
    std::string path = data + "/output_" + std::to_string(i) + ".pb";
    if (!llvm::sys::fs::exists(path))
      break;
    StatusOr<runtime::HostTensor> tensor = readTensor(path);
    if (!tensor.ok())
      return {false, "expected output " + std::to_string(i) + ": " +
                         tensor.status().message()};
    expected.push_back(std::move(*tensor));
  }

  std::vector<std::string> folded;
  for (int attempt = 0; attempt < 2; ++attempt) {
    onnx::ModelProto candidate = model;
    if (attempt == 1)
      folded = foldIntegerInputs(candidate, inputProtos);
    std::vector<NamedTensor> feeds;
    for (size_t i = 0; i < inputProtos.size(); ++i) {
      const std::string &inputName = model.graph().input(i).name();
      if (std::find(folded.begin(), folded.end(), inputName) != folded.end())
        continue;
      StatusOr<runtime::HostTensor> tensor = toHostTensor(inputProtos[i]);
      if (!tensor.ok())
        return {false, "input " + std::to_string(i) + ": " +
                           tensor.status().message()};
      feeds.push_back({inputName, std::move(*tensor)});
    }
    std::string bytes;
    candidate.SerializeToString(&bytes);
    auto buffer = llvm::MemoryBuffer::getMemBufferCopy(bytes, modelPath);
    mlir::MLIRContext ctx;
    ImportOptions options;
    for (const NamedTensor &feed : feeds) {
      options.feeds.push_back(feed.name);
      options.feedShapes[feed.name] = feed.tensor.shape;
    }
    auto module = importModelBuffer(*buffer, options, ctx);
    if (!module.ok()) {
      if (attempt == 0 && module.status().message().find(
                              "known at compile time") != std::string::npos)
        continue;
      return {false, module.status().message()};
    }
    if (Status status = specializeToFeeds(**module, feeds); !status.ok())
      return {false, status.message()};
    auto executable = compileModel(**module);
    if (!executable.ok())
      return {false, executable.status().message()};
    std::vector<runtime::HostTensor> outputs;
    if (Status status = runModel(**executable, feeds, outputs); !status.ok())
      return {false, status.message()};
    if (outputs.size() != expected.size())
      return {false, std::to_string(outputs.size()) + " outputs, expected " +
                         std::to_string(expected.size())};
    bool random = name.find("training_dropout") != std::string::npos &&
                  name.find("zero_ratio") == std::string::npos;
    for (size_t i = 0; i < outputs.size(); ++i) {
      std::string difference = compare(outputs[i], expected[i], !random);
      if (!difference.empty())
        return {false, "output " + std::to_string(i) + ": " + difference};
    }
    std::string note;
    if (!folded.empty()) {
      note = "inputs known at compile time:";
      for (const std::string &input : folded)
        note += " " + input;
    }
    if (random)
      note += std::string(note.empty() ? "" : "; ") +
              "random output: dtypes and shapes checked";
    return {true, note};
  }
  return {false, "unreachable"};
}

std::string firstLine(const std::string &text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.size() > 300 ? line.substr(0, 300) + "..." : line;
}

} // namespace

int main(int argc, char **argv) {
  std::string root, expectPath, only;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--expect" && i + 1 < argc)
      expectPath = argv[++i];
    else if (arg == "--only" && i + 1 < argc)
      only = argv[++i];
    else if (arg == "--help" || arg == "-h") {
      std::printf("usage: kiln-onnx-conformance DIR [--expect FILE] "
                  "[--only TEST]\n");
      return 0;
    } else if (root.empty())
      root = arg;
    else {
      std::fprintf(stderr, "kiln-onnx-conformance: unexpected argument '%s'\n",
                   arg.c_str());
      return 2;
    }
  }
  if (root.empty()) {
    std::fprintf(stderr, "usage: kiln-onnx-conformance DIR [--expect FILE]\n");
    return 2;
  }
  std::map<std::string, std::string> expectedFailures;
  if (!expectPath.empty()) {
    std::ifstream in(expectPath);
    if (!in) {
      std::fprintf(stderr, "kiln-onnx-conformance: cannot read %s\n",
                   expectPath.c_str());
      return 2;
    }
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#')
        continue;
      size_t tab = line.find('\t');
      expectedFailures[line.substr(0, tab)] =
          tab == std::string::npos ? "" : line.substr(tab + 1);
    }
  }
  std::set<std::string> tests;
  std::error_code error;
  for (llvm::sys::fs::directory_iterator it(root, error), end;
       it != end && !error; it.increment(error)) {
    std::string name = llvm::sys::path::filename(it->path()).str();
    if (llvm::sys::fs::exists(it->path() + "/model.onnx") &&
        (only.empty() || name == only))
      tests.insert(name);
  }
  if (error || tests.empty()) {
    std::fprintf(stderr, "kiln-onnx-conformance: no tests under %s\n",
                 root.c_str());
    return 2;
  }
  int passed = 0, expectedFailed = 0, unexpected = 0;
  for (const std::string &name : tests) {
    Outcome outcome = runTest(root + "/" + name, name);
    auto listed = expectedFailures.find(name);
    bool isListed = listed != expectedFailures.end();
    if (outcome.passed && !isListed) {
      ++passed;
      std::printf(
          "PASS %s%s\n", name.c_str(),
          outcome.detail.empty() ? "" : (" (" + outcome.detail + ")").c_str());
    } else if (outcome.passed) {
      ++unexpected;
      std::printf("XPASS %s: passes but is listed as failing (%s)\n",
                  name.c_str(), listed->second.c_str());
    } else if (isListed) {
      ++expectedFailed;
      std::printf("XFAIL %s: %s [%s]\n", name.c_str(), listed->second.c_str(),
                  firstLine(outcome.detail).c_str());
    } else {
      ++unexpected;
      std::printf("FAIL %s: %s\n", name.c_str(),
                  firstLine(outcome.detail).c_str());
    }
    std::fflush(stdout);
  }
  std::printf("onnx-node: %zu tests, %d passed, %d expected failures, %d "
              "unexpected\n",
              tests.size(), passed, expectedFailed, unexpected);
  return unexpected == 0 ? 0 : 1;
}
