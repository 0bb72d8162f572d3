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

# One run: prints "STEP_MS WAITED_MS BYTES BUCKETS" from the trainer's
# timing line (one rank: no split, no all-reduce).
run() { # model batch steps ranks bucket-bytes gbit (0: the network as is)
  local network=()
  [ "$6" != 0 ] && network=(--emulate-network "$6")
  mpirun --oversubscribe -np "$4" build/bin/kiln-fashion-mnist --data-parallel \
    --model "$1" --batch-size "$2" --max-steps "$3" --quiet \
    --all-reduce-bucket-bytes "$5" "${network[@]}" |
    sed -n 's/^data-parallel: .* ranks\?, \([0-9.]*\) ms per step, all-reduce of \([0-9]*\) bytes in \([0-9]*\) buckets\?, waited for \([0-9.]*\) ms.*/\1 \4 \2 \3/p'
}

echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $cores cores"
echo "date: $(date -u +%F)"
echo "per-rank threads: 1; medians of $repeats runs"
# Rows: 1, 2 and 4 ranks summing the gradients at once (the default for
# these models), then 2 ranks with buckets of at least OVERLAP bytes, each
# summed beside the rest of the backward pass; the last two rows again on
# an emulated 1 Gbit/s network (the trainer's --emulate-network), where
# there is more to hide.
printf '%-5s %6s %6s %8s %8s %10s %12s %10s %12s %s\n' model ranks batch network buckets "step ms" "examples/s" "waited ms" "grad bytes" note
for spec in "mlp 100 300 65536" "cnn 64 40 2048"; do
  read -r model batch steps overlap <<< "$spec"
  for config in "1 0 0" "2 0 0" "4 0 0" "2 $overlap 0" "2 0 1" "2 $overlap 1"; do
    read -r ranks bucketBytes gbit <<< "$config"
    for ((i = 0; i < repeats; ++i)); do
      run "$model" "$batch" "$steps" "$ranks" "$bucketBytes" "$gbit"
    done > "$work/runs"
    read -r step waited bytes buckets < <(sort -n "$work/runs" | sed -n "$(( (repeats + 1) / 2 ))p")
    note=""
    [ "$ranks" -gt "$cores" ] && note="oversubscribed ($ranks ranks on $cores cores)"
    [ "$bucketBytes" -gt 0 ] && note="buckets of >= $bucketBytes bytes summed beside the backward pass"
    examples=$(python3 -c "print('%.0f' % ($ranks * $batch * 1e3 / $step))")
    network=local
    [ "$gbit" != 0 ] && network="${gbit} Gbit/s"
    printf '%-5s %6s %6s %8s %8s %10s %12s %10s %12s %s\n' "$model" "$ranks" "$batch" "$network" "${buckets:--}" "$step" "$examples" "${waited:--}" "${bytes:--}" "$note"
  done
done
