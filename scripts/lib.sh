# Helpers shared by the scripts: step timing, errors, the wasm build.
# shellcheck shell=bash

TIMINGS=${TIMINGS:-}
die() { echo "ERROR: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# step "label" cmd args...: prints the step, runs it, records its wall-clock seconds.
step() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  echo; echo "==> $label"
  "$@"
  end=$(date +%s.%N)
  TIMINGS+=$(awk -v l="$label" -v a="$end" -v b="$start" 'BEGIN { printf "%-52s %8.1f s\\n", l, a - b }')
}

print_timings() {
  echo; echo "== step timings"
  printf '%b' "$TIMINGS"
}

# Runs a command with the wasm route's environment (build-std on the Debian route).
wasm_env() {
  # shellcheck disable=SC2086
  env ${CODEGLASS_WASM_ENV:-} "$@"
}

# Builds the CLI and the wasm package; with `tables`, also recompiles code_tables/ when the
# CMS kit is beside the project. (The test command never recompiles: it checks that the
# committed tables equal a fresh in-memory compile.)
build_all() {
  step "cargo build --release (codeglass CLI)" cargo build --release -p codeglass-cli
  local cms=${CMS_SOURCES:-$ROOT/../shared/cms}
  if [[ ${1:-} != tables ]]; then
    echo "using the committed code_tables/"
  elif [[ -d $cms/icd10cm ]]; then
    step "codeglass tables build (from $cms)" "$CODEGLASS_BIN" tables build --cms "$cms" --out "$ROOT/code_tables"
  else
    echo "no CMS kit at $cms: using the committed code_tables/"
  fi
  step "wasm release build -> www/pkg" build_wasm
  # The pages fetch the tables from www/tables/.
  if [[ ! -e $ROOT/www/tables ]]; then
    ln -s ../code_tables "$ROOT/www/tables" 2>/dev/null || cp -r "$ROOT/code_tables" "$ROOT/www/tables"
  fi
}

# wasm-bindgen on the release build into $1: the site's www/pkg and the npm package get the same
# bytes from here. Dropping the name and producers sections is the biggest size win (see
# TOOLCHAIN notes); the reset-state function lets the loader restart the engine after a panic
# in the same module (a second module URL does not survive bundlers).
bindgen_to() {
  wasm-bindgen --target web --remove-name-section --remove-producers-section --experimental-reset-state-function \
    --out-dir "$1" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/codeglass_wasm.wasm"
  optimise_wasm "$1/codeglass_wasm_bg.wasm"
}

# wasm-opt -O3 on a bindgen output, in place: searches about a tenth faster and the module 7%
# smaller raw (the same compressed). The features are the ones rustc enables for wasm32 by default.
optimise_wasm() {
  "$WASM_OPT" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-multivalue --enable-reference-types "$1" -o "$1.opt"
  mv "$1.opt" "$1"
}

build_wasm() {
  wasm_env cargo build --release --target wasm32-unknown-unknown -p codeglass-wasm
  rm -rf "$ROOT/www/pkg"
  bindgen_to "$ROOT/www/pkg"
  # The service worker's cache name: changes whenever the engine, a page file or the tables do.
  local build
  build=$(cat "$ROOT/www/pkg/codeglass_wasm.js" "$ROOT/www/pkg/codeglass_wasm_bg.wasm" "$ROOT"/www/*.html "$ROOT"/www/*.js "$ROOT"/www/*.css "$ROOT/code_tables/manifest.json" | sha256sum | cut -c1-16)
  echo "self.CODEGLASS_BUILD = '$build';" > "$ROOT/www/pkg/build.js"
  ls -l "$ROOT/www/pkg/"*.wasm
}
