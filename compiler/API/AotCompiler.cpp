//===- AotCompiler.cpp - kiln-compile as a library ------------------------===//

#include "compiler/API/AotCompiler.h"

#include "compiler/API/Compiler.h"
#include "compiler/API/ModelRunner.h"
#include "compiler/Target/CHeader.h"
#include "dialects/Kiln/IR/KilnDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cctype>

using namespace mlir;

namespace kiln {

namespace {

bool parseDType(llvm::StringRef name, runtime::DType &dtype) {
  using runtime::DType;
  static const std::pair<const char *, DType> names[] = {
      {"f16", DType::F16}, {"f32", DType::F32}, {"f64", DType::F64},
      {"i8", DType::I8},   {"i16", DType::I16}, {"i32", DType::I32},
      {"i64", DType::I64}, {"u8", DType::U8},   {"bool", DType::Bool},
      {"u16", DType::U16}, {"u32", DType::U32}, {"u64", DType::U64}};
  for (const auto &[text, value] : names)
    if (name == text) {
      dtype = value;
      return true;
    }
  return false;
}

/// Writes `text` to `path` through a temporary file renamed into place.
Status writeFile(const std::string &path, llvm::StringRef text) {
  if (path == "-") {
    llvm::outs() << text;
    return Status();
  }
  std::string temp = path + ".tmp";
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(temp, ec);
    if (ec)
      return invalidArgument(path + ": " + ec.message());
    os << text;
  }
  if (std::error_code ec = llvm::sys::fs::rename(temp, path))
    return invalidArgument(path + ": " + ec.message());
  return Status();
}

std::string printed(ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  return text;
}

std::string defaultName(const std::string &output) {
  std::string stem = llvm::sys::path::stem(output).str();
  std::string name;
  for (char c : stem)
    name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    name = "step_" + name;
  return name;
}

} // namespace

StatusOr<TensorSignature> parseFeedSpec(const std::string &text) {
  TensorSignature feed;
  llvm::StringRef spec(text);
  size_t colon = spec.rfind(':');
  size_t open = spec.find('[');
  if (colon == llvm::StringRef::npos || open == llvm::StringRef::npos ||
      open < colon || !spec.ends_with("]"))
    return invalidArgument("--feed expects NAME:DTYPE[D0,D1,...], got '" +
                           text + "'");
  feed.name = spec.take_front(colon).str();
  llvm::StringRef dtype = spec.slice(colon + 1, open);
  if (!parseDType(dtype, feed.dtype))
    return invalidArgument(
        "--feed '" + text + "': unknown dtype '" + dtype.str() +
        "' (f16 f32 f64 i8 i16 i32 i64 u8 u16 u32 u64 bool)");
  llvm::StringRef dims = spec.slice(open + 1, spec.size() - 1);
  while (!dims.empty()) {
    auto [dim, rest] = dims.split(',');
    int64_t size;
    if (dim.trim().getAsInteger(10, size) || size < 0)
      return invalidArgument("--feed '" + text + "': bad dimension '" +
                             dim.str() + "'");
    feed.shape.push_back(size);
    dims = rest;
  }
  return feed;
}

Status compileAot(const AotOptions &options) {
  MLIRContext ctx;
  std::vector<std::string> feedNames;
  std::vector<NamedTensor> feedShapes;
  // Frontends fold shape computations on the feeds (gradient graphs are
  // full of them) once they know the feeds' concrete shapes.
  std::map<std::string, std::vector<int64_t>> importShapes;
  for (const TensorSignature &feed : options.feeds) {
    feedNames.push_back(feed.name);
    runtime::HostTensor shapeOnly{feed.dtype, feed.shape, {}};
    feedShapes.push_back({feed.name, shapeOnly});
    importShapes[feed.name] = feed.shape;
  }
  StatusOr<OwningOpRef<ModuleOp>> loaded = loadModel(
      options.modelPath, feedNames, options.fetches, ctx, importShapes);
  if (!loaded.ok())
    return loaded.status();
  OwningOpRef<ModuleOp> module = std::move(*loaded);
  KILN_RETURN_IF_ERROR(specializeToFeeds(*module, feedShapes));

  std::string name =
      options.name.empty() ? defaultName(options.output) : options.name;
  // NAME_run, NAME_info and NAME.h's macros must be C identifiers.
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) ||
      !llvm::all_of(name, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
      }))
    return invalidArgument("--name '" + name +
                           "' is not a C identifier (letters, digits and '_', "
                           "not starting with a digit)");
  StepRequest request;
  request.entry = entryFunctionName(*module);
  request.fetchNames = options.fetches;
  request.stepSymbol = name + "_run";
  request.stopAfter = options.emit == EmitKind::Kiln   ? CompileStage::Fused
                      : options.emit == EmitKind::Mlir ? CompileStage::Lowered
                                                       : CompileStage::LLVM;
  CompiledStep step;
  KILN_RETURN_IF_ERROR(compileStep(*module, request, options.compile, step));
  if (request.stopAfter != CompileStage::LLVM)
    return writeFile(options.output, printed(*module));
  if (options.reportArena)
    (options.output == "-" ? llvm::errs() : llvm::outs())
        << describeArena(step) << "\n";

  ArtifactKind artifact = options.emit == EmitKind::Llvm  ? ArtifactKind::LLVMIR
                          : options.emit == EmitKind::Asm ? ArtifactKind::Assembly
                                                          : ArtifactKind::Object;
  llvm::SmallVector<char> bytes;
  KILN_RETURN_IF_ERROR(step.target->emitArtifact(*module, artifact, bytes));
  llvm::StringRef data(bytes.data(), bytes.size());
  if (options.emit == EmitKind::Llvm || options.emit == EmitKind::Asm)
    return writeFile(options.output, data);

  if (options.output == "-")
    return invalidArgument("-o OUT is required for --emit=obj and --emit=so");
  std::string object = options.output + ".o";
  KILN_RETURN_IF_ERROR(writeFile(object, data));
  KILN_RETURN_IF_ERROR(
      writeFile(options.output + ".h",
                generateCHeader(name, step.inputs, step.outputs,
                                step.arenaBytes, kArenaAlignment)));
  if (options.emit == EmitKind::Obj)
    return Status();
  auto linker = llvm::sys::findProgramByName("cc");
  if (!linker)
    return Status(StatusCode::FailedPrecondition,
                  "--emit=so needs a C compiler driver 'cc' on PATH");
  // The library describes its own step (kiln/runtime/library.h), from the
  // header just written, so a loader needs nothing but its path.
  std::string describe = options.output + ".describe.c";
  std::string headerDir = llvm::sys::path::parent_path(options.output).str();
  std::string headerName = llvm::sys::path::filename(options.output).str() + ".h";
  KILN_RETURN_IF_ERROR(writeFile(
      describe, "#include \"" + headerName +
                    "\"\n"
                    "#include \"kiln/runtime/library.h\"\n"
                    "kiln_step_info_t kiln_step_info(void) { return " +
                    name + "_info(); }\n"));
  std::string includeHeader = "-I" + (headerDir.empty() ? "." : headerDir);
  std::string includeRuntime = "-I" + options.runtimeIncludeDir;
  std::string library = options.output + ".so";
  llvm::SmallVector<llvm::StringRef> args = {*linker,        "-shared",
                                             "-fPIC",        "-std=c11",
                                             includeHeader,  includeRuntime,
                                             "-o",           library,
                                             object,         describe};
  for (const std::string &runtimeLibrary : options.runtimeLibraries)
    args.push_back(runtimeLibrary);
  // The runtime libraries are C++ and run on threads.
  for (llvm::StringRef system : {"-lstdc++", "-lpthread", "-lm"})
    args.push_back(system);
  std::string message;
  bool linked = llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0,
                                          0, &message) == 0;
  llvm::sys::fs::remove(describe);
  if (!linked)
    return internalError("linking " + library + " failed" +
                         (message.empty() ? "" : ": " + message));
  llvm::sys::fs::remove(object);
  return Status();
}

} // namespace kiln
