//===- Target.cpp - target specs and the target registry ------------------===//

#include "compiler/Target/Target.h"
#include "compiler/Target/TargetRegistry.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"

namespace kiln {

StepRuntimeHooks Target::stepRuntimeHooks(mlir::ModuleOp) const { return {}; }

std::optional<TargetSpec> TargetSpec::parse(llvm::StringRef text) {
  auto [name, chip] = text.split(':');
  if (name.empty())
    return std::nullopt;
  TargetSpec spec;
  spec.name = name.str();
  spec.chip = chip.str();
  return spec;
}

std::string TargetSpec::str() const {
  return chip.empty() ? name : name + ":" + chip;
}

Target::~Target() = default;

Status Target::createJitEngine(mlir::ModuleOp,
                               std::unique_ptr<mlir::ExecutionEngine> &) const {
  return Status(StatusCode::Unimplemented,
                "target '" + name().str() +
                    "' cannot run code in this process; compile it ahead of "
                    "time");
}

Status Target::openJitDevice(const cuda::GpuSessionOptions &,
                             std::shared_ptr<cuda::GpuDevice> &device) const {
  device = nullptr;
  return Status();
}

namespace {

llvm::StringMap<TargetRegistration> &registry() {
  static llvm::StringMap<TargetRegistration> targets;
  return targets;
}

} // namespace

void registerTarget(TargetRegistration registration) {
  std::string name = registration.name;
  registry().try_emplace(name, std::move(registration));
}

std::vector<const TargetRegistration *> registeredTargets() {
  std::vector<const TargetRegistration *> targets;
  for (const auto &entry : registry())
    targets.push_back(&entry.getValue());
  llvm::sort(targets, [](auto *a, auto *b) { return a->name < b->name; });
  return targets;
}

Status createTarget(const TargetSpec &spec, std::unique_ptr<Target> &target) {
  auto it = registry().find(spec.name);
  if (it == registry().end()) {
    std::string known;
    for (const TargetRegistration *registered : registeredTargets())
      known += (known.empty() ? "" : ", ") + registered->name;
    return notFound("unknown target '" + spec.name + "' (known: " +
                    (known.empty() ? "none registered" : known) + ")");
  }
  return it->getValue().create(spec, target);
}

} // namespace kiln
