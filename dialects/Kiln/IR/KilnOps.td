#ifndef KILN_DIALECT_KILN_IR_KILNOPS_TD
#define KILN_DIALECT_KILN_IR_KILNOPS_TD

// The op set is split by family; each file is self-contained ODS and this
// file only gathers them so that one tablegen run produces all op classes.
include "dialects/Kiln/IR/KilnBase.td"
include "dialects/Kiln/IR/KilnElementwiseOps.td"
include "dialects/Kiln/IR/KilnNNOps.td"
include "dialects/Kiln/IR/KilnReductionOps.td"
include "dialects/Kiln/IR/KilnShapeOps.td"
include "dialects/Kiln/IR/KilnStateOps.td"
include "dialects/Kiln/IR/KilnFusionOps.td"
include "dialects/Kiln/IR/KilnAutodiffOps.td"
include "dialects/Kiln/IR/KilnWindowGradientOps.td"
include "dialects/Kiln/IR/KilnCheckOps.td"
include "dialects/Kiln/IR/KilnIndexingOps.td"

#endif // KILN_DIALECT_KILN_IR_KILNOPS_TD
