// The grouper and edits benchmark in WASM under Node: the same corpus as the native bench, through the
// JS API (plain objects in and out, so the JS <-> wasm conversion is included). The corpus runs
// once to warm up, then repeats until SECONDS have passed. Prints one tab-separated row.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname, '../..');
const { Engine } = await import(join(process.env.WASM_NODE_PKG, 'codeglass_wasm.js'));
const claims = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const seconds = Number(process.env.SECONDS_PER_ROW ?? 2);
const engine = new Engine();
for (const f of ['msdrg.cgt', 'icd10cm-2026.cgt', 'icd10cm-2027.cgt', 'icd10pcs-2026.cgt', 'icd10pcs-2027.cgt']) {
  engine.addTable(new Uint8Array(readFileSync(join(root, 'code_tables', f))));
}
const row = (task, name, round) => {
  round();
  let n = 0;
  const t = performance.now();
  while (n === 0 || performance.now() - t < seconds * 1000) {
    round();
    n += claims.length;
  }
  console.log([task, name, n, ((performance.now() - t) / 1000).toFixed(3), '-'].join('\t'));
};
row('group', 'codeglass WASM under Node (JS object in → JS object out)', () => claims.forEach((c) => engine.group(c)));
row('edits', 'codeglass WASM under Node (MCE + convention edits)', () => claims.forEach((c) => engine.edits(c)));
