#!/usr/bin/env bash
# Data-parallel scaling of the Fashion-MNIST trainer over MPI: step time,
# examples per second and the all-reduce's share of the step for 1, 2 and
# 4 ranks (4 on this 2-core machine is oversubscribed, marked so), MLP and
# CNN, each rank on one thread (KILN_NUM_THREADS=1) and a fixed per-rank
# batch (weak scaling, as Horovod reports it). Each run is repeated and the
# median step time printed. Record results in bench/RESULTS.md.
#
#   bash bench/scaling.sh [--repeats N]     (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=3
if [ "${1:-}" = "--repeats" ] && [ -n "${2:-}" ]; then
  repeats=$2
fi
bash scripts/build.sh kiln-fashion-mnist >/dev/null
export KILN_NUM_THREADS=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run: prints "STEP_MS ALLREDUCE_MS BYTES" from the trainer's timing
# line (one rank: no split, no all-reduce).
run() { # model batch steps ranks
  mpirun --oversubscribe -np "$4" build/bin/kiln-fashion-mnist --data-parallel \
    --model "$1" --batch-size "$2" --max-steps "$3" --quiet |
    sed -n 's/^data-parallel: .* ranks\?, \([0-9.]*\) ms per step, all-reduce of \([0-9]*\) bytes in \([0-9.]*\) ms.*/\1 \3 \2/p'
}

echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $cores cores"
echo "date: $(date -u +%F)"
echo "per-rank threads: 1; medians of $repeats runs"
printf '%-5s %6s %6s %10s %12s %13s %12s %s\n' model ranks batch "step ms" "examples/s" "allreduce ms" "grad bytes" note
for spec in "mlp 100 300" "cnn 64 40"; do
  read -r model batch steps <<< "$spec"
  for ranks in 1 2 4; do
    for ((i = 0; i < repeats; ++i)); do run "$model" "$batch" "$steps" "$ranks"; done > "$work/runs"
    read -r step allreduce bytes < <(sort -n "$work/runs" | sed -n "$(( (repeats + 1) / 2 ))p")
    note=""
    [ "$ranks" -gt "$cores" ] && note="oversubscribed ($ranks ranks on $cores cores)"
    examples=$(python3 -c "print('%.0f' % ($ranks * $batch * 1e3 / $step))")
    printf '%-5s %6s %6s %10s %12s %13s %12s %s\n' "$model" "$ranks" "$batch" "$step" "$examples" "$allreduce" "$bytes" "$note"
  done
done
