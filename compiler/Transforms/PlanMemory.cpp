//===- PlanMemory.cpp - one arena for a step's transient buffers ----------===//
//
// Three steps: sink each buffer's initializing fill (and the allocation)
// to just before the buffer's first real use, so lifetimes start where the
// data is needed; compute every buffer's lifetime as an interval of
// operation positions in the function's block; place buffers at offsets
// with a greedy interval-packing (largest first, lowest fitting offset).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "dialects/Kiln/IR/KilnDialect.h"
#include "kiln/runtime/checked_size.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#define DEBUG_TYPE "kiln-plan-memory"

namespace kiln {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

constexpr int64_t kAlignment = kiln::kArenaAlignment;

int64_t alignUp(int64_t value) {
  return (value + kAlignment - 1) / kAlignment * kAlignment;
}

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  int64_t start = 0, end = 0; // positions of first write and last use
  int64_t offset = -1;
};

/// The top-level op of `block` containing `op`.
Operation *topLevel(Operation *op, Block *block) {
  while (op && op->getBlock() != block)
    op = op->getParentOp();
  return op;
}

/// `value` and every view derived from it.
void collectAliases(Value value, SmallVectorImpl<Value> &aliases) {
  aliases.push_back(value);
  for (Operation *user : value.getUsers())
    if (isa<ViewLikeOpInterface>(user) ||
        isa<memref::ReshapeOp, memref::ExpandShapeOp, memref::CollapseShapeOp,
            memref::CastOp>(user))
      for (Value result : user->getResults())
        collectAliases(result, aliases);
}

/// A parallel generic may write `output` over `input` when both are read
/// and written at the same index of every iteration: each element is read
/// before it is overwritten and never read again.
bool writesInPlaceSafely(Operation *op, Value input, Value output) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumReductionLoops() != 0 ||
      input.getType() != output.getType())
    return false;
  AffineMap inputMap, outputMap;
  for (OpOperand &operand : generic->getOpOperands()) {
    AffineMap map = generic.getMatchingIndexingMap(&operand);
    if (generic.isDpsInput(&operand) && operand.get() == input)
      inputMap = map;
    else if (generic.isDpsInit(&operand) && operand.get() == output)
      outputMap = map;
    else if (operand.get() == output)
      return false; // the output is also read through another operand
  }
  return inputMap && inputMap == outputMap && inputMap.isPermutation();
}

struct PlanMemoryPass
    : public kiln::impl::PlanMemoryPassBase<PlanMemoryPass> {
  using PlanMemoryPassBase::PlanMemoryPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    Block &block = func.getBody().front();

    forwardIntoResults(block);

    SmallVector<memref::AllocOp> allocs;
    for (auto alloc : block.getOps<memref::AllocOp>())
      if (alloc.getType().hasStaticShape() &&
          alloc.getType().getLayout().isIdentity() &&
          alloc.getType().getElementType().isIntOrFloat())
        allocs.push_back(alloc);
    if (allocs.empty()) {
      kiln::setArenaPlan(func, {});
      return;
    }
    for (memref::AllocOp alloc : allocs)
      sinkInitialization(alloc, block);

    // Positions of the block's ops, both ways.
    llvm::DenseMap<Operation *, int64_t> position;
    SmallVector<Operation *> opAt;
    for (Operation &op : block) {
      position[&op] = opAt.size();
      opAt.push_back(&op);
    }

    SmallVector<Buffer> buffers;
    for (memref::AllocOp alloc : allocs) {
      Buffer buffer;
      buffer.alloc = alloc;
      MemRefType type = alloc.getType();
      // Imports refuse tensors past the limit, but a pass may still have
      // made one (a broadcast materialized, a shape from a bad fold).
      uint64_t elements = 0;
      if (!kiln::checkedElementCount(type.getShape().data(), type.getRank(),
                                     (type.getElementTypeBitWidth() + 7) / 8,
                                     elements)) {
        alloc.emitOpError()
            << "allocates " << type << ", more than kiln can hold (2^48 bytes)";
        return signalPassFailure();
      }
      buffer.bytes = elements * ((type.getElementTypeBitWidth() + 7) / 8);
      SmallVector<Value> aliases;
      collectAliases(alloc.getResult(), aliases);
      buffer.start = std::numeric_limits<int64_t>::max();
      buffer.end = position[alloc];
      for (Value alias : aliases)
        for (Operation *user : alias.getUsers()) {
          Operation *top = topLevel(user, &block);
          if (!top || isa<memref::DeallocOp>(top))
            continue;
          if (!isa<ViewLikeOpInterface>(top))
            buffer.start = std::min(buffer.start, position[top]);
          buffer.end = std::max(buffer.end, position[top]);
        }
      if (buffer.start == std::numeric_limits<int64_t>::max())
        buffer.start = buffer.end;
      buffers.push_back(buffer);
    }

    int64_t lowerBound = peakLiveBytes(buffers, opAt);
    int64_t arenaBytes = place(buffers, opAt);
    // Each buffer is below 2^48 bytes, so the sum cannot wrap; it can still
    // exceed what any machine holds.
    if (uint64_t(arenaBytes) > kiln::kMaxTensorBytes) {
      func.emitError() << "the step's temporaries need an arena of "
                       << arenaBytes
                       << " bytes, more than kiln can hold (2^48 bytes)";
      return signalPassFailure();
    }
    rewrite(func, block, buffers, arenaArgument && func.isPublic());
    kiln::setArenaPlan(func, {arenaBytes, lowerBound});
  }

  /// A temporary whose last reader is an element-wise op writing a result
  /// buffer of the same type can live in that result buffer instead: the
  /// producer writes the result directly and the element-wise epilogue
  /// then updates it in place (a matmul with its bias and relu needs no
  /// buffer of its own). Legal when nothing else touches the result buffer
  /// while the temporary is live.
  static void forwardIntoResults(Block &block) {
    for (auto alloc : llvm::make_early_inc_range(block.getOps<memref::AllocOp>())) {
      Value temp = alloc.getResult();
      SmallVector<Operation *> users;
      bool simple = true;
      for (Operation *user : temp.getUsers()) {
        if (user->getBlock() != &block || isa<ViewLikeOpInterface>(user) ||
            isa<memref::ReshapeOp, memref::ExpandShapeOp,
                memref::CollapseShapeOp, memref::CastOp>(user))
          simple = false;
        if (!isa<memref::DeallocOp>(user))
          users.push_back(user);
      }
      if (!simple || users.empty())
        continue;
      llvm::sort(users, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
      auto epilogue = dyn_cast<linalg::GenericOp>(users.back());
      if (!epilogue || epilogue.getNumDpsInits() != 1 ||
          !llvm::is_contained(epilogue.getDpsInputs(), temp))
        continue;
      Value result = epilogue.getDpsInits().front();
      auto arg = dyn_cast<BlockArgument>(result);
      if (!arg || arg.getOwner() != &block || result.getType() != temp.getType() ||
          !writesInPlaceSafely(epilogue, temp, result))
        continue;
      bool resultUntouched = llvm::all_of(result.getUsers(), [&](Operation *user) {
        return user == epilogue.getOperation() ||
               user->isBeforeInBlock(users.front()) ||
               epilogue->isBeforeInBlock(user);
      });
      if (!resultUntouched)
        continue;
      for (Operation *user : llvm::make_early_inc_range(temp.getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
      temp.replaceAllUsesWith(result);
      alloc.erase();
    }
  }

  /// Moves `alloc` and a whole-buffer linalg.fill that initializes it to
  /// just before the buffer's next user.
  static void sinkInitialization(memref::AllocOp alloc, Block &block) {
    SmallVector<Operation *> users;
    for (Operation *user : alloc->getUsers())
      if (Operation *top = topLevel(user, &block))
        users.push_back(top);
    llvm::sort(users, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
    auto fill = users.empty() ? nullptr : dyn_cast<linalg::FillOp>(users.front());
    if (!fill || fill.getOutputs().front() != alloc.getResult() ||
        users.size() < 2)
      return;
    Operation *next = users[1];
    // The fill's scalar must be available at the new place.
    Operation *scalarDef = fill.getInputs().front().getDefiningOp();
    if (scalarDef && scalarDef->getBlock() == &block &&
        !scalarDef->isBeforeInBlock(next))
      return;
    alloc->moveBefore(next);
    fill->moveBefore(next);
  }

  enum class Sharing { Free, SameBytesOnly, Never };

  /// How two buffers may share arena bytes: freely when their lifetimes
  /// are disjoint; only as the very same bytes when they touch at one
  /// element-wise op that reads one and writes the other (a shifted,
  /// partial overlap would overwrite elements that op has yet to read);
  /// never otherwise.
  static Sharing sharing(const Buffer &a, const Buffer &b,
                         ArrayRef<Operation *> opAt) {
    if (a.end < b.start || b.end < a.start)
      return Sharing::Free;
    auto inPlace = [&](const Buffer &reader, const Buffer &writer) {
      if (reader.end != writer.start || reader.bytes != writer.bytes)
        return false;
      memref::AllocOp readAlloc = reader.alloc, writeAlloc = writer.alloc;
      return writesInPlaceSafely(opAt[reader.end], readAlloc.getResult(),
                                 writeAlloc.getResult());
    };
    return inPlace(a, b) || inPlace(b, a) ? Sharing::SameBytesOnly
                                          : Sharing::Never;
  }

  static int64_t place(SmallVectorImpl<Buffer> &buffers,
                       ArrayRef<Operation *> opAt) {
    SmallVector<Buffer *> order;
    for (Buffer &buffer : buffers)
      order.push_back(&buffer);
    llvm::stable_sort(order, [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
    int64_t arena = 0;
    SmallVector<Buffer *> placed;
    for (Buffer *buffer : order) {
      // Candidate offsets: 0, the offset of every in-place partner (reuse)
      // and the aligned end of every buffer it must not overlap.
      SmallVector<std::pair<Buffer *, Sharing>> constraints;
      for (Buffer *other : placed) {
        Sharing how = sharing(*buffer, *other, opAt);
        if (how != Sharing::Free)
          constraints.push_back({other, how});
      }
      SmallVector<int64_t> candidates = {0};
      for (auto [other, how] : constraints) {
        if (how == Sharing::SameBytesOnly)
          candidates.push_back(other->offset);
        candidates.push_back(alignUp(other->offset + other->bytes));
      }
      llvm::sort(candidates);
      for (int64_t offset : candidates) {
        bool fits = llvm::all_of(constraints, [&](auto constraint) {
          auto [other, how] = constraint;
          bool disjoint = offset >= other->offset + other->bytes ||
                          other->offset >= offset + buffer->bytes;
          return disjoint ||
                 (how == Sharing::SameBytesOnly && offset == other->offset);
        });
        if (fits) {
          buffer->offset = offset;
          break;
        }
      }
      placed.push_back(buffer);
      arena = std::max(arena, alignUp(buffer->offset + buffer->bytes));
    }
    return arena;
  }

  /// The most bytes that must be distinct at any one op: every buffer live
  /// there, except that a buffer written in place over an input that dies
  /// at that op (Sharing::SameBytesOnly) needs no bytes of its own at it.
  /// No placement can do with less, so the arena is never below this bound.
  static int64_t peakLiveBytes(ArrayRef<Buffer> buffers,
                               ArrayRef<Operation *> opAt) {
    // sharesBytesFrom[i]: buffer i starts at an op that may write it over
    // the bytes of a buffer dying at that op.
    SmallVector<bool> sharesBytesFrom(buffers.size(), false);
    for (auto [i, a] : llvm::enumerate(buffers))
      for (auto [j, b] : llvm::enumerate(buffers))
        if (i != j && a.start == b.end && (a.start != b.start || i > j) &&
            sharing(a, b, opAt) == Sharing::SameBytesOnly)
          sharesBytesFrom[i] = true;
    int64_t peak = 0;
    for (const Buffer &at : buffers) {
      int64_t live = 0;
      for (auto [i, other] : llvm::enumerate(buffers))
        if (other.start <= at.start && at.start <= other.end &&
            !(sharesBytesFrom[i] && other.start == at.start))
          live += other.bytes;
      peak = std::max(peak, live);
    }
    return peak;
  }

  /// Materializes the plan. The arena is allocated as one block per group
  /// of buffers that share bytes (a "slot"); groups never overlap, so the
  /// allocations add up to the arena. With `slotArguments` the caller owns
  /// the arena and each slot is an argument instead, marked with its
  /// offset in the arena: the step's entry point passes arena + offset, and
  /// the arguments, like allocations, tell LLVM that slots never overlap. Separate blocks let LLVM see that
  /// buffers of different slots never alias, which one allocation with
  /// offsets hides from it (measured: the MLP ran 3x slower with a single
  /// block because LLVM stopped vectorizing loops reading one buffer and
  /// writing another).
  static void rewrite(func::FuncOp func, Block &block,
                      MutableArrayRef<Buffer> buffers, bool slotArguments) {
    SmallVector<Buffer *> byOffset;
    for (Buffer &buffer : buffers)
      byOffset.push_back(&buffer);
    llvm::sort(byOffset, [](Buffer *a, Buffer *b) { return a->offset < b->offset; });
    struct Slot {
      int64_t begin, end;
      SmallVector<Buffer *> members;
    };
    SmallVector<Slot> slots;
    for (Buffer *buffer : byOffset) {
      int64_t end = buffer->offset + buffer->bytes;
      if (slots.empty() || buffer->offset >= slots.back().end)
        slots.push_back({buffer->offset, end, {}});
      slots.back().end = std::max(slots.back().end, end);
      slots.back().members.push_back(buffer);
    }

    Location loc = func.getLoc();
    MLIRContext *ctx = func.getContext();
    for (Slot &slot : slots) {
      OpBuilder b(&block, block.begin());
      auto slotType = MemRefType::get({alignUp(slot.end - slot.begin)}, b.getI8Type());
      Value memory;
      if (slotArguments) {
        unsigned index = func.getNumArguments();
        (void)func.insertArgument(
            index, slotType,
            DictionaryAttr::get(ctx, {kiln::arenaSlotArgAttr(ctx, slot.begin)}),
            loc);
        memory = func.getArgument(index);
      } else {
        memory = memref::AllocOp::create(b, loc, slotType,
                                         b.getI64IntegerAttr(kAlignment));
      }
      for (Buffer *buffer : slot.members) {
        memref::AllocOp alloc = buffer->alloc;
        b.setInsertionPoint(alloc);
        Value offset = arith::ConstantIndexOp::create(
            b, alloc.getLoc(), buffer->offset - slot.begin);
        Value view = memref::ViewOp::create(b, alloc.getLoc(), alloc.getType(),
                                            memory, offset, ValueRange{});
        // The slot is freed once; drop the buffer's own deallocations.
        for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
          if (isa<memref::DeallocOp>(user))
            user->erase();
        alloc.replaceAllUsesWith(view);
        alloc.erase();
      }
      if (!slotArguments) {
        b.setInsertionPoint(block.getTerminator());
        memref::DeallocOp::create(b, loc, memory);
      }
    }
  }
};

} // namespace
