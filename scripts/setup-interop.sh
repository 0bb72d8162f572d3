#!/usr/bin/env bash
# Installs the peer frameworks kiln's interop tests compare against
# (tensorflow-cpu, numpy, tensorboard; onnx, onnxruntime and tf2onnx for the
# ONNX frontend's; hdfs, the reference WebHDFS client) into a virtual environment outside the build:
# ${KILN_VENV:-~/.cache/kiln/venv}. With --bench it also installs torch
# (benchmark peer, and the exporter of the torch ONNX interop tests; torch
# from PyPI brings several GB of CUDA libraries). PyPI is used only here, never by the build.
# Idempotent; when PyPI cannot be reached it says so and exits 0, and the
# interop tests (or benchmark peers) are skipped with that reason.
set -uo pipefail

venv=${KILN_VENV:-$HOME/.cache/kiln/venv}
packages=(tensorflow-cpu numpy tensorboard onnx onnxruntime tf2onnx hdfs)
modules="tensorflow, numpy, tensorboard, onnx, onnxruntime, tf2onnx, hdfs"
if [ "${1:-}" = "--bench" ]; then
  packages+=(torch onnxscript)
  modules+=", torch, onnxscript"
fi
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import $modules" 2>/dev/null; then
  echo "setup-interop: ${packages[*]} present in $venv"
  exit 0
fi
if ! python3 -c "import venv, ensurepip" 2>/dev/null; then
  echo "setup-interop: python3-venv missing; interop tests will be skipped"
  exit 0
fi
echo "setup-interop: installing ${packages[*]} into $venv"
if { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"; } &&
   "$venv/bin/pip" install -q "${packages[@]}"; then
  echo "setup-interop: done"
else
  echo "setup-interop: could not install from PyPI; interop tests will be skipped"
fi
exit 0
