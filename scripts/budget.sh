#!/usr/bin/env bash
# The widget's budgets (bytes, first result cold and warm, keystroke latency, wasm memory),
# measured in headless Chromium, and the example clients' build sizes, printed as a table (also
# written to target/budget.md).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
source .tools/env.sh
source scripts/lib.sh
build_all
# The example clients are built from the npm package.
step "npm package -> target/npm/codeglass" bash scripts/package.sh
(cd tests/e2e && node budget.mjs)
