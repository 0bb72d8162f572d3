#!/usr/bin/env bash
# kiln's main job end to end: installs what is missing (scripts/build.sh
# runs install-deps.sh), builds, and trains
# the seed MLP (784-200-200-10, relu, SGD) on Debian's Fashion-MNIST with
# kiln's compiled train step - forward, backward and update in one fused,
# memory-planned executable - saving a TensorFlow-compatible checkpoint
# every epoch, then restores the latest checkpoint and evaluates it again.
# The last line is "test accuracy: 0.XXXX" (about 0.88 with the defaults,
# in well under a minute on two cores). Extra arguments go to the trainer
# (e.g. --optimizer=adam --epochs=5).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh kiln-fashion-mnist

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== kiln-fashion-mnist --model=mlp --checkpoint-dir $work/train $*"
build/bin/kiln-fashion-mnist --model=mlp --checkpoint-dir "$work/train" "$@"
echo "== restore the latest checkpoint and evaluate"
build/bin/kiln-fashion-mnist --eval-only --checkpoint-dir "$work/train"
