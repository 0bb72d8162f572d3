#ifndef KILN_DIALECT_KILN_IR_KILNINTERFACES_TD
#define KILN_DIALECT_KILN_IR_KILNINTERFACES_TD

include "mlir/IR/OpBase.td"

def Kiln_InferResultTypesOpInterface
    : OpInterface<"InferResultTypesOpInterface"> {
  let cppNamespace = "::kiln";
  let description = [{
    An op whose result types follow from its operand types and attributes
    by the rules in KilnTypeInference.h. The declared result types may be
    less static than the inferred ones (a dynamic dimension stays legal);
    kiln-infer-shapes uses this interface to refine them.

    Kiln uses this instead of upstream InferTypeOpInterface because that
    interface's verifier adds a second, generic error ("failed to infer
    returned types") to every precise shape diagnostic, and because some
    kiln results (argmax's index type, cast's dtype) are not functions of
    the operands alone.
  }];
  let methods = [
    InterfaceMethod<[{
        Appends the result types implied by the current operands and
        attributes to `types`. Reports a violated rule at `loc` when a
        location is given and fails; stays silent without one.
      }],
      "::llvm::LogicalResult", "inferResultTypes",
      (ins "std::optional<::mlir::Location>":$loc,
           "::llvm::SmallVectorImpl<::mlir::Type> &":$types)>,
  ];
  let verify = [{
    return ::kiln::detail::verifyInferredResultTypes($_op);
  }];
}

def Kiln_InferResultTypes
    : DeclareOpInterfaceMethods<Kiln_InferResultTypesOpInterface>;

#endif // KILN_DIALECT_KILN_IR_KILNINTERFACES_TD
