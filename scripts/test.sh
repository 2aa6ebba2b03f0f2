#!/usr/bin/env bash
# Command 2: set up, build, and run every test: native unit and integration tests, wasm tests
# in Node and headless Chromium, the browser end-to-end tests, and each fuzz target briefly. Prints step timings and one
# closing line with the totals.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
START=$(date +%s)
bash scripts/setup.sh
source .tools/env.sh
source scripts/lib.sh
LOGS=$ROOT/target/test-logs
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log

build_all
step "npm package -> target/npm/codeglass" bash scripts/package.sh
# Clippy must belong to the rustc in use (clippy 0.1.N goes with rustc 1.N).
clippy_matches() {
  local c r
  c=$(cargo clippy --version 2>/dev/null | sed -n 's/^clippy 0\.1\.\([0-9]*\).*/\1/p')
  r=$(rustc --version | sed -n 's/^rustc 1\.\([0-9]*\).*/\1/p')
  [[ -n $c && $c == "$r" ]]
}
lint() {
  if ! clippy_matches; then echo "no clippy for $(rustc --version): lint skipped"; return 0; fi
  cargo fmt --all --check
  cargo clippy --workspace --all-targets -q -- -D warnings
  wasm_env cargo clippy --target wasm32-unknown-unknown -p codeglass-wasm --all-targets -q -- -D warnings
}
step "rustfmt --check + clippy -D warnings" lint
# Each runner's output is kept to add up the totals at the end.
native() { cargo test --workspace --exclude codeglass-wasm -- --show-output 2>&1 | tee "$LOGS/native.log"; }
step "native tests (cargo test --workspace)" native
wasm_tests() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    wasm_env cargo test --target wasm32-unknown-unknown -p codeglass-wasm 2>&1 | tee "$LOGS/wasm.log"
}
step "wasm tests (Node + headless Chromium)" wasm_tests
e2e() { (cd tests/e2e && node --test --test-concurrency=1 ./*.test.mjs) 2>&1 | tee "$LOGS/e2e.log"; }
step "browser end-to-end tests (Playwright + Chromium)" e2e
# Each fuzz target briefly, from its seeds, so a regression shows (long runs: scripts/fuzz.sh 600).
fuzz() { bash scripts/fuzz.sh "${FUZZ_SECONDS:-30}" 2>&1 | tee "$LOGS/fuzz.log"; }
step "fuzz targets (cargo-fuzz, ${FUZZ_SECONDS:-30} s each)" fuzz

print_timings
passed=$(cat "$LOGS/native.log" "$LOGS/wasm.log" | awk '/^test result:/ {for (i = 1; i <= NF; i++) if ($(i+1) ~ /^passed/) s += $i} END {print s + 0}')
failed=$(cat "$LOGS/native.log" "$LOGS/wasm.log" | awk '/^test result:/ {for (i = 1; i <= NF; i++) if ($(i+1) ~ /^failed/) s += $i} END {print s + 0}')
passed=$((passed + $(awk '/^# pass/ {print $3}' "$LOGS/e2e.log")))
failed=$((failed + $(awk '/^# fail/ {print $3}' "$LOGS/e2e.log")))
skipped=$(grep -ch '^SKIPPED' "$LOGS/native.log" || true)
echo "total time: $(( $(date +%s) - START )) s; tests that skipped for lack of the CMS kit: $skipped"
echo "codeglass: $passed passed, $failed failed"
[[ $failed == 0 ]]
