#!/usr/bin/env bash
# npm start: build what the playground needs and serve it on 127.0.0.1 (PORT, default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh wasm
node scripts/build-web.mjs
exec node scripts/serve.mjs
