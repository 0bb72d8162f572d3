//===- ExternalizeVariables.cpp - variables become step buffers -----------===//
//
// The runtime owns variable storage (outside the arena) and hands each step
// the buffers of the variables it touches. Inside the step, a variable's
// value is an SSA tensor threaded through its reads and assignments in
// program order, so later reads see earlier assignments and the lowering
// treats variables like any other tensor; the final value is written back
// into the variable's buffer once, at the end of the step.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "dialects/Kiln/IR/KilnOps.h"

#include "llvm/ADT/MapVector.h"

#define DEBUG_TYPE "kiln-externalize-variables"

namespace kiln {
#define GEN_PASS_DEF_EXTERNALIZEVARIABLESPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

struct VariableState {
  BlockArgument buffer;
  Value current;  // the value at the op being rewritten; null before use
  bool read = false;     // read before the step assigned it
  bool written = false;
};

/// A returned value that still is a written variable's entry value (or a
/// reshape of it) would be read from the variable's buffer after the
/// write-back has overwritten it: return a copy taken where it was defined.
void protectReturnedReads(
    Operation *terminator,
    const llvm::MapVector<StringAttr, VariableState> &variables) {
  llvm::SmallPtrSet<Value, 4> overwritten;
  for (const auto &entry : variables)
    if (entry.second.written)
      overwritten.insert(entry.second.buffer);
  for (OpOperand &operand : terminator->getOpOperands()) {
    Value root = operand.get();
    while (auto reshape = root.getDefiningOp<ReshapeOp>())
      root = reshape->getOperand(0);
    auto read = root.getDefiningOp<bufferization::ToTensorOp>();
    if (!read || !overwritten.contains(read.getBuffer()))
      continue;
    Value value = operand.get();
    OpBuilder b(value.getContext());
    b.setInsertionPointAfterValue(value);
    operand.set(bufferization::AllocTensorOp::create(
        b, value.getLoc(), cast<RankedTensorType>(value.getType()),
        ValueRange(), value));
  }
}

struct ExternalizeVariablesPass
    : public kiln::impl::ExternalizeVariablesPassBase<ExternalizeVariablesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      if (failed(externalize(func, symbols)))
        return signalPassFailure();
    }
    for (auto variable : llvm::make_early_inc_range(module.getOps<VariableOp>()))
      if (SymbolTable::symbolKnownUseEmpty(variable, module))
        variable.erase();
  }

  LogicalResult externalize(func::FuncOp func, SymbolTable &symbols) {
    llvm::MapVector<StringAttr, VariableState> variables;
    Block &entry = func.getBody().front();
    auto state = [&](Operation *op, FlatSymbolRefAttr ref) -> VariableState * {
      auto [it, inserted] = variables.insert({ref.getAttr(), VariableState()});
      if (inserted) {
        auto decl = symbols.lookup<VariableOp>(ref.getValue());
        if (!decl) {
          op->emitOpError("refers to unknown variable ") << ref;
          return nullptr;
        }
        auto type = cast<RankedTensorType>(decl.getType());
        auto memref = MemRefType::get(type.getShape(), type.getElementType());
        unsigned index = func.getNumArguments();
        if (failed(func.insertArgument(
                index, memref,
                DictionaryAttr::get(func.getContext(),
                                    {variableArgAttr(ref.getAttr())}),
                decl.getLoc())))
          return nullptr;
        it->second.buffer = func.getArgument(index);
      }
      return &it->second;
    };
    // The value before any assignment: the buffer's contents at entry.
    auto currentValue = [&](VariableState &variable) {
      if (!variable.current) {
        OpBuilder b = OpBuilder::atBlockBegin(&entry);
        auto memref = cast<MemRefType>(variable.buffer.getType());
        auto tensor = RankedTensorType::get(memref.getShape(),
                                            memref.getElementType());
        auto read = bufferization::ToTensorOp::create(
            b, variable.buffer.getLoc(), tensor, variable.buffer);
        read.setRestrict(true);
        variable.current = read;
        variable.read = true;
      }
      return variable.current;
    };

    SmallVector<Operation *> accesses;
    func.walk([&](Operation *op) {
      if (isa<ReadVariableOp, AssignVariableOp, AssignAddVariableOp>(op))
        accesses.push_back(op);
    });
    for (Operation *op : accesses) {
      if (op->getBlock() != &entry)
        return op->emitOpError(
            "accesses a variable inside a region; kiln-externalize-variables "
            "runs before fusion, on straight-line steps");
      if (auto read = dyn_cast<ReadVariableOp>(op)) {
        VariableState *variable = state(op, read.getVariableAttr());
        if (!variable)
          return failure();
        read.replaceAllUsesWith(currentValue(*variable));
      } else if (auto assign = dyn_cast<AssignVariableOp>(op)) {
        VariableState *variable = state(op, assign.getVariableAttr());
        if (!variable)
          return failure();
        variable->current = assign.getValue();
        variable->written = true;
      } else {
        auto add = cast<AssignAddVariableOp>(op);
        VariableState *variable = state(op, add.getVariableAttr());
        if (!variable)
          return failure();
        Value before = currentValue(*variable);
        OpBuilder b(op);
        variable->current =
            AddOp::create(b, op->getLoc(), before.getType(), before, add.getDelta());
        variable->written = true;
      }
      op->erase();
    }

    Operation *terminator = entry.getTerminator();
    protectReturnedReads(terminator, variables);
    OpBuilder b(terminator);
    for (auto &[name, variable] : variables) {
      if (variable.read)
        setVariableRead(func, variable.buffer.getArgNumber());
      if (!variable.written)
        continue;
      bufferization::MaterializeInDestinationOp::create(
          b, terminator->getLoc(), Type(), variable.current, variable.buffer,
          b.getUnitAttr(), b.getUnitAttr());
    }
    return success();
  }
};

} // namespace
