#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (their own small CMake project) and runs each for
# ${EDGETWIN_FUZZ_RUNS:-100000} executions with a fixed seed (reproducible), at most
# ${EDGETWIN_FUZZ_SECONDS:-120} s each: model files, calibration traces, scenario/sweep files,
# calibration overlays, rram ops scripts and matrix files. Long exploratory runs: run a target by
# hand (see tests/fuzz/CMakeLists.txt and tests/fuzz/inputs.cmake).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${EDGETWIN_FUZZ_BUILD_DIR:-$root/build-fuzz}"
missing=()
for p in clang libclang-rt-14-dev nlohmann-json3-dev libeigen3-dev libsystemc-dev pkg-config cmake ninja-build; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
CXX=clang++ cmake -S "$root/tests/fuzz" -B "$build" -G Ninja -DEDGETWIN_FUZZ_SECONDS="${EDGETWIN_FUZZ_SECONDS:-120}" -DEDGETWIN_FUZZ_RUNS="${EDGETWIN_FUZZ_RUNS:-100000}" >&2
cmake --build "$build" >&2
cd "$build"
exec ctest --output-on-failure
