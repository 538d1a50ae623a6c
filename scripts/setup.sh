#!/usr/bin/env bash
# Installs missing Debian 12 packages (idempotent; a no-op when all are present), then configures
# and builds edgetwin into ${EDGETWIN_BUILD_DIR:-build}. Sourced by quickstart.sh and test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${EDGETWIN_BUILD_DIR:-$root/build}"

packages=(cmake g++ ninja-build ccache pkg-config git python3 libsystemc-dev verilator libhdf5-dev hdf5-tools
          libeigen3-dev nlohmann-json3-dev catch2 libcli11-dev libopenmpi-dev openmpi-bin python3-h5py
          pybind11-dev python3-dev python3-pandas python3-tables)
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

# `import edgetwin` for Debian's python3: a .pth file in this user's site-packages names the build's
# python/ folder. Written only when absent or ours (it holds nothing else), never over another file.
if [ -d "$build/python/edgetwin" ] && [ -x /usr/bin/python3 ]; then
  site="$(/usr/bin/python3 -m site --user-site 2>/dev/null || true)"
  if [ -n "$site" ]; then
    pth="$site/edgetwin-build.pth"
    if [ ! -e "$pth" ] || { [ -f "$pth" ] && [ ! -L "$pth" ] && grep -qx "/.*/python" "$pth" && [ "$(wc -l < "$pth")" -le 1 ]; }; then
      mkdir -p "$site" && printf '%s\n' "$build/python" > "$pth.tmp.$$" && mv -f "$pth.tmp.$$" "$pth"
    fi
  fi
fi
