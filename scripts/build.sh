#!/usr/bin/env bash
# Configures (once) and builds the given CMake presets. Usage: scripts/build.sh PRESET...
set -euo pipefail
cd "$(dirname "$0")/.."
# Emscripten's optimising linker runs JS tools that need Debian's node modules (acorn).
export NODE_PATH=/usr/share/nodejs
for preset in "$@"; do
  started=$SECONDS
  if [[ ! -f build/$preset/build.ninja ]]; then
    cmake --preset "$preset" >/dev/null
  fi
  echo "build: $preset"
  cmake --build --preset "$preset"
  if [[ $preset == wasm ]]; then
    # The module the JavaScript API loads (lib/loopscope.mjs looks in dist/).
    mkdir -p dist
    cp build/wasm/bindings/loopscope-engine.js build/wasm/bindings/loopscope-engine.wasm dist/
    printf '{"type": "commonjs"}\n' > dist/package.json
  fi
  echo "build: $preset took $((SECONDS - started)) s"
done
