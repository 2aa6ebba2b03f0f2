#!/usr/bin/env bash
# Fuzzing (cargo-fuzz / libFuzzer) of the five targets in fuzz/:
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]     default: 30 s each, every target
# Each target starts from its committed seed corpus (fuzz/seeds/<target>) and grows a working
# corpus under target/fuzz-corpus/<target> (not committed). A crash fails the run and leaves
# its input in fuzz/artifacts/<target>/. Stable rustc is used with RUSTC_BOOTSTRAP=1 (the
# instrumentation flags are unstable), so no nightly toolchain is needed; no sanitizer: our
# crates have no unsafe code, panics are what is looked for.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SECONDS_EACH=${1:-30}
shift || true
TARGETS=("$@")
((${#TARGETS[@]})) || TARGETS=(search group edits table pcs)
[[ -f .tools/env.sh ]] || bash scripts/setup.sh >/dev/null
source .tools/env.sh
export RUSTC_BOOTSTRAP=1
# The fuzz build has its own target dir: instrumented code must not mix with the normal build.
export CARGO_TARGET_DIR=$ROOT/target/fuzz
cd fuzz
cargo fuzz build --sanitizer none --release
for t in "${TARGETS[@]}"; do
  corpus=$ROOT/target/fuzz-corpus/$t
  mkdir -p "$corpus" "artifacts/$t"
  log=$ROOT/target/fuzz-$t.log
  start=$(date +%s)
  if ! cargo fuzz run --sanitizer none --release "$t" "$corpus" "seeds/$t" -- \
      -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz $t: CRASH (input in fuzz/artifacts/$t)"
    exit 1
  fi
  runs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log" | tail -1)
  echo "fuzz $t: ${runs:-?} executions in $(( $(date +%s) - start )) s, no crash"
done
