//===- FuseOps.cpp - group kiln ops into kiln.fusion kernels --------------===//
//
// Groups are grown forward from an anchor (matmul, conv2d, or any
// element-wise op) along single-use edges, then outlined into a
// kiln.fusion whose body holds clones of the grouped ops. A contraction's
// group is its bias, a convolution's residual add after the bias, and
// unary element-wise ops: kinds such as `conv2d_bias_add_relu` name them.
// Off the host's CPU, a reduction, softmax, pool or data movement is a
// kernel named after it, and a lone op is a kernel too: a GPU runs nothing
// but kernels.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

#define DEBUG_TYPE "kiln-fuse-ops"

namespace kiln {
#define GEN_PASS_DEF_FUSEOPSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

bool isUnaryElementwise(Operation *op) {
  return isa<ReluOp, NegOp, AbsOp, SquareOp, SigmoidOp, TanhOp, ExpOp, LogOp,
             SqrtOp, RsqrtOp, FloorOp, CeilOp, RoundOp, SignOp, SinOp, CosOp,
             CastOp>(op);
}

bool isElementwise(Operation *op) {
  return isUnaryElementwise(op) ||
         isa<AddOp, SubOp, MulOp, DivOp, MaximumOp, MinimumOp, PowOp, EqualOp,
             LessOp, GreaterOp, SelectOp, BiasAddOp>(op);
}

/// The only user of `op`'s single result, or null.
Operation *soleUser(Operation *op) {
  if (op->getNumResults() != 1 || !op->getResult(0).hasOneUse())
    return nullptr;
  Operation *user = *op->getResult(0).getUsers().begin();
  // A kernel runs on one device: ops placed apart stay apart.
  return user->getBlock() == op->getBlock() &&
                 getPlacedDevice(user) == getPlacedDevice(op)
             ? user
             : nullptr;
}

/// A bias for a matmul or conv result: bias_add, or an add of a rank-1
/// tensor along the innermost dimension that keeps the result's type.
bool isBiasOf(Operation *user, Value value) {
  if (auto biasAdd = dyn_cast<BiasAddOp>(user))
    return biasAdd.getValue() == value;
  auto add = dyn_cast<AddOp>(user);
  if (!add || add.getType() != value.getType())
    return false;
  Value other = add.getLhs() == value ? add.getRhs() : add.getLhs();
  return cast<RankedTensorType>(other.getType()).getRank() == 1;
}

/// A residual connection after a biased convolution: an add of a second
/// tensor of the result's type (a ResNet block's shortcut).
bool isResidualOf(Operation *user, Value value) {
  auto add = dyn_cast<AddOp>(user);
  return add && add.getType() == value.getType() &&
         add.getLhs().getType() == add.getRhs().getType() &&
         add.getLhs() != add.getRhs();
}

/// Matmuls and convolutions, and their gradients that are not matmuls:
/// each is a kernel of its own even without an epilogue, so that targets
/// hand it to a library by its kind.
bool isContraction(Operation *op) {
  return isa<MatMulOp, Conv2DOp, Conv2DBackpropInputOp,
             Conv2DBackpropFilterOp>(op);
}

/// Ops that lower to loops of their own (reductions, the softmax family
/// and cross-entropy, pools and their gradients, data movement, gather):
/// off the host, each is a kernel of its own, named after it.
bool isStandaloneKernel(Operation *op) {
  return isa<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceProdOp, SoftmaxOp,
             LogSoftmaxOp, ArgMaxOp, MaxPoolOp, AvgPoolOp, MaxPoolGradOp,
             AvgPoolGradOp, TransposeOp, ConcatOp, SliceOp, ReverseOp,
             SparseSoftmaxCrossEntropyWithLogitsOp, GatherOp>(op);
}

/// Ops placed on a device other than the host's CPU run only as launched
/// kernels: such an op is a kernel even alone, where on the CPU a lone op
/// is left to run inline in the step.
bool isOffHost(Operation *op) {
  DeviceAttr device = getPlacedDevice(op);
  return device && device.getType() != "CPU";
}

/// The group starting at `anchor` and the name of its pattern.
std::pair<SmallVector<Operation *>, std::string> growGroup(Operation *anchor) {
  SmallVector<Operation *> group = {anchor};
  std::string kind;
  if (isa<Conv2DBackpropInputOp, Conv2DBackpropFilterOp>(anchor))
    return {group, anchor->getName().stripDialect().str()};
  if (isa<MatMulOp, Conv2DOp>(anchor)) {
    kind = isa<MatMulOp>(anchor) ? "matmul" : "conv2d";
    Operation *next = soleUser(anchor);
    if (next && isBiasOf(next, anchor->getResult(0))) {
      group.push_back(next);
      kind += "_bias";
      Operation *biased = next;
      next = soleUser(next);
      // The CPU kernels add a convolution's shortcut in their epilogue.
      if (next && isa<Conv2DOp>(anchor) &&
          isResidualOf(next, biased->getResult(0))) {
        group.push_back(next);
        kind += "_add";
        next = soleUser(next);
      }
    }
    while (next && isUnaryElementwise(next)) {
      group.push_back(next);
      kind += "_" + next->getName().stripDialect().str();
      next = soleUser(next);
    }
    return {group, kind};
  }
  if (isStandaloneKernel(anchor))
    return {group, anchor->getName().stripDialect().str()};
  Operation *next = soleUser(anchor);
  while (next && isElementwise(next)) {
    group.push_back(next);
    next = soleUser(next);
  }
  return {group, "elementwise"};
}

/// Replaces `group` (in program order, each op feeding the next) by one
/// kiln.fusion computing the last op's results.
void outline(ArrayRef<Operation *> group, StringRef kind) {
  llvm::SmallPtrSet<Operation *, 8> members(group.begin(), group.end());
  llvm::SetVector<Value> inputs;
  for (Operation *op : group)
    for (Value operand : op->getOperands())
      if (!members.contains(operand.getDefiningOp()))
        inputs.insert(operand);

  Operation *last = group.back();
  OpBuilder b(last);
  auto fusion = FusionOp::create(b, last->getLoc(), last->getResultTypes(),
                                 b.getStringAttr(kind), inputs.getArrayRef());
  if (DeviceAttr device = getPlacedDevice(last))
    fusion->setAttr(kDeviceAttrName, device);
  Block *body = b.createBlock(&fusion.getBody());
  IRMapping mapping;
  for (Value input : inputs)
    mapping.map(input, body->addArgument(input.getType(), input.getLoc()));
  for (Operation *op : group)
    b.clone(*op, mapping);
  SmallVector<Value> results;
  for (Value result : last->getResults())
    results.push_back(mapping.lookup(result));
  YieldOp::create(b, last->getLoc(), results);
  last->replaceAllUsesWith(fusion.getResults());
  for (Operation *op : llvm::reverse(group))
    op->erase();
}

struct FuseOpsPass : public kiln::impl::FuseOpsPassBase<FuseOpsPass> {
  void runOnOperation() override {
    // Anchors are visited in program order; an op joins at most one group
    // because grouped ops are erased before the walk reaches them.
    SmallVector<Operation *> anchors;
    getOperation().walk([&](Operation *op) {
      if (!op->getParentOfType<FusionOp>() &&
          (isContraction(op) || isElementwise(op) ||
           (isStandaloneKernel(op) && isOffHost(op))))
        anchors.push_back(op);
    });
    llvm::SmallPtrSet<Operation *, 16> fused;
    for (Operation *anchor : anchors) {
      if (fused.contains(anchor))
        continue;
      auto [group, kind] = growGroup(anchor);
      if (group.size() < 2 && !isContraction(anchor) && !isOffHost(anchor))
        continue;
      fused.insert(group.begin(), group.end());
      outline(group, kind);
    }
  }
};

} // namespace
