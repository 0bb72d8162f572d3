#!/usr/bin/env bash
# kiln's main job end to end, as far as it exists today: build the compiler,
# then run the import-cleanup pipeline on the seed MLP's inference step
# (examples/mlp_inference.mlir). The feed's batch of 32 propagates through
# every op, constants fold, and the cleaned module is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh kiln-opt
build/bin/kiln-opt --kiln-import-cleanup-pipeline examples/mlp_inference.mlir
