// The search benchmark in WASM under Node: the same queries as the native bench, through the
// JS API (so the JS <-> wasm conversion is included). Prints one tab-separated row.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname, '../..');
const { Engine } = await import(join(process.env.WASM_NODE_PKG, 'codeglass_wasm.js'));
const queries = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const engine = new Engine();
for (const f of ['icd10cm-2027.cgt', 'icd10pcs-2027.cgt']) {
  engine.addTable(new Uint8Array(readFileSync(join(root, 'code_tables', f))));
}
const opts = { limit: 20, date: '2026-11-22' };
for (const q of queries) engine.search(q, opts); // warm-up, as natively
const times = [];
let results = 0;
for (const q of queries) {
  const t = performance.now();
  const hits = engine.search(q, opts);
  times.push((performance.now() - t) * 1000);
  results += hits.length;
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.round((times.length - 1) * p))];
console.log(['wasm (node)', queries.length, pct(0.5).toFixed(0), pct(0.99).toFixed(0), times.at(-1).toFixed(0), (results / queries.length).toFixed(1)].join('\t'));
