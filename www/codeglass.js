// Codeglass JS API: load the engine and the compiled tables, then ask it things.
// Everything runs in this page; the only requests are for the engine and table files
// themselves, all on this page's origin.

/** Fetches `url` as bytes, turning HTTP failures into errors with a stable `code`. */
async function fetchBytes(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    const err = new Error(`could not load ${url}: ${e.message} (offline?)`);
    err.code = 'TABLE_FETCH_FAILED';
    throw err;
  }
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
  const exports = await mod.default();
  return { Engine: mod.Engine, memory: exports.memory };
}

/** The service worker's table cache (sw.js): the same name on both sides. */
const TABLE_CACHE = 'codeglass-tables';

/** Today in UTC, `YYYY-MM-DD` (the date the engine assumes when none is given). */
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Loads the engine and the compiled tables listed in `${tablesUrl}manifest.json`.
 *
 * `preload` says which tables to fetch before resolving: `'all'` (the default), or a list of
 * kinds (`'icd10cm'`, `'icd10pcs'`, `'msdrg'`) fetched for `date` (today by default). The
 * others are fetched when asked for, with `ensure(kind, date)`, or by a mounted widget when it
 * needs them.
 *
 * Every method throws `Error`s with a stable `code` (docs/errors.md). If the engine panics (a
 * bug), the call throws `PANIC`, a `codeglass-panic` event is dispatched on `window`, and a new
 * engine is built in the background (`ready()` resolves when it is; calls meanwhile throw
 * `ENGINE_RESTARTING`); `codeglass-recovered` is dispatched when it is back.
 * @param {{tablesUrl?: string, preload?: 'all' | string[], date?: string, onProgress?: (file: string) => void}} options
 */
export async function load({ tablesUrl = new URL('tables/', import.meta.url).href, preload = 'all', date, onProgress } = {}) {
  performance.mark('codeglass:load');
  const base = tablesUrl.endsWith('/') ? tablesUrl : `${tablesUrl}/`;
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes(`${base}manifest.json`)));
  performance.mark('codeglass:manifest');
  const extra = [];
  const fetched = new Map(); // file -> bytes, kept for a restart
  const pending = new Map(); // file -> promise
  let generation = 0;
  let engine = null;
  let restarting = null;
  const listeners = new Set(); // called after a table is added
  /** The manifest entry of `kind` whose dates cover `day`. */
  const tableFor = (kind, day) => manifest.outputs.find((o) => o.kind === kind && o.effective_from <= day && day <= o.effective_to);
  // Tables are fetched one at a time, in the order asked for, so the first one needed
  // (usually this year's ICD-10-CM) is not slowed down by the others.
  let queue = Promise.resolve();
  let engineReady = null;
  /** Resolves when the page is idle (or after `ms`): a table a widget will need soon waits for it, so the user's first keystrokes are not held up. */
  const idle = (ms) => new Promise((r) => (globalThis.requestIdleCallback ? requestIdleCallback(() => r(), { timeout: ms }) : setTimeout(r, 0)));
  function fetchTable(output, { soon = false } = {}) {
    if (fetched.has(output.file)) return Promise.resolve(false);
    if (!pending.has(output.file)) {
      const job = queue.then(async () => {
        try {
          if (soon) await idle(300);
          if (onProgress) onProgress(output.file);
          // The content hash in the URL lets caches keep a table until it changes.
          const url = new URL(`${base}${output.file}?v=${(output.sha256 ?? '').slice(0, 16)}`, location.href).href;
          // A table the service worker has cached is read here directly: about twice as fast
          // as streaming 15 MB through the worker.
          const cached = await globalThis.caches?.match(url, { cacheName: TABLE_CACHE }).catch(() => undefined);
          const bytes = cached ? new Uint8Array(await cached.arrayBuffer()) : await fetchBytes(url);
          // Before the worker controls the page (the first visit) it cannot cache what the page
          // fetches: the page does (tables only; never anything about a patient).
          if (!cached && globalThis.caches) {
            caches.open(TABLE_CACHE)
              .then((c) => c.put(url, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } })))
              .catch(() => {}); // no cache (private mode, quota): the table is fetched again next time
          }
          performance.mark(`codeglass:fetched ${output.file}`);
          await engineReady;
          await restarting;
          engine.addTable(bytes);
          performance.mark(`codeglass:added ${output.file}`);
          fetched.set(output.file, bytes);
        } finally {
          pending.delete(output.file); // a failed fetch can be tried again
        }
        for (const f of listeners) f(output);
        globalThis.dispatchEvent?.(new CustomEvent('codeglass-table', { detail: { file: output.file } }));
        return true;
      });
      queue = job.catch(() => {});
      pending.set(output.file, job);
    }
    return pending.get(output.file);
  }
  let memory = null;
  async function build() {
    const instance = await instantiate(generation++);
    memory = instance.memory;
    const e = new instance.Engine();
    for (const bytes of fetched.values()) e.addTable(bytes);
    for (const bytes of extra) e.addTable(bytes);
    return e;
  }
  // The engine compiles while the first tables download.
  engineReady = build().then((e) => {
    engine = e;
    performance.mark('codeglass:engine');
  });
  const day = date || today();
  const first = preload === 'all'
    ? manifest.outputs
    : preload.map((kind) => tableFor(kind, day)).filter(Boolean);
  await Promise.all([engineReady, ...first.map(fetchTable)]);

  const call = (fn) => {
    if (!engine || restarting) throw coded('ENGINE_RESTARTING', 'the engine is restarting after an internal error; try again when ready() resolves');
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
  /** Fetches the table of `kind` for `day` if the manifest has one not loaded yet; resolves to whether it did. */
  const ensure = (kind, day = today(), options = {}) => {
    const output = tableFor(kind, day);
    return output ? fetchTable(output, options) : Promise.resolve(false);
  };
  return {
    manifest,
    /** Resolves when the engine is usable (at once, unless it is restarting after a panic). */
    ready: () => restarting ?? Promise.resolve(),
    /** Bytes of the engine's WebAssembly memory (the tables live in it). */
    memoryBytes: () => memory.buffer.byteLength,
    /** The files of the tables loaded so far. */
    loaded: () => [...fetched.keys()],
    ensure,
    /** Fetches every table of the manifest (for offline use). */
    ensureAll: async () => { for (const o of manifest.outputs) await fetchTable(o); },
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
    /**
     * Mounts the widget into `element`: `options` `{mode, date, system}`; `onSelect(selection)`
     * for each explicit choice of a billable code; `onCodes(codes)` when the claim's codes
     * change; `onHighlight(selection)` when the user moves to a search option (a preview). Tables the widget
     * needs are fetched as it asks for them. Returns `{update(options), destroy()}`. After a panic the widget is
     * gone with the engine: remount on `codeglass-recovered`.
     */
    mount: (element, options, onSelect, onCodes, onHighlight) => {
      let widget = null;
      // A table that cannot be fetched (offline, and not cached yet): the widget goes on with
      // the tables it has; the page hears of it through `codeglass-table-error`.
      const onNeed = (kind, day) => {
        ensure(kind, day, { soon: true }).catch((e) => {
          globalThis.dispatchEvent?.(new CustomEvent('codeglass-table-error', { detail: { kind, date: day, code: e.code ?? 'TABLE_FETCH_FAILED', message: e.message } }));
        });
      };
      const refresh = () => widget?.refresh();
      listeners.add(refresh);
      widget = call((e) => e.mount(element, options ?? {}, onSelect, onCodes, onNeed, onHighlight));
      return {
        /** New `{mode, date, system}`, shown in place: what was entered stays. */
        update: (next) => call(() => widget.update(next ?? {})),
        destroy: () => {
          listeners.delete(refresh);
          try { widget?.destroy(); } catch { /* the engine is gone after a panic */ }
          widget = null;
        },
      };
    },
    /** For tests: makes the engine panic, to exercise the recovery. */
    panicForTesting: () => call((e) => e.panicForTesting()),
  };
}

/** The API as one object, for `<script>` users: `await Codeglass.load()`. */
export const Codeglass = { load };
