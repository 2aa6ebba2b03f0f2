// The widget's budgets, measured in headless Chromium on the coder app (index.html), printed
// as a table (run by scripts/budget.sh; the README shows a run):
//  1. bytes a first visit transfers, as the files are, gzip -9 and brotli 11; and the build
//     sizes of the example clients (tests/clients/, Vite and webpack, from the npm tarball);
//  2. time from navigation to the first search result, cold (empty cache) and warm (service
//     worker and cache filled);
//  3. per-keystroke latency over typed queries: engine time, DOM updated, next frame (paint);
//  4. the engine's WebAssembly memory.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildClient, builtFiles, CLIENTS } from './clients.mjs';
import { launch, ROOT, startServer } from './harness.mjs';

const GOALS = { bytes: 3e6, warmFirstResult: 150, engineP99: 1, frame: 1000 / 60 };
const cacheFile = join(ROOT, 'target/budget-compressed.json');
const compressedCache = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};

/** gzip -9 and brotli 11 sizes of a body (cached by content hash: brotli 11 takes ~20 s per table). */
function compressed(body) {
  const key = createHash('sha256').update(body).digest('hex');
  if (!compressedCache[key]) {
    compressedCache[key] = {
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }).length,
    };
  }
  return compressedCache[key];
}

function assertSame(a, b) {
  if (a !== b) throw new Error(`the server sent ${a} bytes, the files hold ${b}`);
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const mb = (n) => (n / 1e6).toFixed(2);
const ms = (n) => n.toFixed(n < 10 ? 2 : 0);

/**
 * Typed in the page as soon as the search box exists; resolves to ms since navigation when
 * the first result is in the DOM (a MutationObserver sees it) and when the next frame starts.
 */
function firstResultScript() {
  return new Promise((resolve) => {
    let typed = false;
    let inDom = null;
    const done = () => {
      requestAnimationFrame(() => {
        const frame = performance.now();
        const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('codeglass:'))
          .map((m) => `${m.name.slice(10).replace(/\.cgt$/, '')} ${m.startTime.toFixed(0)}`);
        window.__marks = `${marks.join(' · ')} · first result in the DOM ${inDom.toFixed(0)} · next frame callback ${frame.toFixed(0)}`;
        resolve({ dom: inDom, frame });
      });
    };
    const check = () => {
      const root = document.querySelector('codeglass-encoder')?.shadowRoot;
      const input = root?.querySelector('[role=combobox]');
      if (input && !typed) {
        typed = true;
        performance.mark('codeglass:input found');
        new MutationObserver((_, observer) => {
          if (inDom === null && root.querySelector('[role=option]')) {
            inDom = performance.now();
            observer.disconnect();
            done();
          }
        }).observe(root, { childList: true, subtree: true });
        input.value = 'chf';
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
        performance.mark('codeglass:typed');
        return;
      }

    };
    // The widget renders inside the element's shadow root, which a document observer cannot see.
    const watchShadow = () => {
      const root = document.querySelector('codeglass-encoder')?.shadowRoot;
      if (!root) return false;
      new MutationObserver((_, observer) => { check(); if (typed) observer.disconnect(); }).observe(root, { childList: true, subtree: true });
      check(); // the widget may have rendered before this observer was attached
      return true;
    };
    if (!watchShadow()) {
      new MutationObserver((_, observer) => { if (watchShadow()) observer.disconnect(); }).observe(document, { childList: true, subtree: true });
    }
    check();
  });
}

/** Types each query one character at a time, timing every keystroke. */
async function keystrokeScript(queries) {
  const root = document.querySelector('codeglass-encoder').shadowRoot;
  const input = root.querySelector('[role=combobox]');
  const list = root.querySelector('[role=listbox]');
  const frame = () => new Promise((r) => requestAnimationFrame((t) => r(t)));
  const out = [];
  for (const q of queries) {
    input.value = '';
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await frame();
    for (const ch of q) {
      await frame();
      const t0 = performance.now();
      input.value += ch;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, data: ch, inputType: 'insertText' }));
      const dom = performance.now() - t0;
      const painted = (await frame()) - t0;
      out.push({ q: input.value, engine: Number(list.dataset.engineMs), dom, paint: Math.max(painted, dom), results: list.children.length });
    }
  }
  return out;
}

const QUERIES = [
  'congestive heart failure', 'chf', 'diabetes with chronic kidney disease', 'I50.23', 'pneumonia due to',
  'fracture of lower end of radius', 'acute kidney injury', 'copd exacerbation', 'sepsis due to e coli',
  'hypertensive heart disease', '0DTJ4ZZ', 'appendectomy', 'uti', 'atrial fibrillation', 'S52.501A',
];

async function main() {
  const server = await startServer({ log: true });
  const { browser } = await launch();
  const rows = [];
  try {
    // 1 + 2 (cold): a fresh profile, the first visit.
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    const responses = [];
    context.on('response', async (r) => {
      try {
        const entry = { url: r.url(), body: Buffer.alloc(0) };
        responses.push(entry); // counted now, its body read when it comes
        entry.body = await r.body();
      } catch { /* a redirect or an aborted request has no body */ }
    });
    const visit = () => page.evaluate(firstResultScript);
    await page.goto(server.url, { waitUntil: 'commit' });
    const coldRun = await visit();
    const cold = coldRun.dom;
    await page.waitForFunction(() => document.body.dataset.tables?.split(' ').length >= 2, null, { timeout: 120_000 });
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.waitForTimeout(500);
    const firstVisit = responses.slice();
    // The server's own log of the first visit: what it sent in full, and its 304s.
    const served = server.log().map((l) => l.split(' ')).map(([status, bytes, target]) => ({ status: Number(status), bytes: Number(bytes), target }));
    // 2 (warm): the same profile again (service worker and caches filled), three times.
    const coldMarks = await page.evaluate(() => window.__marks);
    const warm = [];
    const warmFrames = [];
    let warmMarks = '';
    for (let i = 0; i < 3; i++) {
      await page.goto(server.url, { waitUntil: 'commit' });
      const run = await visit();
      warm.push(run.dom);
      warmFrames.push(run.frame);
      warmMarks = await page.evaluate(() => window.__marks);
    }
    await page.waitForFunction(() => document.body.dataset.tables?.split(' ').length >= 2, null, { timeout: 120_000 });
    // 3: keystrokes, once the engine's idle-time warm-up is over (as when a user starts typing
    // a moment after the page has loaded); the warm-up's own time is reported.
    const warmUp = await page.evaluate(async () => {
      await window.codeglass.warmed();
      return performance.getEntriesByName('codeglass:warmed').at(-1)?.detail ?? {};
    });
    const keys = await page.evaluate(keystrokeScript, QUERIES);
    // 4: memory after lookup, then with the claim tables, then with every table.
    const memLookup = await page.evaluate(() => window.codeglass.memoryBytes());
    await page.evaluate(() => window.codeglass.ensure('msdrg'));
    await page.evaluate(() => window.codeglass.group({ discharge_date: '2026-11-20', age: 78, sex: 'F', discharge_status: '01', pdx: { code: 'I5023' }, sdx: [{ code: 'N179' }] }));
    const memClaim = await page.evaluate(() => window.codeglass.memoryBytes());
    await page.evaluate(() => window.codeglass.ensureAll());
    await page.waitForTimeout(1000); // the last response bodies are read asynchronously
    const memAll = await page.evaluate(() => window.codeglass.memoryBytes());
    await context.close();

    // Bytes, per file, with the file's own name.
    const seen = new Map();
    /** The file a URL or request target names, below www/. */
    const fileOf = (url) => {
      const path = new URL(url, server.url).pathname.replace(/^\//, '');
      return !path || path.endsWith('/') ? `${path}index.html` : path;
    };
    // The bytes of each file as served, read from www/ (a response body Chromium hands over can
    // come back empty for a large table read through the service worker: that counted the
    // ICD-10-CM tables as 0 bytes once).
    const bytesOf = (r) => {
      const file = join(ROOT, 'www', fileOf(r.url));
      return existsSync(file) ? readFileSync(file) : r.body;
    };
    for (const r of firstVisit) {
      if (!seen.has(fileOf(r.url))) seen.set(fileOf(r.url), bytesOf(r));
    }
    const sum = (list) => list.reduce((t, [, b]) => {
      const c = compressed(b);
      return { raw: t.raw + b.length, gzip: t.gzip + c.gzip, brotli: t.brotli + c.brotli };
    }, { raw: 0, gzip: 0, brotli: 0 });
    const files = [...seen.entries()];
    const table = (f) => f[0].endsWith('.cgt');
    const wasm = (f) => f[0].endsWith('.wasm');
    const shell = files.filter((f) => !table(f) && !wasm(f));
    const restFiles = [...new Map(responses.map((r) => [fileOf(r.url), bytesOf(r)])).entries()]
      .filter(([path]) => path.endsWith('.cgt') && !seen.has(path));
    const total = sum(files);
    const everything = sum([...files, ...restFiles]);
    rows.push('| What (first visit to the coder app, lookup tab) | Files | Raw MB | gzip MB | brotli MB |', '|---|---:|---:|---:|---:|');
    const row = (label, list) => {
      const s = sum(list);
      rows.push(`| ${label} | ${list.length} | ${mb(s.raw)} | ${mb(s.gzip)} | ${mb(s.brotli)} |`);
    };
    row('pages, scripts, styles, icons, manifest', shell);
    row('engine (codeglass_wasm_bg.wasm)', files.filter(wasm));
    for (const f of files.filter(table)) row(`table ${f[0].split('/').pop()}`, [f]);
    row('**first visit, total**', files);
    // What crossed the network, from the server's log: the page's requests and the service
    // worker's own (its install asks for the shell again: the ETags make those 304s).
    const full = served.filter((r) => r.status === 200);
    const sentFiles = full.map((r) => [fileOf(r.target), readFileSync(join(ROOT, 'www', fileOf(r.target)))]);
    assertSame(full.reduce((t, r) => t + r.bytes, 0), sentFiles.reduce((t, [, b]) => t + b.length, 0));
    row(`first visit as the server sent it: ${full.length} full responses, ${served.filter((r) => r.status === 304).length} × 304`, sentFiles);
    for (const f of restFiles) row(`later, when needed: ${f[0].split('/').pop()}`, [f]);
    row('**everything (all tables, for offline use of every year)**', [...files, ...restFiles]);
    rows.push('');
    // The example applications (tests/clients/) built with their bundlers from the npm tarball.
    rows.push("| Example client's build, from the npm tarball (its tables/ not counted: the package's files as they are) | Files | Raw MB | gzip MB | brotli MB |", '|---|---:|---:|---:|---:|');
    for (const name of CLIENTS) {
      const built = builtFiles(buildClient(name).dist);
      row(`${name}: page, scripts, styles, icon`, built.filter((f) => !wasm(f)));
      row(`${name}: engine (.wasm)`, built.filter(wasm));
      row(`**${name}: total**`, built);
    }
    rows.push('');
    const engine = keys.map((k) => k.engine);
    const dom = keys.map((k) => k.dom);
    const paint = keys.map((k) => k.paint);
    rows.push('| Measure | Value | Goal | Met |', '|---|---:|---:|---|');
    const goal = (label, value, target, unit, ok) => rows.push(`| ${label} | ${value} ${unit} | ${target} | ${target === '—' ? '—' : ok ? 'yes' : '**no**'} |`);
    goal('first visit, compressed (gzip)', mb(total.gzip), '≤ 3 MB', 'MB', total.gzip <= GOALS.bytes);
    goal('first visit, compressed (brotli)', mb(total.brotli), '≤ 3 MB', 'MB', total.brotli <= GOALS.bytes);
    goal('everything, compressed (brotli)', mb(everything.brotli), '≤ 3 MB', 'MB', everything.brotli <= GOALS.bytes);
    goal('navigation → first search result in the DOM, cold', ms(cold), '—', 'ms', true);
    goal('navigation → first search result in the DOM, warm (median of 3)', ms(pct(warm, 50)), '≤ 150 ms', 'ms', pct(warm, 50) <= GOALS.warmFirstResult);
    goal('navigation → the frame after it (painted), cold / warm', `${ms(coldRun.frame)} / ${ms(pct(warmFrames, 50))}`, '—', 'ms', true);
    goal(`keystroke: engine time p50 (${keys.length} keystrokes)`, ms(pct(engine, 50)), '—', 'ms', true);
    goal('keystroke: engine time p99', ms(pct(engine, 99)), '≤ 1 ms', 'ms', pct(engine, 99) <= GOALS.engineP99);
    goal('idle-time warm-up after the tables load: engine time (keystrokes)', `${ms(warmUp.busyMs ?? 0)} (${warmUp.keystrokes ?? 0})`, '—', 'ms', true);
    goal('keystroke: input → DOM updated p50 / p99', `${ms(pct(dom, 50))} / ${ms(pct(dom, 99))}`, '—', 'ms', true);
    goal('keystroke: input → next frame (paint) p50 / p99', `${ms(pct(paint, 50))} / ${ms(pct(paint, 99))}`, '≤ 16.7 ms', 'ms', pct(paint, 99) <= GOALS.frame);
    goal('wasm memory: lookup (CM + PCS of the year)', mb(memLookup), '—', 'MB', true);
    goal('wasm memory: + MS-DRG tables, one claim grouped', mb(memClaim), '—', 'MB', true);
    goal('wasm memory: every table', mb(memAll), '—', 'MB', true);
    const slow = [...keys].sort((a, b) => b.engine - a.engine).slice(0, 8).map((k) => `"${k.q}" ${ms(k.engine)}`).join(', ');
    rows.push('', `Where the time goes (ms since navigation), cold: ${coldMarks}; warm (last run): ${warmMarks}.`);
    rows.push('', `Slowest keystrokes (engine ms): ${slow}.`);
    rows.push('', `Chromium ${browser.version()}, ${new Date().toISOString().slice(0, 10)}; warm runs: ${warm.map(ms).join(', ')} ms; slowest keystroke engine ${ms(Math.max(...engine))} ms.`);
  } finally {
    await browser.close();
    server.stop();
    mkdirSync(join(ROOT, 'target'), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(compressedCache));
  }
  const text = rows.join('\n');
  console.log(text);
  writeFileSync(join(ROOT, 'target/budget.md'), `${text}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
