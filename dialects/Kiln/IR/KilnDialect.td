#ifndef KILN_DIALECT_KILN_IR_KILNDIALECT_TD
#define KILN_DIALECT_KILN_IR_KILNDIALECT_TD

include "mlir/IR/OpBase.td"

def Kiln_Dialect : Dialect {
  let name = "kiln";
  let cppNamespace = "::kiln";
  let summary = "TensorFlow-level tensor operations, fused ops and variables";
  let description = [{
    The `kiln` dialect holds one training or inference step of a TensorFlow
    style graph: element-wise arithmetic with NumPy broadcasting, matmul and
    convolution, pooling, softmax and cross-entropy, reductions, shape
    manipulation, seeded random number generators and module-level variables.

    Every op works on ranked tensors. Shapes are static after import; a
    dimension may be dynamic (`?`) so that a batch dimension can be left open
    until a feed fixes it, and `kiln-infer-shapes` propagates the refinement.
    The shape and element-type rules live in `KilnTypeInference.cpp` and are
    shared by verifiers, builders and frontends.

    Element types follow TensorFlow's dtypes: `f16`, `bf16`, `f32`, `f64`;
    signless `i8`, `i16`, `i32`, `i64` for TensorFlow's signed integers;
    `ui8` for `uint8`; and `i1` for `bool`.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;

  // The attributes kiln puts on step functions and their arguments,
  // declared once here: every pass, frontend and driver reads and writes
  // them through the generated helpers or the accessors in KilnDialect.h,
  // and the dialect verifies where they may appear and their types.
  //   feed              (argument) the name of the feed the argument receives
  //   variable          (argument) the variable whose buffer it is
  //   variable_read     (argument) the step reads the variable's old value
  //   arena_bytes       (function) the planned working memory
  //   arena_lower_bound (function) bytes no memory plan can do without
  //   arena_slot        (argument) a block of the caller's arena, at this
  //                     byte offset, holding some of the temporaries
  //   kernel            (function) a #kiln.kernel: the function is one
  //                     fused kernel (KilnAttrs.td)
  //   contraction       (linalg op) a #kiln.contraction: the op is the
  //                     product of a matmul or convolution (KilnAttrs.td)
  let discardableAttrs = (ins
    "::mlir::StringAttr":$feed,
    "::mlir::StringAttr":$variable,
    "::mlir::UnitAttr":$variable_read,
    "::mlir::IntegerAttr":$arena_bytes,
    "::mlir::IntegerAttr":$arena_lower_bound,
    "::mlir::IntegerAttr":$arena_slot,
    "::mlir::Attribute":$kernel,
    "::mlir::Attribute":$contraction
  );
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
}

class Kiln_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kiln_Dialect, mnemonic, traits>;

#endif // KILN_DIALECT_KILN_IR_KILNDIALECT_TD
