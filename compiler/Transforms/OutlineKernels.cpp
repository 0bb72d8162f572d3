//===- OutlineKernels.cpp - one function per linalg op, noalias buffers ---===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/SetVector.h"

#define DEBUG_TYPE "kiln-outline-kernels"

namespace kiln {
#define GEN_PASS_DEF_OUTLINEKERNELSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// The block a planned buffer lives in and its byte range, for views at
/// constant offsets (what kiln-plan-memory creates).
std::optional<std::tuple<Value, int64_t, int64_t>> viewRange(Value value) {
  auto view = value.getDefiningOp<memref::ViewOp>();
  auto type = dyn_cast<MemRefType>(value.getType());
  if (!view || !type || !type.hasStaticShape())
    return std::nullopt;
  auto offset = getConstantIntValue(view.getByteShift());
  if (!offset)
    return std::nullopt;
  int64_t bytes = type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
  return std::make_tuple(view.getSource(), *offset, *offset + bytes);
}

/// The buffer `value` is a view of: reshapes, casts and subviews are
/// followed back to a planned block's memref.view, an allocation or an
/// argument.
Value underlyingBuffer(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (isa<memref::ViewOp>(def))
      break;
    if (auto reshape = dyn_cast<memref::ReshapeOp>(def))
      value = reshape.getSource();
    else if (auto viewLike = dyn_cast<ViewLikeOpInterface>(def))
      value = viewLike.getViewSource();
    else
      break;
  }
  return value;
}

/// Whether two memrefs may share bytes. Views of one planned block overlap
/// when their byte ranges do; everything else overlaps only when it is the
/// same buffer (distinct allocations and distinct step buffers never do:
/// the step ABI forbids overlapping buffers).
bool mayOverlap(Value a, Value b) {
  if (!isa<MemRefType>(a.getType()) || !isa<MemRefType>(b.getType()))
    return false;
  Value rootA = underlyingBuffer(a), rootB = underlyingBuffer(b);
  if (rootA == rootB)
    return true;
  auto rangeA = viewRange(rootA), rangeB = viewRange(rootB);
  if (rangeA && rangeB) {
    auto [sourceA, beginA, endA] = *rangeA;
    auto [sourceB, beginB, endB] = *rangeB;
    return sourceA == sourceB && beginA < endB && beginB < endA;
  }
  return false;
}

struct OutlineKernelsPass
    : public kiln::impl::OutlineKernelsPassBase<OutlineKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> steps(module.getOps<func::FuncOp>());
    for (func::FuncOp step : steps) {
      if (step.isExternal() || step.isPrivate())
        continue;
      int counter = 0;
      SmallVector<linalg::LinalgOp> ops;
      step.walk([&](linalg::LinalgOp op) {
        if (op->getParentOp() == step.getOperation() && op.hasPureBufferSemantics())
          ops.push_back(op);
      });
      for (linalg::LinalgOp op : ops)
        outline(module, step, op, counter++);
    }
  }

  static void outline(ModuleOp module, func::FuncOp step, linalg::LinalgOp op,
                      int index) {
    // The kernel's arguments: every value the op uses from outside it
    // (buffers and the scalars its body captures), in first-use order.
    // Views of one planned block at the same offset with the same type
    // (an element-wise op writing over an input dying at it) are one
    // buffer and pass as one argument: LLVM then sees that the loads and
    // stores share an address. As two arguments, the vectorizer's runtime
    // overlap check would fail on every call and run the scalar loop.
    llvm::SetVector<Value> captured;
    IRMapping sameBuffer;
    auto capture = [&](Value value) {
      if (captured.contains(value))
        return;
      auto range = viewRange(value);
      for (Value earlier : captured)
        if (range && earlier.getType() == value.getType() &&
            viewRange(earlier) == range) {
          sameBuffer.map(value, earlier);
          return;
        }
      captured.insert(value);
    };
    for (Value operand : op->getOperands())
      capture(operand);
    op->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands())
        if (!op->isAncestor(operand.getParentBlock()->getParentOp()))
          capture(operand);
    });
    SmallVector<Type> types;
    for (Value value : captured)
      types.push_back(value.getType());

    OpBuilder b(module.getContext());
    b.setInsertionPoint(step);
    std::string name =
        (step.getSymName() + "_kernel_" + Twine(index)).str();
    auto kernel = func::FuncOp::create(b, op.getLoc(), name,
                                       b.getFunctionType(types, {}));
    kernel.setPrivate();
    // Buffers of one op share no bytes, except views of one block at
    // overlapping but different offsets or types. Those are not marked.
    for (auto [position, value] : llvm::enumerate(captured)) {
      if (!isa<MemRefType>(value.getType()))
        continue;
      bool sharesBytes = llvm::any_of(captured, [&](Value other) {
        return other != value && mayOverlap(value, other);
      });
      if (!sharesBytes)
        kernel.setArgAttr(position, "llvm.noalias", b.getUnitAttr());
    }
    Block *body = kernel.addEntryBlock();
    b.setInsertionPointToStart(body);
    IRMapping mapping;
    for (auto [value, arg] : llvm::zip(captured, body->getArguments()))
      mapping.map(value, arg);
    for (auto [value, earlier] : sameBuffer.getValueMap())
      mapping.map(value, mapping.lookup(earlier));
    b.clone(*op.getOperation(), mapping);
    func::ReturnOp::create(b, op.getLoc());

    b.setInsertionPoint(op);
    func::CallOp::create(b, op.getLoc(), kernel, captured.getArrayRef());
    op->erase();
  }
};

} // namespace
