#!/usr/bin/env bash
# Every test: the engine's doctest suite natively (plain and under ASan+UBSan) and in Node as
# WebAssembly, the examples against python3, and the Node tests. Each phase says how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."

phase_start=$SECONDS
phase() {  # phase NAME: ends the previous phase (printing its time) and starts NAME
  local elapsed=$((SECONDS - phase_start))
  [[ -n ${phase_name:-} ]] && printf '%s: %dm%02ds\n' "$phase_name" $((elapsed / 60)) $((elapsed % 60))
  phase_name=$1
  phase_start=$SECONDS
  [[ -n $phase_name ]] && echo "test.sh: $phase_name"
  return 0
}

phase "setup"
bash scripts/setup.sh
phase "build"
bash scripts/build.sh native-debug native-asan wasm

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for preset in native-debug native-asan wasm; do
  phase "test: $preset"
  ctest --preset "$preset" -j2
done

phase "test: node"
node --test tests/node/

phase "test: browser"
node scripts/build-web.mjs
node --test tests/browser/
phase ""
echo "test.sh: all passed in $((SECONDS / 60))m$(printf '%02d' $((SECONDS % 60)))s"
