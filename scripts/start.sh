#!/usr/bin/env bash
# The main thing, for now: build the engine and run the default C++ example on the real clock.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh native-debug >/dev/null
example=${1:-hello_world}
echo "Running the C++ example '$example' (all examples: build/native-debug/examples/cpp-examples list)"
exec build/native-debug/examples/cpp-examples run "$example"
