//===- TargetRegistry.h - targets by name -----------------------*- C++ -*-===//
//
// Each target registers a factory under its name once, at start-up
// (`registerAllKilnTargets()` in compiler/API/Registration.h); drivers,
// pipelines and passes then create targets from a `TargetSpec`. Register
// before any thread creates targets; lookups are thread-safe afterwards.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TARGET_TARGETREGISTRY_H
#define KILN_COMPILER_TARGET_TARGETREGISTRY_H

#include "compiler/Target/Target.h"

#include <functional>
#include <vector>

namespace kiln {

struct TargetRegistration {
  std::string name;
  /// One line for --list-targets.
  std::string description;
  /// Builds the target for a spec naming it; fails on a chip or feature
  /// the target does not know.
  std::function<Status(const TargetSpec &, std::unique_ptr<Target> &)> create;
};

/// Adds a target; registering a name twice keeps the first.
void registerTarget(TargetRegistration registration);

/// Every registered target, by name.
std::vector<const TargetRegistration *> registeredTargets();

/// Creates the target `spec` names into `target`. An unknown name is an
/// error listing the registered ones.
Status createTarget(const TargetSpec &spec, std::unique_ptr<Target> &target);

} // namespace kiln

#endif // KILN_COMPILER_TARGET_TARGETREGISTRY_H
