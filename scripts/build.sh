#!/usr/bin/env bash
# Configures and builds kiln into build/ (tools land in build/bin/).
# Installs missing Debian packages first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
if [ ! -f build/build.ninja ]; then
  cmake -G Ninja -S . -B build
fi
# Two cores: MLIR translation units need ~1 GiB each, so -j2 is the ceiling.
ninja -C build -j2 "$@"
