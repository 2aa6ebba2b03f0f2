// The bad-input matrix through the JS API in the real page (headless Chromium): every case
// throws an Error with its stable code and the page's engine keeps answering after each one;
// a panic is announced as a `codeglass-panic` event, throws PANIC, and the engine comes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, ROOT, startServer } from './harness.mjs';

const matrix = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/bad_inputs.json'), 'utf8'));

test('bad inputs throw coded errors, a panic is reported and the engine recovers', async () => {
  const server = await startServer();
  let browser;
  try {
    ({ browser } = await launch());
    const { page, context } = await openPage(browser, `${server.url}tables.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const results = await page.evaluate(async (m) => {
      const cg = window.codeglass;
      const expand = (v) => {
        if (v === '$NAN') return NaN;
        if (v === '$MB') return 'A'.repeat(1 << 20);
        if (v === '$LONE_SURROGATE') return String.fromCharCode(0xd800);
        if (v === '$HUGE') return Array.from({ length: 100000 }, () => ({ code: 'N179' }));
        if (v === '$25_SDX') return Array.from({ length: 25 }, () => ({ code: 'N179' }));
        if (v === '$26_PROCEDURES') return Array.from({ length: 26 }, () => ({ code: '0DTJ4ZZ' }));
        if (Array.isArray(v)) return v.map(expand);
        if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)]));
        return v;
      };
      const claimOf = (c) => {
        if (c.text !== undefined) return c.text;
        if (c.claim !== undefined) return c.claim;
        const claim = structuredClone(m.good_claim);
        if (c.remove) delete claim[c.remove];
        for (const [k, v] of Object.entries(c.patch ?? {})) claim[k] = expand(v);
        return claim;
      };
      const real = new Uint8Array(await (await fetch('tables/icd10cm-2027.cgt')).arrayBuffer());
      const bytes = {
        empty: new Uint8Array(0),
        text: new TextEncoder().encode('this is not a code table, just some text'),
        truncated: real.slice(0, real.length >> 1),
        header: real.slice(0, 16),
        flipped: (() => { const b = real.slice(); b[4000] ^= 0x55; return b; })(),
      };
      const run = (c) => {
        switch (c.op) {
          case 'group': return cg.group(claimOf(c));
          case 'edits': return cg.edits(claimOf(c));
          case 'whatIf': return cg.whatIf(m.good_claim, expand(c.change));
          case 'search': return cg.search(c.query, expand(c.options));
          case 'describe': return cg.describe(expand(c.code_arg), { date: '2026-11-22' });
          case 'pcs': return cg.pcsNext(c.code_arg, { date: '2026-11-22' });
          case 'table': return cg.addTable(bytes[c.bytes]);
          default: throw new Error(`unknown op ${c.op}`);
        }
      };
      const out = [];
      for (const c of m.cases.filter((x) => x.surfaces.includes('js'))) {
        let got;
        try {
          run(c);
          got = 'accepted';
        } catch (e) {
          got = e instanceof Error ? (e.code ?? `uncoded: ${e.message}`) : `non-Error: ${e}`;
        }
        // The engine still answers after each one.
        const after = cg.search('chf', { limit: 3, date: '2026-11-22' }).length;
        out.push({ id: c.id, want: c.code, got, after });
      }
      // Inputs the CMS software grades are answered as CMS answers them, not thrown.
      const graded = m.graded.map((c) => {
        try {
          const g = cg.group(claimOf(c));
          const e = cg.edits(claimOf(c));
          return { id: c.id, got: [g.return_code, g.final_drg, e.mce_edits.map((x) => x.name)],
            want: [c.return_code, c.final_drg, c.mce_edits] };
        } catch (e) {
          return { id: c.id, got: `threw ${e.code}: ${e.message}`, want: [c.return_code, c.final_drg, c.mce_edits] };
        }
      });
      // A panic: reported, thrown as PANIC, and the engine comes back.
      const events = [];
      window.addEventListener('codeglass-panic', (e) => events.push(e.detail));
      let panicCode;
      try { cg.panicForTesting(); } catch (e) { panicCode = e.code; }
      let whileRestarting;
      try { cg.search('chf'); } catch (e) { whileRestarting = e.code; }
      await cg.ready();
      const afterPanic = cg.search('chf', { limit: 3, date: '2026-11-22' }).map((h) => h.code);
      const grouped = cg.group(m.good_claim).final_drg;
      // The restarted engine is warmed up again while idle, and answers the same after it.
      await cg.warmed();
      const afterWarmUp = cg.search('chf', { limit: 3, date: '2026-11-22' }).map((h) => h.code);
      return { out, graded, panic: { panicCode, events, whileRestarting, afterPanic, afterWarmUp, grouped } };
    }, matrix);
    const failures = results.out.filter((r) => r.got !== r.want || r.after !== 3);
    assert.deepEqual(failures, [], 'every case throws its code and the engine keeps answering');
    assert.ok(results.out.length >= 40, `${results.out.length} JS cases`);
    for (const g of results.graded) assert.deepEqual(g.got, g.want, `${g.id}: graded as CMS grades it`);
    assert.equal(results.graded.length, matrix.graded.length);
    const p = results.panic;
    assert.equal(p.panicCode, 'PANIC');
    assert.equal(p.events.length, 1);
    assert.equal(p.events[0].code, 'PANIC');
    assert.match(p.events[0].message, /panicForTesting/);
    assert.equal(p.whileRestarting, 'ENGINE_RESTARTING');
    assert.equal(p.afterPanic.length, 3);
    assert.ok(p.afterPanic[0].startsWith('I50'));
    assert.deepEqual(p.afterWarmUp, p.afterPanic);
    assert.equal(p.grouped, 292);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no CSP violation (the restart re-imports the module)');
    console.log(`# ${results.out.length} bad inputs through the JS API in Chromium; panic reported and recovered`);
    await context.close();
  } finally {
    if (browser) await browser.close();
    server.stop();
  }
});
