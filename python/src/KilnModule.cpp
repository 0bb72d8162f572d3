//===- KilnModule.cpp - the _kiln extension behind the `kiln` package -----===//
//
// Thin: the Python package (python/kiln/__init__.py) turns models, feed
// dicts and dtypes into what these functions take. Feeds arrive as
// C-contiguous NumPy arrays that the JIT step reads in place; outputs
// leave as arrays that own the session's result buffers (no copies either
// way). Every kiln error is raised as kiln.Error with kiln's message.
//
//===----------------------------------------------------------------------===//

#include "compiler/API/AotCompiler.h"
#include "compiler/API/Registration.h"
#include "compiler/API/Session.h"
#include "compiler/Target/Target.h"
#include "compiler/Target/TargetRegistry.h"
#include "tools/Version.h"

#include "llvm/Support/MemoryBuffer.h"

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <stdexcept>

namespace nb = nanobind;
using namespace nb::literals;

namespace {

struct KilnError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void check(const kiln::Status &status) {
  if (!status.ok())
    throw KilnError(status.message());
}

using Array = nb::ndarray<nb::c_contig, nb::device::cpu, nb::ro>;

/// kiln's dtypes and their DLPack codes and widths, both ways.
struct DTypeCode {
  kiln::runtime::DType dtype;
  nb::dlpack::dtype_code code;
  uint8_t bits;
};
constexpr DTypeCode kDTypeCodes[] = {
    {kiln::runtime::DType::F16, nb::dlpack::dtype_code::Float, 16},
    {kiln::runtime::DType::F32, nb::dlpack::dtype_code::Float, 32},
    {kiln::runtime::DType::F64, nb::dlpack::dtype_code::Float, 64},
    {kiln::runtime::DType::I8, nb::dlpack::dtype_code::Int, 8},
    {kiln::runtime::DType::I16, nb::dlpack::dtype_code::Int, 16},
    {kiln::runtime::DType::I32, nb::dlpack::dtype_code::Int, 32},
    {kiln::runtime::DType::I64, nb::dlpack::dtype_code::Int, 64},
    {kiln::runtime::DType::U8, nb::dlpack::dtype_code::UInt, 8},
    {kiln::runtime::DType::U16, nb::dlpack::dtype_code::UInt, 16},
    {kiln::runtime::DType::U32, nb::dlpack::dtype_code::UInt, 32},
    {kiln::runtime::DType::U64, nb::dlpack::dtype_code::UInt, 64},
    {kiln::runtime::DType::Bool, nb::dlpack::dtype_code::Bool, 8},
};

kiln::runtime::DType runtimeDType(const nb::dlpack::dtype &dtype) {
  for (const DTypeCode &entry : kDTypeCodes)
    if (dtype.lanes == 1 && dtype.code == uint8_t(entry.code) &&
        dtype.bits == entry.bits)
      return entry.dtype;
  throw nb::type_error(
      "kiln feeds are float16/32/64, int8/16/32/64, uint8 or bool arrays");
}

nb::dlpack::dtype dlpackDType(kiln::runtime::DType dtype) {
  for (const DTypeCode &entry : kDTypeCodes)
    if (entry.dtype == dtype) {
      nb::dlpack::dtype result;
      result.code = uint8_t(entry.code);
      result.bits = entry.bits;
      result.lanes = 1;
      return result;
    }
  throw KilnError("unknown kiln dtype");
}

/// A NumPy array that owns `tensor`'s bytes.
nb::object toNumpy(kiln::runtime::HostTensor tensor) {
  auto *owner = new kiln::runtime::HostTensor(std::move(tensor));
  nb::capsule deleter(owner, [](void *p) noexcept {
    delete static_cast<kiln::runtime::HostTensor *>(p);
  });
  std::vector<size_t> shape(owner->shape.begin(), owner->shape.end());
  return nb::cast(nb::ndarray<nb::numpy>(owner->data.data(), shape.size(),
                                         shape.data(), deleter, nullptr,
                                         dlpackDType(owner->dtype)));
}

class PySession {
public:
  explicit PySession(std::unique_ptr<kiln::Session> session)
      : session_(std::move(session)) {}

  static PySession fromPath(const std::string &path) {
    kiln::StatusOr<std::unique_ptr<kiln::Session>> session =
        kiln::Session::open(path);
    check(session.status());
    return PySession(std::move(*session));
  }

  static PySession fromBytes(nb::bytes model, const std::string &name) {
    return PySession(
        std::make_unique<kiln::Session>(llvm::MemoryBuffer::getMemBufferCopy(
            llvm::StringRef(model.c_str(), model.size()), name)));
  }

  std::vector<nb::object>
  run(const std::vector<std::string> &fetches,
      const std::vector<std::pair<std::string, Array>> &feeds) {
    std::vector<kiln::TensorView> views;
    for (const auto &[name, array] : feeds) {
      std::vector<int64_t> shape(array.shape_ptr(),
                                 array.shape_ptr() + array.ndim());
      views.push_back(
          {name, runtimeDType(array.dtype()), std::move(shape), array.data()});
    }
    std::vector<kiln::runtime::HostTensor> outputs;
    kiln::Status status;
    {
      nb::gil_scoped_release release;
      status = session_->runViews(views, fetches, outputs);
    }
    check(status);
    std::vector<nb::object> arrays;
    for (kiln::runtime::HostTensor &output : outputs)
      arrays.push_back(toNumpy(std::move(output)));
    return arrays;
  }

  void restore(const std::string &path) { check(session_->restore(path)); }
  void save(const std::string &prefix) { check(session_->save(prefix)); }

  std::optional<nb::object> variable(const std::string &name) const {
    const kiln::runtime::HostTensor *value = session_->variable(name);
    if (!value)
      return std::nullopt;
    return toNumpy(*value);
  }

  size_t compiledSignatures() const { return session_->compiledSignatures(); }

private:
  std::unique_ptr<kiln::Session> session_;
};

kiln::EmitKind emitKind(const std::string &emit) {
  static const std::pair<const char *, kiln::EmitKind> kinds[] = {
      {"kiln", kiln::EmitKind::Kiln}, {"mlir", kiln::EmitKind::Mlir},
      {"llvm", kiln::EmitKind::Llvm}, {"asm", kiln::EmitKind::Asm},
      {"obj", kiln::EmitKind::Obj},   {"so", kiln::EmitKind::So}};
  for (const auto &[name, kind] : kinds)
    if (emit == name)
      return kind;
  throw nb::value_error("emit must be kiln, mlir, llvm, asm, obj or so");
}

void compile(const std::string &modelPath,
             const std::vector<std::string> &feedSpecs,
             const std::vector<std::string> &fetches, const std::string &output,
             const std::string &emit, const std::string &name,
             const std::string &target) {
  kiln::AotOptions options;
  options.modelPath = modelPath;
  for (const std::string &spec : feedSpecs) {
    kiln::StatusOr<kiln::TensorSignature> feed = kiln::parseFeedSpec(spec);
    check(feed.status());
    options.feeds.push_back(*feed);
  }
  options.fetches = fetches;
  options.output = output;
  options.emit = emitKind(emit);
  options.name = name;
  options.runtimeLibraries = {KILN_RUNTIME_LIBRARY, KILN_CPU_KERNELS_LIBRARY};
  options.runtimeIncludeDir = KILN_RUNTIME_INCLUDE_DIR;
  std::optional<kiln::TargetSpec> spec = kiln::TargetSpec::parse(target);
  if (!spec)
    throw nb::value_error(
        ("target expects NAME[:CHIP], got '" + target + "'").c_str());
  options.compile.target = *spec;
  options.reportArena = false;
  kiln::Status status;
  {
    nb::gil_scoped_release release;
    status = kiln::compileAot(options);
  }
  check(status);
}

} // namespace

NB_MODULE(_kiln, m) {
  kiln::registerAllKilnTargets();
  m.attr("__version__") = KILN_VERSION;
  m.attr("llvm_version") = KILN_LLVM_VERSION;
  m.attr("default_target") = kiln::kDefaultTargetName;
  nb::exception<KilnError>(m, "Error", PyExc_RuntimeError);

  nb::class_<PySession>(m, "_Session")
      .def_static("from_path", &PySession::fromPath, "path"_a)
      .def_static("from_bytes", &PySession::fromBytes, "model"_a, "name"_a)
      .def("run", &PySession::run, "fetches"_a, "feeds"_a)
      .def("restore", &PySession::restore, "path"_a)
      .def("save", &PySession::save, "prefix"_a)
      .def("variable", &PySession::variable, "name"_a)
      .def_prop_ro("compiled_signatures", &PySession::compiledSignatures);

  m.def("_compile", &compile, "model_path"_a, "feeds"_a, "fetches"_a,
        "output"_a, "emit"_a, "name"_a, "target"_a);
}
