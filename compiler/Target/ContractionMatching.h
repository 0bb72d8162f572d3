//===- ContractionMatching.h - a kernel's product and epilogue -*- C++ -*-===//
//
// What every target's library calls (the CPU kernel library, cuBLASLt)
// match in a bufferized kernel function: the one product the lowering
// tagged #kiln.contraction, the zero fill it starts from, and the
// element-wise epilogue (bias, residual, relu) the kernel's kind says a
// call may take over. A target rewrites the site into its own call; the
// rules about which buffers may alias are the same for all of them, since
// a fused call writes its output while it still reads its inputs.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_CONTRACTIONMATCHING_H
#define KILN_COMPILER_TARGET_CONTRACTIONMATCHING_H

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

#include <optional>

namespace kiln {

/// The product of a kernel's matmul or convolution, as the lowering tagged
/// it, with the multiply-adds it does.
struct Contraction {
  mlir::linalg::GenericOp op;
  ContractionAttr what;
  int64_t multiplyAdds = 0;
};

/// The one tagged contraction in `kernel`'s body, when its body is
/// acc + a * b and its buffers are static f32 or f64 memrefs of one type
/// and the rank its kind has.
std::optional<Contraction> findContraction(mlir::func::FuncOp kernel);

/// What follows the product inside a library call, as the kernel's kind
/// says: `<contraction>`, `<contraction>_bias`, `<contraction>_relu`,
/// `<contraction>_bias_relu`, and for a convolution `conv2d_bias_add` and
/// `conv2d_bias_add_relu` (a residual added after the bias). Nullopt for
/// other kinds (another activation, a gradient kernel), whose calls do the
/// product alone.
struct EpilogueKind {
  bool bias = false, residual = false, relu = false;
  bool any() const { return bias || residual || relu; }
};
std::optional<EpilogueKind> epilogueKind(llvm::StringRef kernelKind,
                                         ContractionAttr what);

/// The element-wise op computing a kernel's epilogue, and what it adds.
struct Epilogue {
  mlir::linalg::GenericOp op;
  mlir::Value bias;     // null when the epilogue adds none
  mlir::Value residual; // likewise
};

/// A contraction a library call can replace: the fill that zeroes its
/// product, and the epilogue the call may take over (none when the kernel
/// has none, or when the call could not take it: the epilogue's output
/// shares bytes with what the call reads, or something else reads the
/// bare product). `out` is what the call writes.
struct ContractionSite {
  mlir::linalg::FillOp fill;
  std::optional<Epilogue> epilogue;
  mlir::Value out;
};

/// The site of `contraction` in its kernel, whose one call (null if it has
/// none or several) is `call`; nullopt when no zero fill precedes the
/// product.
std::optional<ContractionSite>
matchContractionSite(const Contraction &contraction, EpilogueKind kind,
                     mlir::func::CallOp call);

/// Erases what a library call replaced: the epilogue, the product, its
/// fill, and the product's allocation when nothing else uses it.
void eraseContractionSite(Contraction contraction, ContractionSite site);

/// What the kernel's (single) call passes for `value` when it is an
/// argument of the kernel; `value` itself otherwise.
mlir::Value atCall(mlir::Value value, mlir::func::CallOp call);

/// The allocation, global or step argument a kernel's buffer is a view
/// of, seen from the kernel's call.
mlir::Value rootBuffer(mlir::Value buffer, mlir::func::CallOp call);

/// A convolution input that is another buffer zero-padded: an allocation
/// filled with zeros, the other buffer copied into its interior, read by
/// nothing but the convolution. A library call can read the other buffer
/// and take what lies outside it as zeros, which saves both passes over
/// the padded one.
struct PaddedInput {
  mlir::Value source;
  int64_t top = 0, left = 0;
  mlir::memref::AllocOp alloc;
  mlir::Operation *fill = nullptr;
  mlir::memref::CopyOp copy;
};

/// `input` of `conv` as a padded copy of another buffer, when it is one
/// and nothing writes that buffer between the copy and `conv`.
std::optional<PaddedInput> findPaddedInput(mlir::Value input,
                                           mlir::Operation *conv);

/// Erases a padded input's allocation, zero fill, copy and deallocations,
/// once nothing reads it.
void erasePaddedInput(PaddedInput padded);

/// Whether `value` is a floating-point zero constant.
bool isZero(mlir::Value value);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_CONTRACTIONMATCHING_H
