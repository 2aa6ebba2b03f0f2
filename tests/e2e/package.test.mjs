// The npm package built by scripts/package.sh: its manifest, its files, and TypeScript
// declarations precise enough to type-check a consumer (and to reject its mistakes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const PKG = join(ROOT, 'target/npm/codeglass');

test('the npm package has its manifest, engine, loader, element, types and tables', () => {
  assert.ok(existsSync(join(PKG, 'package.json')), 'scripts/package.sh built the package');
  const p = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  assert.equal(p.name, 'codeglass');
  assert.equal(p.type, 'module');
  assert.equal(p.exports['.'].types, './codeglass.d.ts');
  assert.equal(p.exports['./encoder'].types, './codeglass-encoder.d.ts');
  assert.equal(p.bin['codeglass-tables'], 'bin/codeglass-tables.js');
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PKG, encoding: 'utf8' }));
  const files = packed[0].files.map((f) => f.path);
  for (const f of ['package.json', 'README.md', 'codeglass.js', 'codeglass.d.ts', 'codeglass_wasm.js', 'codeglass_wasm.d.ts',
    'codeglass_wasm_bg.wasm', 'codeglass-encoder.js', 'codeglass-encoder.d.ts', 'codeglass-encoder.css', 'bin/codeglass-tables.js',
    'tables/manifest.json', 'tables/icd10cm-2027.cgt', 'tables/msdrg.cgt']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  const loader = readFileSync(join(PKG, 'codeglass.js'), 'utf8');
  assert.ok(loader.includes("'./codeglass_wasm.js'") && !loader.includes('./pkg/'), 'the loader imports the engine beside it');
  // The same wasm-bindgen step on the same build as the app's www/pkg: the same bytes.
  assert.ok(readFileSync(join(PKG, 'codeglass_wasm_bg.wasm')).equals(readFileSync(join(ROOT, 'www/pkg/codeglass_wasm_bg.wasm'))),
    "the package's wasm is the app's");
  const types = readFileSync(join(PKG, 'codeglass_wasm.d.ts'), 'utf8');
  for (const t of ['interface Hit', 'interface Claim', 'interface GroupResult', 'interface Description', 'interface Selection']) {
    assert.ok(types.includes(t), `${t} is declared`);
  }
});

test('a TypeScript consumer type-checks against the package, and its mistakes are caught', () => {
  const tsc = join(ROOT, 'tests/e2e/node_modules/typescript/bin/tsc');
  // The lib of a current Vite template (ES2023 + DOM), with the package's own declarations checked.
  const args = [tsc, '--noEmit', '--strict', '--target', 'es2023', '--module', 'esnext', '--moduleResolution', 'bundler',
    '--lib', 'es2023,dom', '--skipLibCheck', 'false', join(ROOT, 'tests/e2e/package/consumer.ts')];
  try {
    execFileSync(process.execPath, args, { encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc: ${e.stdout}${e.stderr}`);
  }
});
