#!/usr/bin/env bash
# Benchmarks (not tests): search latency per query, natively and in WASM under Node, on the
# same queries in one run, printed as one table.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh --run >/dev/null
source .tools/env.sh
source scripts/lib.sh
cargo build --release -p codeglass-bench -q
wasm_env cargo build --release --target wasm32-unknown-unknown -p codeglass-wasm -q
PKG=$CARGO_TARGET_DIR/wasm-node
wasm-bindgen --target nodejs --out-dir "$PKG" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/codeglass_wasm.wasm"
QUERIES=$CARGO_TARGET_DIR/bench-queries.json
{
  echo -e "engine\tqueries\tp50 µs\tp99 µs\tmax µs\tresults/query"
  "$CARGO_TARGET_DIR/release/codeglass-bench" search --queries-out "$QUERIES"
  WASM_NODE_PKG=$PKG node tests/bench/search.mjs "$QUERIES"
} | column -t -s $'\t'
echo "(search over ICD-10-CM and ICD-10-PCS FY2027, limit 20; $(nproc) cores, $(uname -m))"
