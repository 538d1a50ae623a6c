#!/usr/bin/env bash
# Installs missing Debian 12 packages (idempotent; a no-op when all are present), then configures
# and builds edgetwin into ${EDGETWIN_BUILD_DIR:-build}. Sourced by quickstart.sh and test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${EDGETWIN_BUILD_DIR:-$root/build}"

packages=(cmake g++ ninja-build ccache pkg-config git python3 libsystemc-dev verilator libhdf5-dev hdf5-tools
          libeigen3-dev nlohmann-json3-dev catch2 libcli11-dev libopenmpi-dev openmpi-bin python3-h5py)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "edgetwin setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

jobs="$(nproc 2>/dev/null || echo 2)"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${EDGETWIN_CMAKE_ARGS:-} >&2
fi
cmake --build "$build" -j "$jobs" >&2
