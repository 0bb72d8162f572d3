//===- AotCompiler.h - kiln-compile as a library ----------------*- C++ -*-===//
//
// Ahead-of-time compilation of one step: model file + feed shapes + fetches
// in; the stage the user asks for out (kiln IR after import cleanup, linalg
// after lowering, LLVM IR, assembly, an object file or a shared library,
// the last two with a self-describing C header).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_AOTCOMPILER_H
#define KILN_COMPILER_API_AOTCOMPILER_H

#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/StepSignature.h"
#include "kiln/runtime/status_cc.h"

#include <string>
#include <vector>

namespace kiln {

enum class EmitKind { Kiln, Mlir, Llvm, Asm, Obj, So };

struct AotOptions {
  std::string modelPath;
  /// Feeds with the dtype and static shape to compile for.
  std::vector<TensorSignature> feeds;
  std::vector<std::string> fetches;
  /// -o: OUT for obj/so (writes OUT.o or OUT.so and OUT.h); a file or "-"
  /// (stdout) for the single-file stages.
  std::string output = "-";
  EmitKind emit = EmitKind::Obj;
  /// C symbol prefix: NAME_run, NAME_info. Defaults to the output's stem.
  std::string name;
  /// Static libraries linked into --emit=so: the runtime core and the CPU
  /// kernels steps may call.
  std::vector<std::string> runtimeLibraries;
  /// Where kiln/runtime/*.h live, for the step description --emit=so
  /// compiles into the library.
  std::string runtimeIncludeDir;
  /// The target (and its chip) among them.
  CompileOptions compile;
  /// Print "arena: N bytes (lower bound M bytes)" (stdout, or stderr when
  /// the artifact goes to stdout), as kiln-compile does.
  bool reportArena = true;
};

/// Parses "NAME:DTYPE[D0,D1,...]" (DTYPE one of f16 f32 f64 i8 i16 i32 i64
/// u8 bool; "[]" for a scalar).
StatusOr<TensorSignature> parseFeedSpec(const std::string &text);

/// Runs the compilation.
Status compileAot(const AotOptions &options);

} // namespace kiln

#endif // KILN_COMPILER_API_AOTCOMPILER_H
