#!/usr/bin/env bash
# Builds the optimised presets and runs the benchmarks (bench/run.mjs). Extra arguments go to it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh native-release wasm >/dev/null
node bench/run.mjs "$@"
