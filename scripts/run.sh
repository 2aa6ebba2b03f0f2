#!/usr/bin/env bash
# Command 1: set up, build the wasm engine and the tables, and serve the demo on 127.0.0.1.
#   scripts/run.sh            (PORT=8080 by default; PORT=0 picks a free one)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh --run
source .tools/env.sh
source scripts/lib.sh
build_all tables
print_timings
exec "$CODEGLASS_BIN" serve --dir "$ROOT/www" --port "${PORT:-8080}"
