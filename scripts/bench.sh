#!/usr/bin/env bash
# Builds the optimised presets and runs the benchmarks: the engine's (bench/run.mjs; extra arguments
# go to it), then the Python interpreter's in wasm beside python3 (bench/python.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh native-release wasm >/dev/null
node bench/run.mjs "$@"
node bench/python.mjs
