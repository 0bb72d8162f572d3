//===- SessionSplitPlan.h - how a run splits at all-reduces -----*- C++ -*-===//
//
// Private to compiler/API (Session.cpp owns the plans, SessionAllReduce.cpp
// makes and runs them).
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_SESSIONSPLITPLAN_H
#define KILN_COMPILER_API_SESSIONSPLITPLAN_H

#include "compiler/API/Session.h"

#include <string>
#include <utility>
#include <vector>

namespace kiln {

struct Session::SplitPlan {
  /// Fetches of the first half: the caller's that do not reach an
  /// all-reduce, then every all-reduce input.
  std::vector<std::string> firstFetches;
  /// How many of the first half's outputs are the caller's.
  size_t callerOutputsFirst = 0;
  /// The second half's fetches and the names it is fed the averages under
  /// ("node", "node:1", ...), one per all-reduce input.
  std::vector<std::string> secondFetches, reducedNames;
  /// For the caller's i-th output (targets return none): which half
  /// produced it and at which position.
  std::vector<std::pair<bool, size_t>> outputSource;
};

} // namespace kiln

#endif // KILN_COMPILER_API_SESSIONSPLITPLAN_H
