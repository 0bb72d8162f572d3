#!/usr/bin/env bash
# kiln's main job end to end, as far as it exists today:
#  1. build the compiler and tools;
#  2. run the import-cleanup pipeline on the seed MLP's inference step
#     (examples/mlp_inference.mlir): the feed's batch of 32 propagates
#     through every op and the cleaned module is printed;
#  3. JIT-compile and run a frozen toy classifier on a batch of 3 inputs
#     with kiln-run (probabilities and classes printed);
#  4. compile the same classifier ahead of time into an object and a C
#     header, and print the planned arena.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh kiln-opt kiln-run kiln-compile
echo "== import cleanup of the seed MLP (examples/mlp_inference.mlir)"
build/bin/kiln-opt --kiln-import-cleanup-pipeline examples/mlp_inference.mlir

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/tools/Inputs/npy.py "$work/x.npy" '<f4' 3,4 \
  0.5,-1,2,0.1,1,1,1,1,-2,0.3,0.7,-0.4
echo "== kiln-run examples/toy_classifier.mlir on a batch of 3"
build/bin/kiln-run examples/toy_classifier.mlir --feed "x=$work/x.npy"
echo "== kiln-compile the classifier for batch 3"
build/bin/kiln-compile examples/toy_classifier.mlir --feed 'x:f32[3,4]' \
  -o "$work/classifier"
ls "$work"/classifier.*
