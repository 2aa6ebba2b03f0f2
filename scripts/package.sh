#!/usr/bin/env bash
# Builds the npm package into target/npm/codeglass: the engine exactly as the app gets it (the
# same wasm-bindgen step on the same release build, so the same bytes), the loader, the custom
# element, their types, the compiled tables and the `codeglass-tables` command. `npm pack` in
# that folder makes the tarball.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
source .tools/env.sh
source scripts/lib.sh
OUT=$ROOT/target/npm/codeglass
rm -rf "$OUT"
mkdir -p "$OUT/tables" "$OUT/bin"
wasm_env cargo build --release --target wasm32-unknown-unknown -p codeglass-wasm
bindgen_to "$OUT"
# The generated declarations use `Symbol.dispose`, which needs lib ESNext (TS2550 under the
# ES2023 lib of a Vite template with skipLibCheck off); `free()` does the same.
sed -i '/\[Symbol\.dispose\]():/d' "$OUT/codeglass_wasm.d.ts"
# The loader imports the engine from ./pkg/ in www/; in the package it sits beside it.
for f in codeglass.js codeglass.d.ts codeglass-encoder.js codeglass-encoder.d.ts; do
  sed 's#\./pkg/codeglass_wasm\.js#./codeglass_wasm.js#g' "www/$f" > "$OUT/$f"
done
cp www/codeglass-encoder.css "$OUT/"
cp crates/wasm/README.md "$OUT/README.md"
cp scripts/codeglass-tables.js "$OUT/bin/codeglass-tables.js"
cp code_tables/*.cgt code_tables/manifest.json "$OUT/tables/"
node - "$OUT/package.json" <<'JS'
const fs = require('fs');
const { execFileSync } = require('child_process');
const meta = JSON.parse(execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], { encoding: 'utf8' }));
const crate = meta.packages.find((p) => p.name === 'codeglass-wasm');
const p = {
  name: 'codeglass',
  version: crate.version,
  description: 'ICD-10-CM/PCS lookup, MS-DRG grouping and Medicare Code Editor in the browser (WebAssembly)',
  license: crate.license,
  repository: { type: 'git', url: crate.repository },
  type: 'module',
  main: 'codeglass.js',
  module: 'codeglass.js',
  types: 'codeglass.d.ts',
  exports: {
    '.': { types: './codeglass.d.ts', default: './codeglass.js' },
    './encoder': { types: './codeglass-encoder.d.ts', default: './codeglass-encoder.js' },
    './engine': { types: './codeglass_wasm.d.ts', default: './codeglass_wasm.js' },
    './encoder.css': './codeglass-encoder.css',
    './tables/*': './tables/*',
    './package.json': './package.json',
    './*': './*',
  },
  bin: { 'codeglass-tables': 'bin/codeglass-tables.js' },
  files: ['codeglass_wasm_bg.wasm', 'codeglass_wasm.js', 'codeglass_wasm.d.ts', 'codeglass_wasm_bg.wasm.d.ts',
    'codeglass.js', 'codeglass.d.ts', 'codeglass-encoder.js', 'codeglass-encoder.d.ts', 'codeglass-encoder.css',
    'bin/', 'tables/'],
  sideEffects: ['./codeglass-encoder.js', './codeglass.js'],
};
fs.writeFileSync(process.argv[2], `${JSON.stringify(p, null, 2)}\n`);
JS
cmp "$OUT/codeglass_wasm_bg.wasm" "$ROOT/www/pkg/codeglass_wasm_bg.wasm" 2>/dev/null \
  && echo "the package's wasm is the app's ($(stat -c %s "$OUT/codeglass_wasm_bg.wasm") bytes)"
echo "npm package: $OUT ($(du -sh "$OUT" | cut -f1))"
