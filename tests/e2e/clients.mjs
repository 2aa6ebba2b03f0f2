// The example applications under tests/clients/ (Vite + TypeScript, webpack 5): each installs
// the packed tarball of target/npm/codeglass and is built with its own bundler, as a new user
// would. Shared by clients.test.mjs (builds and drives them) and budget.mjs (their sizes).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './harness.mjs';

export const CLIENTS = ['vite', 'webpack'];
const NPM = ['--no-audit', '--no-fund', '--loglevel=error'];

/** Packs target/npm/codeglass (built by scripts/package.sh) once per process; resolves to the tarball's path. */
let packed = null;
export function packTarball() {
  if (packed) return packed;
  const pkg = join(ROOT, 'target/npm/codeglass');
  if (!existsSync(join(pkg, 'package.json'))) throw new Error('no target/npm/codeglass: run scripts/package.sh first');
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', join(ROOT, 'target/npm'), pkg],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  packed = join(ROOT, 'target/npm', filename);
  return packed;
}

/**
 * Installs the client's pinned dev dependencies (npm ci, skipped when node_modules is newer
 * than the lock), then the tarball (not saved: its hash changes with every build), then runs
 * its `npm run build`. Resolves to { dir, dist, seconds, log }.
 */
export function buildClient(name) {
  const dir = join(ROOT, 'tests/clients', name);
  const started = Date.now();
  const run = (args) => execFileSync('npm', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const marker = join(dir, 'node_modules/.package-lock.json');
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(join(dir, 'package-lock.json')).mtimeMs) run(['ci', ...NPM]);
  run(['install', '--no-save', ...NPM, packTarball()]);
  let log;
  try {
    log = run(['run', 'build']);
  } catch (e) {
    throw new Error(`${name}: npm run build failed:\n${e.stdout}\n${e.stderr}`);
  }
  return { dir, dist: join(dir, 'dist'), seconds: (Date.now() - started) / 1000, log };
}

/** The built files of a client, without the tables (those are the package's, copied as they are). */
export function builtFiles(dist) {
  const out = [];
  const walk = (d) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) { if (relative(dist, p) !== 'tables') walk(p); } else out.push([relative(dist, p), readFileSync(p)]);
    }
  };
  walk(dist);
  return out;
}
