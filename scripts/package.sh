#!/usr/bin/env bash
# Builds the npm package into target/npm/codeglass: wasm-pack's package (the engine, its
# package.json, README and .d.ts) with the loader, the custom element, their types and the
# compiled tables added. `npm pack` in that folder makes the tarball.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
source .tools/env.sh
source scripts/lib.sh
OUT=$ROOT/target/npm/codeglass
rm -rf "$OUT"
# wasm-pack refuses --mode no-install on the Debian route ("target not found in sysroot").
mode=no-install
[[ ${CODEGLASS_WASM_ROUTE:-} == debian ]] && mode=force
wasm_env wasm-pack build crates/wasm --release --target web --out-dir "$OUT" --out-name codeglass_wasm --mode "$mode"
# The loader imports the engine from ./pkg/ in www/; in the package it sits beside it.
sed 's#\./pkg/codeglass_wasm\.js#./codeglass_wasm.js#g' www/codeglass.js > "$OUT/codeglass.js"
sed 's#\./pkg/codeglass_wasm\.js#./codeglass_wasm.js#g' www/codeglass.d.ts > "$OUT/codeglass.d.ts"
cp www/codeglass-encoder.js www/codeglass-encoder.css "$OUT/"
mkdir -p "$OUT/tables"
cp code_tables/*.cgt code_tables/manifest.json "$OUT/tables/"
node - "$OUT/package.json" <<'JS'
const fs = require('fs');
const file = process.argv[2];
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
p.name = 'codeglass';
p.description = 'ICD-10-CM/PCS lookup, MS-DRG grouping and Medicare Code Editor in the browser (WebAssembly)';
p.module = 'codeglass.js';
p.main = 'codeglass.js';
p.types = 'codeglass.d.ts';
p.exports = {
  '.': { types: './codeglass.d.ts', default: './codeglass.js' },
  './encoder': './codeglass-encoder.js',
  './engine': { types: './codeglass_wasm.d.ts', default: './codeglass_wasm.js' },
  './tables/*': './tables/*',
  './*': './*',
};
p.files = [...new Set([...(p.files || []), 'codeglass.js', 'codeglass.d.ts', 'codeglass-encoder.js', 'codeglass-encoder.css', 'tables/'])];
p.sideEffects = ['./codeglass-encoder.js', './snippets/*'];
fs.writeFileSync(file, `${JSON.stringify(p, null, 2)}\n`);
JS
echo "npm package: $OUT ($(du -sh "$OUT" | cut -f1))"
