#!/usr/bin/env bash
# Installs kiln's Python package into the test virtual environment
# (${KILN_VENV:-~/.cache/kiln/venv}, made by scripts/setup-interop.sh):
# scikit-build-core, nanobind, numpy and pytest from PyPI, then
# `pip install .`, which builds the extension in build/ (KILN_PYTHON=ON)
# against the same Debian LLVM/MLIR as the rest of kiln. Run after
# scripts/build.sh, and again after changing python/ or the libraries it
# links, so the installed package matches the build. When PyPI or the venv
# is missing it says so and exits 0; tests/python is then skipped.
set -uo pipefail
cd "$(dirname "$0")/.."

venv=${KILN_VENV:-$HOME/.cache/kiln/venv}
if [ ! -x "$venv/bin/pip" ]; then
  echo "setup-python: no virtual environment at $venv; Python package tests will be skipped"
  exit 0
fi
if ! "$venv/bin/python" -c "import scikit_build_core, nanobind, numpy, pytest" 2>/dev/null &&
   ! "$venv/bin/pip" install -q scikit-build-core nanobind numpy pytest; then
  echo "setup-python: could not install the build tools from PyPI; Python package tests will be skipped"
  exit 0
fi
if "$venv/bin/pip" install -q --no-build-isolation . ; then
  echo "setup-python: kiln $("$venv/bin/python" -c 'import kiln; print(kiln.__version__)') installed in $venv"
else
  "$venv/bin/pip" uninstall -q -y kiln 2>/dev/null
  echo "setup-python: pip install . failed; Python package tests will be skipped"
fi
exit 0
