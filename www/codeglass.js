// Codeglass JS API: load the engine and the compiled tables, then ask it things.
// Everything runs in this page; the only requests are for the engine and table files
// themselves, all on this page's origin.

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

function coded(code, message) {
  const err = new Error(message);
  err.code = code;
  return err;
}

/** A fresh instance of the wasm module: after a panic the old one's state is not trusted. */
async function instantiate(generation) {
  const url = generation === 0 ? './pkg/codeglass_wasm.js' : `./pkg/codeglass_wasm.js?instance=${generation}`;
  const mod = await import(url);
  await mod.default();
  return mod.Engine;
}

/**
 * Loads the engine and every table listed in `${tablesUrl}manifest.json`.
 *
 * Every method throws `Error`s with a stable `code` (docs/errors.md). If the engine panics (a
 * bug), the call throws `PANIC`, a `codeglass-panic` event is dispatched on `window`, and a new
 * engine is built in the background (`ready()` resolves when it is; calls meanwhile throw
 * `ENGINE_RESTARTING`); `codeglass-recovered` is dispatched when it is back.
 * @param {{tablesUrl?: string, onProgress?: (file: string) => void}} options
 */
export async function load({ tablesUrl = 'tables/', onProgress } = {}) {
  const base = tablesUrl.endsWith('/') ? tablesUrl : `${tablesUrl}/`;
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes(`${base}manifest.json`)));
  const extra = [];
  let generation = 0;
  async function build() {
    const Engine = await instantiate(generation++);
    const e = new Engine();
    for (const output of manifest.outputs) {
      if (onProgress) onProgress(output.file);
      e.addTable(await fetchBytes(`${base}${output.file}`));
    }
    for (const bytes of extra) e.addTable(bytes);
    return e;
  }
  let engine = await build();
  let restarting = null;
  const call = (fn) => {
    if (!engine) throw coded('ENGINE_RESTARTING', 'the engine is restarting after an internal error; try again when ready() resolves');
    try {
      return fn(engine);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      engine = null;
      restarting = build().then((fresh) => {
        engine = fresh;
        restarting = null;
        globalThis.dispatchEvent?.(new CustomEvent('codeglass-recovered'));
      });
      throw coded('PANIC', `internal error in the engine (a bug), restarting it: ${e.message}`);
    }
  };
  return {
    manifest,
    /** Resolves when the engine is usable (at once, unless it is restarting after a panic). */
    ready: () => restarting ?? Promise.resolve(),
    versions: () => call((e) => e.versions()),
    fiscalYearFor: (system, date) => call((e) => e.fiscalYearFor(system, date)),
    search: (query, options) => call((e) => e.search(query, options)),
    describe: (code, options) => call((e) => e.describe(code, options)),
    pcsNext: (prefix, options) => call((e) => e.pcsNext(prefix, options)),
    group: (claim, options) => call((e) => e.group(claim, options)),
    whatIf: (claim, change, options) => call((e) => e.whatIf(claim, change, options)),
    opportunities: (claim, options) => call((e) => e.opportunities(claim, options)),
    edits: (claim) => call((e) => e.edits(claim)),
    /** Adds a compiled table (bytes of a `.cgt` file); kept for a restart. */
    addTable: (bytes) => {
      const summary = call((e) => e.addTable(bytes));
      extra.push(bytes);
      return summary;
    },
    /** For tests: makes the engine panic, to exercise the recovery. */
    panicForTesting: () => call((e) => e.panicForTesting()),
  };
}
