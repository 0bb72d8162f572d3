#!/usr/bin/env bash
# Installs the peer frameworks kiln's interop tests compare against
# (tensorflow-cpu, numpy) into a virtual environment outside the build:
# ${KILN_VENV:-~/.cache/kiln/venv}. PyPI is used only here, never by the
# build. Idempotent; when PyPI cannot be reached it says so and exits 0, and
# the interop tests are skipped with that reason.
set -uo pipefail

venv=${KILN_VENV:-$HOME/.cache/kiln/venv}
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import tensorflow, numpy" 2>/dev/null; then
  echo "setup-interop: TensorFlow present in $venv"
  exit 0
fi
if ! python3 -c "import venv, ensurepip" 2>/dev/null; then
  echo "setup-interop: python3-venv missing; interop tests will be skipped"
  exit 0
fi
echo "setup-interop: installing tensorflow-cpu and numpy into $venv"
if python3 -m venv "$venv" && "$venv/bin/pip" install -q tensorflow-cpu numpy; then
  echo "setup-interop: done"
else
  echo "setup-interop: could not install from PyPI; interop tests will be skipped"
fi
exit 0
