// Codeglass JS API: load the engine and the compiled tables, then ask it things.
// Everything runs in this page; the only requests are for the engine and table files
// themselves, all on this page's origin.
import init, { Engine } from './pkg/codeglass_wasm.js';

/** Fetches `url` as bytes, turning HTTP failures into errors with a stable `code`. */
async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) {
    const err = new Error(`could not load ${url}: HTTP ${response.status}`);
    err.code = 'TABLE_FETCH_FAILED';
    throw err;
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Loads the engine and every table listed in `${tablesUrl}manifest.json`.
 * @param {{tablesUrl?: string, onProgress?: (file: string) => void}} options
 */
export async function load({ tablesUrl = 'tables/', onProgress } = {}) {
  await init();
  const engine = new Engine();
  const base = tablesUrl.endsWith('/') ? tablesUrl : `${tablesUrl}/`;
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes(`${base}manifest.json`)));
  for (const output of manifest.outputs) {
    if (onProgress) onProgress(output.file);
    engine.addTable(await fetchBytes(`${base}${output.file}`));
  }
  return {
    manifest,
    versions: () => engine.versions(),
    fiscalYearFor: (system, date) => engine.fiscalYearFor(system, date),
  };
}
