//===- main.cpp - kiln-compile: ahead-of-time compilation of a step -------===//

#include "compiler/API/AotCompiler.h"
#include "compiler/API/Registration.h"
#include "compiler/Target/TargetRegistry.h"
#include "tools/CompilerToolSetup.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;
using namespace kiln;

// --help lists these only, not the LLVM options linked in with them
// (those still parse, e.g. --x86-asm-syntax=intel).
static cl::OptionCategory compileOptions("kiln-compile options");

static cl::opt<std::string> model(cl::Positional,
                                  cl::desc("MODEL (.pb, .pbtxt or .mlir)"),
                                  cl::cat(compileOptions));
// Help texts name the defaults the code uses.
static const std::string targetHelp =
    std::string("NAME[:CHIP] - the target to compile for (default ") +
    kDefaultTargetName + ": this machine's CPU); see --list-targets";
static cl::opt<std::string> target("target", cl::init(kDefaultTargetName),
                                   cl::desc(targetHelp),
                                   cl::cat(compileOptions));
static cl::opt<bool> listTargets("list-targets",
                                 cl::desc("print the targets and exit"),
                                 cl::cat(compileOptions));
static cl::list<std::string> feeds(
    "feed",
    cl::desc("NAME:DTYPE[D0,D1,...] - a feed and the shape to compile "
             "for; DTYPE is f16 f32 f64 i8 i16 i32 i64 u8 or bool"),
    cl::cat(compileOptions));
static cl::list<std::string> fetches("fetch", cl::desc("NAME - a fetch"),
                                     cl::cat(compileOptions));
static cl::opt<std::string> output("o", cl::init("-"),
                                   cl::desc("OUT: writes OUT.o/OUT.so and "
                                            "OUT.h, or the stage's file"),
                                   cl::cat(compileOptions));
static cl::opt<EmitKind> emit(
    "emit", cl::init(EmitKind::Obj), cl::desc("what to write"),
    cl::values(clEnumValN(EmitKind::Kiln, "kiln", "kiln IR after import cleanup"),
               clEnumValN(EmitKind::Mlir, "mlir", "linalg IR after lowering"),
               clEnumValN(EmitKind::Llvm, "llvm", "optimized LLVM IR"),
               clEnumValN(EmitKind::Asm, "asm", "assembly"),
               clEnumValN(EmitKind::Obj, "obj", "OUT.o and OUT.h (default)"),
               clEnumValN(EmitKind::So, "so", "OUT.so and OUT.h")),
    cl::cat(compileOptions));
static cl::opt<std::string> name("name",
                                 cl::desc("C symbol prefix (NAME_run); "
                                          "default: OUT's file name"),
                                 cl::cat(compileOptions));
static cl::opt<std::string> cpu("cpu",
                                cl::desc("CHIP of --target, e.g. "
                                         "skylake-avx512 for x86-64"),
                                cl::cat(compileOptions));
static cl::opt<std::string> features("target-features",
                                     cl::desc("extra LLVM features, e.g. "
                                              "+avx2,-avx512f"),
                                     cl::cat(compileOptions));

static cl::opt<bool> logPlacement("log-device-placement",
                                  cl::desc("print every op's device"),
                                  cl::cat(compileOptions));
static cl::opt<bool> noSoftPlacement(
    "no-soft-placement",
    cl::desc("fail on ops without a kernel on their requested device"),
    cl::cat(compileOptions));

/// What --emit=so links and includes: the files beside an installed
/// kiln-compile (PREFIX/bin/kiln-compile -> PREFIX/lib, PREFIX/include), or
/// the build tree's.
static void setRuntimeFiles(const char *argv0, AotOptions &options) {
  std::string executable = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&setRuntimeFiles));
  llvm::SmallString<256> prefix(
      llvm::sys::path::parent_path(llvm::sys::path::parent_path(executable)));
  llvm::SmallString<256> lib(prefix), include(prefix);
  llvm::sys::path::append(lib, KILN_INSTALL_LIBDIR);
  llvm::sys::path::append(include, KILN_INSTALL_INCLUDEDIR);
  llvm::SmallString<256> runtime(lib), kernels(lib);
  llvm::sys::path::append(runtime, "libKilnRuntime.a");
  llvm::sys::path::append(kernels, "libKilnCpuKernels.a");
  if (llvm::sys::fs::exists(runtime) && llvm::sys::fs::exists(kernels)) {
    options.runtimeLibraries = {std::string(runtime), std::string(kernels)};
    options.runtimeIncludeDir = std::string(include);
    return;
  }
  options.runtimeLibraries = {KILN_RUNTIME_LIBRARY, KILN_CPU_KERNELS_LIBRARY};
  options.runtimeIncludeDir = KILN_RUNTIME_INCLUDE_DIR;
}

int main(int argc, char **argv) {
  kiln::tools::setUpCompilerTool("kiln-compile");
  cl::HideUnrelatedOptions(compileOptions);
  cl::ParseCommandLineOptions(argc, argv,
                              "kiln-compile: compile a model's step ahead of "
                              "time into an object or shared library and a C "
                              "header\n");
  registerAllKilnTargets();
  if (listTargets) {
    for (const TargetRegistration *registration : registeredTargets())
      llvm::outs() << registration->name << "\t" << registration->description
                   << "\n";
    return 0;
  }
  if (model.empty()) {
    return kiln::tools::usageError("kiln-compile", "no MODEL given");
  }
  AotOptions options;
  options.modelPath = model;
  std::optional<TargetSpec> spec = TargetSpec::parse(target);
  if (!spec) {
    return kiln::tools::usageError(
        "kiln-compile", "--target expects NAME[:CHIP], got '" + target + "'");
  }
  if (!cpu.empty()) {
    if (!spec->chip.empty() && spec->chip != cpu) {
      return kiln::tools::usageError(
          "kiln-compile", "--cpu=" + cpu + " contradicts --target=" + target);
    }
    spec->chip = cpu;
  }
  spec->features = features;
  options.compile.target = *spec;
  for (const std::string &spec : feeds) {
    StatusOr<TensorSignature> feed = parseFeedSpec(spec);
    if (!feed.ok()) {
      llvm::errs() << "kiln-compile: " << feed.status().message() << "\n";
      return 1;
    }
    options.feeds.push_back(*feed);
  }
  options.fetches.assign(fetches.begin(), fetches.end());
  options.output = output;
  options.emit = emit;
  options.name = name;
  setRuntimeFiles(argv[0], options);
  options.compile.softPlacement = !noSoftPlacement;
  options.compile.logDevicePlacement = logPlacement;
  if (Status status = compileAot(options); !status.ok()) {
    llvm::errs() << "kiln-compile: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
