#!/usr/bin/env bash
# Configures build-sanitize/: kiln built by clang 22 with AddressSanitizer
# and UndefinedBehaviorSanitizer on all of its own code (LLVM and MLIR stay
# Debian's), plus libFuzzer's coverage and the fuzz targets. Shared by the
# sanitizer job (scripts/test-sanitized.sh) and tests/fuzz/run.sh, so one
# build serves both.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build-sanitize/build.ninja ]; then
  CC=clang-22 CXX=clang++-22 cmake -G Ninja -S . -B build-sanitize \
    -DCMAKE_BUILD_TYPE=Release -DKILN_SANITIZE=address,undefined \
    -DKILN_FUZZERS=ON -DKILN_PYTHON=OFF
fi
