#!/usr/bin/env bash
# Installs what building and testing Codeglass needs, idempotently, and writes .tools/env.sh
# for the other scripts to source. Sourced by scripts/run.sh and scripts/test.sh; run it on its
# own to prepare a machine.
#
#   scripts/setup.sh            everything (build + tests)
#   scripts/setup.sh --run      only what `scripts/run.sh` needs (no browser, no test packages)
#
# Knobs: WASM_ROUTE=auto|rustup|debian, TOOLS=dir (default .tools), CHROMIUM, CHROMEDRIVER.
# Registries are the only network it uses (crates.io, npm, Debian apt, and rustup's own
# server when it answers).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${TOOLS:-$ROOT/.tools}
MODE=${1:-all}
CARGO_FUZZ_VERSION=0.13.2
TARGET=wasm32-unknown-unknown
export RUSTUP_AUTO_INSTALL=0           # never let a rustup proxy fetch a whole toolchain
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mkdir -p "$TOOLS/bin"
export PATH="$TOOLS/bin:$PATH"
cd "$ROOT"

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

APT_UPDATED=0
apt_install() {  # installs the missing Debian packages only (apt-get update at most once)
  local p missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then echo "apt: already installed: $*"; return 0; fi
  have apt-get && [[ $(id -u) == 0 ]] || die "missing packages: ${missing[*]}; install them (as root: apt-get install ${missing[*]})"
  if ((APT_UPDATED == 0)); then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# ---- Rust: pick the first wasm32 route that works ----------------------------------------------
have cargo || die "cargo is required (https://rustup.rs)"
has_wasm_std() { [[ -d "$(rustc --target $TARGET --print target-libdir 2>/dev/null)" ]]; }
ROUTE=${WASM_ROUTE:-auto}
if [[ $ROUTE == auto ]]; then
  if has_wasm_std; then ROUTE=rustup
  elif have rustup && step "rustup target add $TARGET" timeout 300 rustup target add $TARGET && has_wasm_std; then ROUTE=rustup
  else ROUTE=debian; fi
fi
WASM_ENV=""
TARGET_DIR=$ROOT/target
case $ROUTE in
  rustup) has_wasm_std || die "WASM_ROUTE=rustup but $(command -v rustc) has no $TARGET std" ;;
  debian)
    # Debian's rustc-web has no wasm32 std; build it from the matching sources (-Zbuild-std).
    step "apt: Debian rustc-web + std sources" apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22 rust-web-clippy
    [[ $(dpkg-query -W -f='${Version}' rustc-web) == "$(dpkg-query -W -f='${Version}' rust-web-src)" ]] \
      || die "rustc-web and rust-web-src versions differ (build-std needs the same version)"
    mkdir -p "$TOOLS/debian-rust"
    # Clippy too: a clippy of another rustc would mix compilers in one target dir.
    for b in cargo rustc rustdoc cargo-clippy clippy-driver; do
      [[ -e /usr/bin/$b ]] && ln -sf "/usr/bin/$b" "$TOOLS/debian-rust/$b"
    done
    export PATH="$TOOLS/debian-rust:$PATH"
    WASM_ENV="RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort"
    TARGET_DIR=$ROOT/target/debian ;;
  *) die "unknown WASM_ROUTE=$ROUTE (auto, rustup or debian)" ;;
esac
echo "wasm route: $ROUTE ($(rustc -V))"

# ---- wasm-bindgen CLI at exactly the Cargo.lock version ------------------------------------------
cargo_install() {  # cargo_install <crate> <version> <binary>: --locked first, unlocked as fallback
  local crate=$1 ver=$2 bin=$3
  if [[ "$("$TOOLS/bin/$bin" --version 2>/dev/null)" == "$bin $ver"* ]]; then echo "$bin $ver present"; return 0; fi
  cargo install --root "$TOOLS" --force --locked "$crate" --version "=$ver" \
    || cargo install --root "$TOOLS" --force "$crate" --version "=$ver"
}
WBG_VERSION=$(awk -F'"' '/^name = "wasm-bindgen"$/ {getline; print $2; exit}' Cargo.lock)
[[ -n $WBG_VERSION ]] || die "wasm-bindgen not found in Cargo.lock"
step "wasm-bindgen-cli $WBG_VERSION" cargo_install wasm-bindgen-cli "$WBG_VERSION" wasm-bindgen

# ---- wasm-opt: npm's binaryen (Debian's binaryen 108 cannot read current rustc output) -----------
BINARYEN_VERSION=132.0.0
WASM_OPT=$TOOLS/binaryen/node_modules/.bin/wasm-opt
have node && have npm || step "apt: nodejs npm" apt_install nodejs npm
binaryen_install() {
  if [[ "$("$WASM_OPT" --version 2>/dev/null)" == "wasm-opt version ${BINARYEN_VERSION%%.*} "* ]]; then
    echo "wasm-opt $BINARYEN_VERSION present"; return 0
  fi
  mkdir -p "$TOOLS/binaryen"
  npm install --prefix "$TOOLS/binaryen" --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
}
step "binaryen $BINARYEN_VERSION (wasm-opt)" binaryen_install

if [[ $MODE != --run ]]; then
  step "cargo-fuzz $CARGO_FUZZ_VERSION" cargo_install cargo-fuzz "$CARGO_FUZZ_VERSION" cargo-fuzz

  # ---- Chromium + driver (Debian packages; a browser download is impossible offline) ------------
  CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
  CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver || true)}
  if [[ -z $CHROMIUM || -z $CHROMEDRIVER ]]; then
    step "apt: chromium chromium-driver" apt_install chromium chromium-driver
    CHROMIUM=/usr/bin/chromium; CHROMEDRIVER=/usr/bin/chromedriver
  fi
  npm_e2e() {
    if [[ -f tests/e2e/node_modules/playwright-core/package.json && -f tests/e2e/node_modules/typescript/package.json && -f tests/e2e/node_modules/axe-core/package.json ]] \
       && [[ tests/e2e/node_modules/.package-lock.json -nt tests/e2e/package-lock.json ]]; then
      echo "tests/e2e/node_modules up to date"; return 0
    fi
    (cd tests/e2e && npm ci --no-audit --no-fund)
  }
  step "npm ci tests/e2e (playwright-core, typescript, axe-core)" npm_e2e
  # The wasm-bindgen test runner reads browser options from here (headless, no network).
  cat > "$TOOLS/webdriver.json" <<EOF
{ "goog:chromeOptions": { "binary": "$CHROMIUM", "args": [
  "disable-gpu", "disable-quic", "no-first-run", "disable-background-networking",
  "disable-component-update", "disable-sync",
  "host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1" ] } }
EOF
fi

cat > "$TOOLS/env.sh" <<EOF
# Written by scripts/setup.sh; sourced by the other scripts.
export PATH="$PATH"
export CODEGLASS_WASM_ROUTE=$ROUTE
export CODEGLASS_WASM_ENV="$WASM_ENV"
export CARGO_TARGET_DIR="$TARGET_DIR"
export CODEGLASS_BIN="$TARGET_DIR/release/codeglass"
export WASM_OPT="$WASM_OPT"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$TOOLS/webdriver.json"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
EOF
print_timings
echo "setup done: $TOOLS/env.sh"
