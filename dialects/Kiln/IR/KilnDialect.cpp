//===- KilnDialect.cpp - kiln dialect registration ------------------------===//

#include "dialects/Kiln/IR/KilnDialect.h"

#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace kiln;

#include "dialects/Kiln/IR/KilnDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Kiln/IR/KilnAttrs.cpp.inc"

void KilnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/Kiln/IR/KilnOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/Kiln/IR/KilnAttrs.cpp.inc"
      >();
}

Operation *KilnDialect::materializeConstant(OpBuilder &builder,
                                            Attribute value, Type type,
                                            Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}

namespace {

using FeedAttr = KilnDialect::FeedAttrHelper;
using VariableAttr = KilnDialect::VariableAttrHelper;
using VariableReadAttr = KilnDialect::VariableReadAttrHelper;
using ArenaBytesAttr = KilnDialect::ArenaBytesAttrHelper;
using ArenaLowerBoundAttr = KilnDialect::ArenaLowerBoundAttrHelper;
using ArenaSlotAttr = KilnDialect::ArenaSlotAttrHelper;
using KernelAttrName = KilnDialect::KernelAttrHelper;
using ContractionAttrName = KilnDialect::ContractionAttrHelper;

bool isArgumentAttr(StringRef name) {
  return name == FeedAttr::getNameStr() || name == VariableAttr::getNameStr() ||
         name == VariableReadAttr::getNameStr() ||
         name == ArenaSlotAttr::getNameStr();
}

} // namespace

LogicalResult KilnDialect::verifyOperationAttribute(Operation *op,
                                                    NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == ArenaBytesAttr::getNameStr() ||
      name == ArenaLowerBoundAttr::getNameStr()) {
    auto bytes = dyn_cast<IntegerAttr>(attr.getValue());
    if (!bytes || bytes.getValue().isNegative())
      return op->emitError("'")
             << name << "' expects a non-negative integer, got "
             << attr.getValue();
    return success();
  }
  if (name == KernelAttrName::getNameStr()) {
    if (!isa<KernelAttr>(attr.getValue()))
      return op->emitError("'") << name << "' expects a #kiln.kernel, got "
                                << attr.getValue();
    if (!isa<FunctionOpInterface>(op))
      return op->emitError("'") << name << "' belongs on a function";
    return success();
  }
  if (name == ContractionAttrName::getNameStr()) {
    if (!isa<ContractionAttr>(attr.getValue()))
      return op->emitError("'") << name
                                << "' expects a #kiln.contraction, got "
                                << attr.getValue();
    return success();
  }
  if (name == kInitialValueAttrName) {
    auto variable = dyn_cast<VariableOp>(op);
    if (!variable)
      return op->emitError("'") << name << "' belongs on a kiln.variable";
    auto value = dyn_cast<DenseElementsAttr>(attr.getValue());
    if (!value || value.getType() != variable.getType())
      return op->emitError("'")
             << name << "' expects dense elements of the variable's type "
             << variable.getType() << ", got " << attr.getValue();
    return success();
  }
  if (isArgumentAttr(name))
    return op->emitError("'") << name << "' belongs on a step argument, not "
                              << "on an operation";
  return op->emitError("unknown kiln attribute '") << name << "'";
}

LogicalResult KilnDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                    unsigned arg,
                                                    NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == FeedAttr::getNameStr() || name == VariableAttr::getNameStr()) {
    auto text = dyn_cast<StringAttr>(attr.getValue());
    if (!text || text.getValue().empty())
      return op->emitError("argument ")
             << arg << ": '" << name << "' expects a non-empty name, got "
             << attr.getValue();
    return success();
  }
  if (name == ArenaSlotAttr::getNameStr()) {
    auto offset = dyn_cast<IntegerAttr>(attr.getValue());
    if (!offset || offset.getValue().isNegative())
      return op->emitError("argument ")
             << arg << ": '" << name << "' expects a non-negative offset, got "
             << attr.getValue();
    return success();
  }
  if (name == VariableReadAttr::getNameStr()) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitError("argument ")
             << arg << ": '" << name << "' is a unit attribute";
    return success();
  }
  return op->emitError("argument ")
         << arg << ": unknown kiln argument attribute '" << name << "'";
}

StringAttr kiln::getFeedName(FunctionOpInterface func, unsigned arg) {
  return func.getArgAttrOfType<StringAttr>(arg, FeedAttr::getNameStr());
}

void kiln::setFeedName(FunctionOpInterface func, unsigned arg,
                       StringRef name) {
  func.setArgAttr(arg, FeedAttr::getNameStr(),
                  StringAttr::get(func.getContext(), name));
}

StringAttr kiln::getVariableName(FunctionOpInterface func, unsigned arg) {
  return func.getArgAttrOfType<StringAttr>(arg, VariableAttr::getNameStr());
}

NamedAttribute kiln::variableArgAttr(StringAttr name) {
  return NamedAttribute(
      StringAttr::get(name.getContext(), VariableAttr::getNameStr()), name);
}

bool kiln::isVariableRead(FunctionOpInterface func, unsigned arg) {
  return bool(func.getArgAttr(arg, VariableReadAttr::getNameStr()));
}

void kiln::setVariableRead(FunctionOpInterface func, unsigned arg) {
  func.setArgAttr(arg, VariableReadAttr::getNameStr(),
                  UnitAttr::get(func.getContext()));
}

NamedAttribute kiln::arenaSlotArgAttr(MLIRContext *ctx, int64_t offset) {
  return NamedAttribute(StringAttr::get(ctx, ArenaSlotAttr::getNameStr()),
                        IntegerAttr::get(IntegerType::get(ctx, 64), offset));
}

std::optional<int64_t> kiln::getArenaSlotOffset(FunctionOpInterface func,
                                                unsigned arg) {
  if (auto offset =
          func.getArgAttrOfType<IntegerAttr>(arg, ArenaSlotAttr::getNameStr()))
    return offset.getInt();
  return std::nullopt;
}

std::optional<ArenaPlan> kiln::getArenaPlan(Operation *func) {
  auto bytes = func->getAttrOfType<IntegerAttr>(ArenaBytesAttr::getNameStr());
  auto bound =
      func->getAttrOfType<IntegerAttr>(ArenaLowerBoundAttr::getNameStr());
  if (!bytes || !bound)
    return std::nullopt;
  return ArenaPlan{bytes.getInt(), bound.getInt()};
}

void kiln::setArenaPlan(Operation *func, ArenaPlan plan) {
  Builder b(func->getContext());
  func->setAttr(ArenaBytesAttr::getNameStr(), b.getI64IntegerAttr(plan.bytes));
  func->setAttr(ArenaLowerBoundAttr::getNameStr(),
                b.getI64IntegerAttr(plan.lowerBound));
}

KernelAttr kiln::getKernel(Operation *func) {
  return func->getAttrOfType<KernelAttr>(KernelAttrName::getNameStr());
}

void kiln::setKernel(Operation *func, KernelAttr kernel) {
  func->setAttr(KernelAttrName::getNameStr(), kernel);
}

ContractionAttr kiln::getContraction(Operation *op) {
  return op->getAttrOfType<ContractionAttr>(ContractionAttrName::getNameStr());
}

void kiln::setContraction(Operation *op, ContractionAttr contraction) {
  op->setAttr(ContractionAttrName::getNameStr(), contraction);
}

LogicalResult
ContractionAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        ContractionKind kind, ArrayRef<int64_t> strides,
                        ArrayRef<int64_t> dilations) {
  size_t windowRank = kind == ContractionKind::MatMul ? 0 : 2;
  if (strides.size() != windowRank || dilations.size() != windowRank)
    return emitError() << stringifyContractionKind(kind) << " takes "
                       << windowRank << " strides and dilations, got "
                       << strides.size() << " and " << dilations.size();
  if (llvm::any_of(llvm::concat<const int64_t>(strides, dilations),
                   [](int64_t factor) { return factor < 1; }))
    return emitError() << "strides and dilations must be at least 1";
  return success();
}
