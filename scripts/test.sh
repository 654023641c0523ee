#!/usr/bin/env bash
# Every test: the engine's doctest suite natively (plain and under ASan+UBSan) and in Node as
# WebAssembly, the examples against python3, and the Node tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh native-debug native-asan wasm

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for preset in native-debug native-asan wasm; do
  echo "test: $preset"
  ctest --preset "$preset" -j2
done

echo "test: node"
node --test tests/node/

echo "test: browser"
node scripts/build-web.mjs
node --test tests/browser/
