#!/usr/bin/env bash
# Installs kiln's build and test dependencies from Debian's packages.
# Idempotent: packages already present are skipped, and nothing prompts.
set -euo pipefail

packages=(
  cmake ninja-build ccache
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22
  libclang-rt-22-dev
  protobuf-compiler libprotobuf-dev
  libeigen3-dev zlib1g-dev libpng-dev libgtest-dev
  libcurl4-openssl-dev openmpi-bin libopenmpi-dev
  dataset-fashion-mnist
  python3
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
