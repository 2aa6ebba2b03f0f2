// Codeglass JS API: load the engine and the compiled tables, then ask it things.
// Everything runs in this page; the only requests are for the engine and table files
// themselves, all on this page's origin.
// A static import (not a computed URL) so bundlers see the engine and its .wasm file.
import init, { initSync, Engine, __wbg_reset_state } from './pkg/codeglass_wasm.js';

function coded(code, message) {
  const err = new Error(message);
  err.code = code;
  return err;
}

/** Fetches `url` as bytes, turning HTTP failures (and an HTML page in place of a file) into `TABLE_FETCH_FAILED`. */
async function fetchBytes(url, what = 'the file') {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw coded('TABLE_FETCH_FAILED', `could not load ${url}: ${e.message} (offline?)`);
  }
  if (!response.ok) throw coded('TABLE_FETCH_FAILED', `could not load ${url}: HTTP ${response.status}; ${what}`);
  // A dev server or an SPA fallback answers a missing file with the app's index.html.
  if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
    throw coded('TABLE_FETCH_FAILED', `${url} is an HTML page, not a Codeglass file; ${what}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** What to serve where, for the error messages (docs/embedding.md has the details). */
const serveHint = (base) => `serve the package's tables/ folder at ${base} (npx codeglass-tables <your public folder>/tables) or pass load({ tables }) the URL where it is served`;

/** Parses and checks a manifest, so a wrong file is a clear TABLE_FETCH_FAILED and not a JSON error later. */
function parseManifest(bytes, url, base) {
  const text = new TextDecoder().decode(bytes);
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw coded('TABLE_FETCH_FAILED', `${url} is not JSON (it begins ${JSON.stringify(text.slice(0, 40))}); ${serveHint(base)}`);
  }
  const ok = manifest && Array.isArray(manifest.outputs)
    && manifest.outputs.every((o) => o && typeof o.file === 'string' && typeof o.kind === 'string');
  if (!ok) throw coded('TABLE_FETCH_FAILED', `${url} is JSON but not a Codeglass table manifest (no outputs list); ${serveHint(base)}`);
  manifest.known_gaps ??= [];
  return manifest;
}

// One wasm instance per page, shared by every engine (the generated glue keeps it in module
// state). After a panic its state is not trusted: wasm-bindgen's reset-state function makes a
// fresh instance of the same compiled module, and every engine rebuilds itself in it.
let instance = null;
const live = new Set(); // each engine's restart function
function wasmReady() {
  instance ??= init().catch((e) => {
    instance = null;
    throw e;
  });
  return instance;
}
function resetInstance() {
  __wbg_reset_state();
  for (const restart of live) restart();
}
// The panic hook (Rust) announces the message just before the call traps.
let lastPanic = '';
globalThis.addEventListener?.('codeglass-panic', (e) => { lastPanic = e.detail?.message ?? ''; });

/** The service worker's table cache (sw.js): the same name on both sides. */
const TABLE_CACHE = 'codeglass-tables';

/** Today in UTC, `YYYY-MM-DD` (the date the engine assumes when none is given). */
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Loads the engine and the compiled tables listed in `${tables}manifest.json`.
 *
 * `tables` is the URL where the application serves the package's `tables/` folder, resolved
 * against the page (default `'tables/'`, i.e. beside the page; `tablesUrl` is its old name).
 * `preload` says which tables to fetch before resolving: `'all'` (the default), or a list of
 * kinds (`'icd10cm'`, `'icd10pcs'`, `'msdrg'`) fetched for `date` (today by default). The
 * others are fetched when asked for, with `ensure(kind, date)`, or by a mounted widget when it
 * needs them.
 *
 * Every method throws `Error`s with a stable `code` (docs/errors.md). If the engine panics (a
 * bug), the call throws `PANIC`, `codeglass-panic` is dispatched on the engine (and by the
 * engine's hook on `window`), and the engine is rebuilt in a fresh instance in the background
 * (`ready()` resolves when it is; calls meanwhile throw `ENGINE_RESTARTING`);
 * `codeglass-recovered` (`detail.engine`) is dispatched on the engine and on `window` when it is
 * back. Every engine of the page shares one wasm instance, so every one of them restarts.
 * @param {{tables?: string, tablesUrl?: string, preload?: 'all' | string[], date?: string, onProgress?: (file: string) => void}} options
 */
export async function load({ tables, tablesUrl, preload = 'all', date, onProgress } = {}) {
  performance.mark('codeglass:load');
  const base = tablesBase(tables ?? tablesUrl);
  const manifestUrl = `${base}manifest.json`;
  // The engine compiles while the manifest and the first tables download.
  wasmReady().catch(() => {}); // a failure is reported by build(), after the manifest's own
  const manifest = parseManifest(await fetchBytes(manifestUrl, serveHint(base)), manifestUrl, base);
  performance.mark('codeglass:manifest');
  const events = new EventTarget();
  let api = null;
  /** Dispatched on the engine (its elements listen there) and on `window` (the page). */
  const announce = (type, detail) => {
    events.dispatchEvent(new CustomEvent(type, { detail: { ...detail, engine: api } }));
    globalThis.dispatchEvent?.(new CustomEvent(type, { detail: { ...detail, engine: api } }));
  };
  const extra = [];
  const fetched = new Map(); // file -> bytes, kept for a restart
  const pending = new Map(); // file -> promise
  let engine = null;
  let restarting = null;
  const listeners = new Set(); // called after a table is added
  /** The manifest entry of `kind` whose dates cover `day`. */
  const tableFor = (kind, day) => manifest.outputs.find((o) => o.kind === kind && o.effective_from <= day && day <= o.effective_to);
  // Tables are fetched one at a time, in the order asked for, so the first one needed
  // (usually this year's ICD-10-CM) is not slowed down by the others.
  let queue = Promise.resolve();
  let engineReady = null;
  const call = (fn) => {
    if (!engine || restarting) throw coded('ENGINE_RESTARTING', 'the engine is restarting after an internal error; try again when ready() resolves');
    try {
      return fn(engine);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      const message = lastPanic || e.message;
      lastPanic = '';
      resetInstance();
      events.dispatchEvent(new CustomEvent('codeglass-panic', { detail: { code: 'PANIC', message, engine: api } }));
      throw coded('PANIC', `internal error in the engine (a bug), restarting it: ${message}`);
    }
  };
  const day = date || today();
  // While the page is idle after a table arrives, the engine types its warm-up searches
  // (Engine.warmUp), a keystroke at a time and only as long as the idle period lasts, so the
  // user's first keystrokes run as fast as the rest and an input event never waits behind them.
  let warming = null;
  let warmUpPanicked = false; // then never again: a restarted engine would panic the same way
  const warm = () => (warmUpPanicked ? Promise.resolve() : warming ??= new Promise((resolve) => {
    let busy = 0; // ms the engine spent on it, for the budget (a performance mark)
    let keystrokes = 0;
    const slice = (deadline) => {
      if (pending.size) { // a table is on its way: warmed after it arrives (see fetchTable)
        warming = null;
        return resolve();
      }
      const start = performance.now();
      try {
        while (call((e) => e.warmUp({ date: day }))) {
          keystrokes++;
          if (deadline.timeRemaining() < 2) return next();
        }
      } catch (e) {
        warmUpPanicked = e.code === 'PANIC'; // else the engine is restarting: warmed when back
      } finally {
        busy += performance.now() - start;
      }
      performance.mark('codeglass:warmed', { detail: { busyMs: busy, keystrokes: keystrokes + 1 } });
      warming = null;
      resolve();
    };
    const next = () => {
      if (globalThis.requestIdleCallback) return requestIdleCallback(slice);
      setTimeout(() => {
        const end = performance.now() + 5;
        slice({ timeRemaining: () => end - performance.now() });
      }, 0);
    };
    next();
  }));
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
          const bytes = cached ? new Uint8Array(await cached.arrayBuffer()) : await fetchBytes(url, `it is listed in ${manifestUrl}: ${serveHint(base)}`);
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
        announce('codeglass-table', { file: output.file });
        // Once no other table is on its way: a warm-up between two tables leaves the next
        // one's copy a hole it cannot use (13 MB more wasm memory for good).
        if (!pending.size) warm();
        return true;
      });
      queue = job.catch(() => {});
      pending.set(output.file, job);
    }
    return pending.get(output.file);
  }
  async function build() {
    await wasmReady();
    const e = new Engine();
    for (const bytes of fetched.values()) e.addTable(bytes);
    for (const bytes of extra) e.addTable(bytes);
    return e;
  }
  engineReady = build().then((e) => {
    engine = e;
    performance.mark('codeglass:engine');
  });
  /** Called when the page's wasm instance was reset (this engine's or another's panic). */
  const restart = () => {
    engine = null;
    restarting = Promise.resolve().then(build).then((fresh) => {
      engine = fresh;
      restarting = null;
      warm();
      announce('codeglass-recovered', {});
    });
    restarting.catch(() => {});
  };
  const first = preload === 'all'
    ? manifest.outputs
    : preload.map((kind) => tableFor(kind, day)).filter(Boolean);
  await Promise.all([engineReady, ...first.map(fetchTable)]);
  live.add(restart);

  /** Fetches the table of `kind` for `day` if the manifest has one not loaded yet; resolves to whether it did. */
  const ensure = (kind, day = today(), options = {}) => {
    const output = tableFor(kind, day);
    return output ? fetchTable(output, options) : Promise.resolve(false);
  };
  api = {
    manifest,
    /** The URL the tables come from (ends with `/`). */
    tables: base,
    /** Engine events: `codeglass-table`, `codeglass-table-error`, `codeglass-panic`, `codeglass-recovered`. */
    addEventListener: (type, listener, options) => events.addEventListener(type, listener, options),
    removeEventListener: (type, listener, options) => events.removeEventListener(type, listener, options),
    /** Resolves when the engine is usable (at once, unless it is restarting after a panic). */
    ready: () => restarting ?? Promise.resolve(),
    /** Resolves when the engine's idle-time warm-up is over (see Engine.warmUp). */
    warmed: () => warming ?? Promise.resolve(),
    /** Bytes of the engine's WebAssembly memory (the tables live in it). */
    memoryBytes: () => initSync().memory.buffer.byteLength,
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
      warm();
      return summary;
    },
    /**
     * Mounts the widget into `element`: `options` `{mode, date, system}`; `onSelect(selection)`
     * for each explicit choice of a billable code; `onCodes(codes)` when the claim's codes
     * change; `onHighlight(selection)` when the user moves to a search option (a preview). Tables the widget
     * needs are fetched as it asks for them. Returns `{update(options), destroy()}`. After a panic the widget is
     * gone with the engine: remount on the engine's `codeglass-recovered`.
     */
    mount: (element, options, onSelect, onCodes, onHighlight) => {
      let widget = null;
      // A table that cannot be fetched (offline, and not cached yet): the widget goes on with
      // the tables it has; the page hears of it through `codeglass-table-error`.
      const onNeed = (kind, day) => {
        ensure(kind, day, { soon: true }).catch((e) => {
          announce('codeglass-table-error', { kind, date: day, code: e.code ?? 'TABLE_FETCH_FAILED', message: e.message });
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
  return api;
}

/** The tables URL as an absolute directory URL, resolved against the page. */
function tablesBase(tables = 'tables/') {
  const page = globalThis.document?.baseURI ?? globalThis.location?.href;
  const url = new URL(tables, page).href;
  return url.endsWith('/') ? url : `${url}/`;
}

/** The page's shared engines by name (`shared()`); `<codeglass-encoder>` uses them. */
const engines = new Map();

/**
 * The page's engine called `name` (`'default'` unless given): the first call loads it with its
 * options, later calls share it, fetching the tables their `preload` names for their `date`.
 * Asking for a name with another `tables` URL than it was loaded with throws `BAD_OPTIONS`.
 * @param {{name?: string, tables?: string, tablesUrl?: string, preload?: 'all' | string[], date?: string, onProgress?: (file: string) => void}} options
 */
export function shared({ name = 'default', ...options } = {}) {
  const wanted = options.tables ?? options.tablesUrl;
  const entry = engines.get(name);
  if (!entry) {
    const promise = load(options);
    // A failed load is not kept: the next caller tries again.
    promise.catch(() => { if (engines.get(name)?.promise === promise) engines.delete(name); });
    engines.set(name, { promise, tables: tablesBase(wanted) });
    return promise;
  }
  if (wanted !== undefined && tablesBase(wanted) !== entry.tables) {
    return Promise.reject(coded('BAD_OPTIONS', `the engine "${name}" loads its tables from ${entry.tables}, not ${tablesBase(wanted)}: give this one another name`));
  }
  return entry.promise.then(async (api) => {
    const { preload = [], date } = options;
    if (preload === 'all') await api.ensureAll();
    else await Promise.all(preload.map((kind) => api.ensure(kind, date || undefined)));
    return api;
  });
}

/** The API as one object, for `<script>` users: `await Codeglass.load()`. */
export const Codeglass = { load, shared };
