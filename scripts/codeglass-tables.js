#!/usr/bin/env node
// npx codeglass-tables <dir>: copies the package's compiled tables (manifest.json and the .cgt
// files) into <dir>, a folder the application serves (e.g. public/tables for Vite), so that
// load({ tables }) and <codeglass-encoder tables> find them on the page's own origin.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const from = join(dirname(fileURLToPath(import.meta.url)), '..', 'tables');
const to = process.argv[2];
if (!to || to === '-h' || to === '--help') {
  console.error('usage: npx codeglass-tables <dir>   copies manifest.json and the .cgt tables into <dir> (e.g. public/tables)');
  process.exit(to ? 0 : 2);
}
const files = readdirSync(from).filter((f) => f === 'manifest.json' || f.endsWith('.cgt'));
mkdirSync(to, { recursive: true });
let bytes = 0;
for (const f of files) {
  copyFileSync(join(from, f), join(to, f));
  bytes += statSync(join(to, f)).size;
}
const shown = relative(process.cwd(), resolve(to)) || '.';
console.log(`codeglass-tables: ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) -> ${shown}/`);
console.log("Serve that folder: the loader reads 'tables/' beside the page by default; elsewhere pass its URL (load({ tables }), shared({ tables }), <codeglass-encoder tables>).");
