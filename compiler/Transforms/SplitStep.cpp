//===- SplitStep.cpp - a step as segments at gradient buckets -------------===//
//
// A data-parallel step can start summing the gradients the backward pass
// produces first while it computes the others, if what computes them is a
// separate call. The split is made on the kiln IR (gradients expanded),
// where the backward pass exists op by op and every shape is static.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "dialects/Kiln/IR/KilnDialect.h"
#include "dialects/Kiln/IR/KilnOps.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

#include <algorithm>

#define DEBUG_TYPE "kiln-split-step"

namespace kiln {
#define GEN_PASS_DEF_SPLITSTEPPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

/// Ops each segment repeats rather than receives: they are cheap and, with
/// no op of the step writing memory, give the same value everywhere.
bool isRepeated(Operation *op) {
  return op->hasTrait<OpTrait::ConstantLike>() || isa<ReadVariableOp>(op);
}

/// Whether segments may run the step's ops apart: no op writes memory (a
/// variable, a random generator's state), none holds regions.
bool isSplittable(Block &body) {
  return llvm::all_of(body.without_terminator(), [](Operation &op) {
    if (op.getNumRegions() != 0)
      return false;
    auto effects = dyn_cast<MemoryEffectOpInterface>(&op);
    if (!effects)
      return op.hasTrait<OpTrait::HasRecursiveMemoryEffects>();
    return !effects.hasEffect<MemoryEffects::Write>() &&
           !effects.hasEffect<MemoryEffects::Allocate>() &&
           !effects.hasEffect<MemoryEffects::Free>();
  });
}

int64_t bytesOf(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return 0;
  return tensor.getNumElements() *
         std::max<int64_t>(1, tensor.getElementTypeBitWidth() / 8);
}

/// Non-repeated ops `roots` depend on, including their own definers.
llvm::SetVector<Operation *> backwardSlice(ArrayRef<Value> roots) {
  llvm::SetVector<Operation *> slice;
  SmallVector<Value> stack(roots.begin(), roots.end());
  while (!stack.empty()) {
    Operation *op = stack.pop_back_val().getDefiningOp();
    if (!op || isRepeated(op) || !slice.insert(op))
      continue;
    stack.append(op->operand_begin(), op->operand_end());
  }
  return slice;
}

/// The segments of one step: which segment runs each op and returns each
/// result, and the values that cross from one segment to a later one.
struct SegmentPlan {
  llvm::DenseMap<Operation *, unsigned> segmentOf;
  std::vector<unsigned> resultSegment;
  unsigned segments = 0;
  /// Values one segment computes and a later one uses, numbered in order.
  llvm::MapVector<Value, unsigned> cuts;
};

/// Assigns ops to segments: segment k runs what its roots need that no
/// earlier segment ran. Results defined by an earlier segment's op are
/// returned there.
SegmentPlan assignSegments(func::FuncOp func,
                           ArrayRef<SmallVector<unsigned>> segmentRoots) {
  SegmentPlan plan;
  Block &body = func.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  plan.resultSegment.assign(ret.getNumOperands(), 0);
  if (segmentRoots.size() == 1) {
    // The step as it is: ops run for their effects alone, and what ops
    // with regions use inside them, stay.
    plan.segments = 1;
    for (Operation &op : body.without_terminator())
      plan.segmentOf[&op] = 0;
    return plan;
  }
  for (auto [k, roots] : llvm::enumerate(segmentRoots)) {
    SmallVector<Value> stack;
    for (unsigned result : roots)
      stack.push_back(ret.getOperand(result));
    while (!stack.empty()) {
      Operation *op = stack.pop_back_val().getDefiningOp();
      if (!op || isRepeated(op) || plan.segmentOf.count(op))
        continue;
      plan.segmentOf[op] = k;
      stack.append(op->operand_begin(), op->operand_end());
    }
    for (unsigned result : roots) {
      Operation *def = ret.getOperand(result).getDefiningOp();
      auto it = def ? plan.segmentOf.find(def) : plan.segmentOf.end();
      plan.resultSegment[result] =
          it == plan.segmentOf.end() ? unsigned(k) : it->second;
    }
  }
  // Renumber densely: a bucket whose gradients all came earlier is empty.
  std::vector<int> used(segmentRoots.size(), -1);
  for (unsigned segment : plan.resultSegment)
    used[segment] = 0;
  for (auto &entry : plan.segmentOf)
    used[entry.second] = 0;
  for (int &slot : used)
    if (slot == 0)
      slot = plan.segments++;
  for (unsigned &segment : plan.resultSegment)
    segment = used[segment];
  for (auto &entry : plan.segmentOf)
    entry.second = used[entry.second];

  for (Operation &op : body.without_terminator()) {
    auto it = plan.segmentOf.find(&op);
    if (it == plan.segmentOf.end())
      continue;
    for (Value operand : op.getOperands()) {
      Operation *def = operand.getDefiningOp();
      if (def && !isRepeated(def) && plan.segmentOf.lookup(def) < it->second &&
          !plan.cuts.count(operand))
        plan.cuts.insert({operand, unsigned(plan.cuts.size())});
    }
  }
  return plan;
}

std::string cutName(unsigned index) {
  return "kiln_cut_" + std::to_string(index);
}

/// Builds `@<entry>_segment<k>` from `func` at `builder`'s insertion point.
func::FuncOp buildSegment(func::FuncOp func, const SegmentPlan &plan,
                          unsigned k, OpBuilder &builder) {
  Block &body = func.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  MLIRContext *ctx = func.getContext();

  SmallVector<Type> argTypes(func.getArgumentTypes());
  SmallVector<Value> incoming;
  for (auto [value, index] : plan.cuts)
    if (plan.segmentOf.lookup(value.getDefiningOp()) < k &&
        llvm::any_of(value.getUsers(), [&](Operation *user) {
          auto it = plan.segmentOf.find(user);
          return it != plan.segmentOf.end() && it->second == k;
        })) {
      incoming.push_back(value);
      argTypes.push_back(value.getType());
    }

  SmallVector<Value> returned;
  SmallVector<DictionaryAttr> resultAttrs;
  for (auto [index, value] : llvm::enumerate(ret.getOperands()))
    if (plan.resultSegment[index] == k) {
      returned.push_back(value);
      NamedAttrList attrs(func.getResultAttrDict(index));
      attrs.set("kiln.split_result",
                builder.getI64IntegerAttr(static_cast<int64_t>(index)));
      resultAttrs.push_back(attrs.getDictionary(ctx));
    }
  for (auto [value, index] : plan.cuts)
    if (plan.segmentOf.lookup(value.getDefiningOp()) == k) {
      returned.push_back(value);
      resultAttrs.push_back(builder.getDictionaryAttr(builder.getNamedAttr(
          "kiln.cut", builder.getStringAttr(cutName(index)))));
    }
  SmallVector<Type> resultTypes;
  for (Value value : returned)
    resultTypes.push_back(value.getType());

  auto segment = func::FuncOp::create(
      builder, func.getLoc(), (func.getSymName() + "_segment" + Twine(k)).str(),
      builder.getFunctionType(argTypes, resultTypes));
  for (NamedAttribute attr : func->getDiscardableAttrs())
    segment->setAttr(attr.getName(), attr.getValue());
  segment.setVisibility(func.getVisibility());
  Block *entry = segment.addEntryBlock();
  IRMapping mapping;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    mapping.map(body.getArgument(i), entry->getArgument(i));
    segment.setArgAttrs(i, func.getArgAttrDict(i));
  }
  for (auto [i, value] : llvm::enumerate(incoming)) {
    unsigned arg = func.getNumArguments() + i;
    mapping.map(value, entry->getArgument(arg));
    setFeedName(segment, arg, cutName(plan.cuts.lookup(value)));
  }

  // Repeated ops are cloned where a kept op or a result first needs them.
  llvm::DenseSet<Value> needed(returned.begin(), returned.end());
  for (auto &[op, segmentIndex] : plan.segmentOf)
    if (segmentIndex == k)
      needed.insert(op->operand_begin(), op->operand_end());
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(entry);
  for (Operation &op : body.without_terminator()) {
    auto it = plan.segmentOf.find(&op);
    bool runsHere = it != plan.segmentOf.end() && it->second == k;
    bool repeatedHere =
        isRepeated(&op) && llvm::any_of(op.getResults(), [&](Value result) {
          return needed.contains(result);
        });
    if (runsHere || repeatedHere)
      builder.clone(op, mapping);
  }
  SmallVector<Value> mapped;
  for (Value value : returned)
    mapped.push_back(mapping.lookup(value));
  func::ReturnOp::create(builder, ret.getLoc(), mapped);
  for (auto [i, attrs] : llvm::enumerate(resultAttrs))
    segment.setResultAttrs(i, attrs);
  return segment;
}

struct SplitStepPass : public kiln::impl::SplitStepPassBase<SplitStepPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func || func.isExternal()) {
      module.emitError() << "no step function '" << entry << "' to split";
      return signalPassFailure();
    }
    if (!func.getBody().hasOneBlock()) {
      func.emitError() << "cannot split a step of several blocks";
      return signalPassFailure();
    }
    Block &body = func.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    unsigned results = ret.getNumOperands();
    if (unsigned(keepResults) > results) {
      func.emitError() << "keep-results is " << unsigned(keepResults)
                       << " but the step has " << results << " results";
      return signalPassFailure();
    }

    SmallVector<SmallVector<unsigned>> roots = buckets(body, ret);
    SegmentPlan plan = assignSegments(func, roots);
    bool staticCuts = llvm::all_of(plan.cuts, [](auto &cut) {
      auto type = dyn_cast<RankedTensorType>(cut.first.getType());
      return type && type.hasStaticShape();
    });
    if (!staticCuts) {
      SmallVector<unsigned> all;
      for (unsigned i = 0; i < results; ++i)
        all.push_back(i);
      plan = assignSegments(func, {all});
    }

    OpBuilder builder(func);
    Operation *after = func;
    for (unsigned k = 0; k < plan.segments; ++k) {
      builder.setInsertionPointAfter(after);
      after = buildSegment(func, plan, k, builder);
    }
    func.erase();
  }

  /// The results each segment starts from: the kept results and the first
  /// bucket, then one bucket per segment.
  SmallVector<SmallVector<unsigned>> buckets(Block &body, func::ReturnOp ret) {
    SmallVector<SmallVector<unsigned>> roots(1);
    unsigned results = ret.getNumOperands();
    for (unsigned i = 0; i < keepResults; ++i)
      roots[0].push_back(i);
    if (bucketBytes <= 0 || !isSplittable(body)) {
      for (unsigned i = keepResults; i < results; ++i)
        roots[0].push_back(i);
      return roots;
    }
    // Gradients ranked by how much of the step they need: the backward
    // pass reaches the last layer's first.
    std::vector<std::pair<size_t, unsigned>> ranked;
    for (unsigned i = keepResults; i < results; ++i)
      ranked.push_back({backwardSlice({ret.getOperand(i)}).size(), i});
    std::stable_sort(ranked.begin(), ranked.end());
    int64_t filled = 0;
    for (unsigned result : llvm::make_second_range(ranked)) {
      roots.back().push_back(result);
      filled += bytesOf(ret.getOperand(result).getType());
      if (filled >= bucketBytes) {
        roots.emplace_back();
        filled = 0;
      }
    }
    // What is left after the last full bucket joins it.
    if (roots.size() > 1 && filled < bucketBytes) {
      SmallVector<unsigned> rest = roots.pop_back_val();
      roots.back().append(rest.begin(), rest.end());
    }
    return roots;
  }
};

} // namespace
