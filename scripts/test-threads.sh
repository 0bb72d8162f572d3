#!/usr/bin/env bash
# Runs the session concurrency test (8 threads on one kiln::Session, same
# and different signatures; tests/unit/SessionThreadsTest.cpp) under
# ThreadSanitizer: configures build-tsan/ (clang 22, KILN_SANITIZE=thread on
# all of kiln's code; LLVM and MLIR stay Debian's), builds the session
# tests and runs that test. A data race, a lock-order inversion or a wrong
# result fails it. Not part of scripts/test.sh (a third build of kiln).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
if [ ! -f build-tsan/build.ninja ]; then
  CC=clang-22 CXX=clang++-22 cmake -G Ninja -S . -B build-tsan \
    -DCMAKE_BUILD_TYPE=Release -DKILN_SANITIZE=thread -DKILN_PYTHON=OFF
fi
ninja -C build-tsan -j2 KilnSessionTests
# halt_on_error: the first report fails the run; second_deadlock_stack
# prints both stacks of a lock-order inversion; the suppressions say why
# LLVM's and MLIR's own threads are left out.
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 \
suppressions=$PWD/tests/unit/tsan-suppressions.txt ${TSAN_OPTIONS:-}" \
  build-tsan/tests/unit/KilnSessionTests --gtest_filter='SessionThreads.*'
