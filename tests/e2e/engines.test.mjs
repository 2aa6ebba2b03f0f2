// One engine per page, on the project's own EHR page (embed.html): the element shares the
// page's engine, another element names another shared engine and fetches only its own date's
// table, a shared engine cannot be asked for with other tables, and after a panic each engine
// announces its own recovery (with itself in the detail) and its elements come back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, startServer } from './harness.mjs';

test('engines are shared by name, preload their own date, and recover each with its elements', async () => {
  const server = await startServer();
  const { browser } = await launch();
  try {
    const { page, context, requests } = await openPage(browser, `${server.url}embed.html`);
    await page.locator('#dx [role=combobox]').waitFor({ timeout: 60_000 });
    const result = await page.evaluate(async () => {
      const waitFor = (el) => new Promise((resolve) => {
        const poll = () => (el.shadowRoot.querySelector('[role=combobox]') ? resolve() : setTimeout(poll, 20));
        poll();
      });
      const { shared, load } = await import('./codeglass-encoder.js');
      const page = await shared(); // the one #dx uses
      const fy26 = document.createElement('codeglass-encoder');
      fy26.id = 'fy26';
      for (const [k, v] of Object.entries({ engine: 'fy26', date: '2026-05-01', mode: 'lookup', system: 'icd10cm' })) fy26.setAttribute(k, v);
      document.body.append(fy26);
      await waitFor(fy26);
      const other = await shared({ name: 'fy26' });
      const conflict = await shared({ tables: '/elsewhere/' }).then(() => 'shared', (e) => e.code);
      // A panic: the page's one wasm instance is reset, so both engines rebuild; each tells its own.
      const heard = [];
      for (const [name, engine] of [['page', page], ['fy26', other]]) {
        engine.addEventListener('codeglass-recovered', (e) => heard.push(`${name}:${e.detail.engine === engine}`));
      }
      let code;
      try { other.panicForTesting(); } catch (e) { code = e.code; }
      await Promise.all([page.ready(), other.ready()]);
      await Promise.all([waitFor(document.getElementById('dx')), waitFor(fy26)]);
      // An engine given as a property replaces the shared one.
      const own = await load({ preload: [] });
      // Setting it shows the loading line at once; the line hides when the widget is mounted on
      // the given engine, which takes as long as the table's fetch (a fixed wait raced it).
      fy26.engine = own;
      const status = fy26.shadowRoot.querySelector('.cg-status');
      const deadline = Date.now() + 60_000; // then the assertions below say what is missing
      await new Promise((resolve) => {
        const poll = () => (status.hidden || Date.now() > deadline ? resolve() : setTimeout(poll, 20));
        poll();
      });
      await waitFor(fy26);
      return {
        distinct: page !== other, pageTables: page.loaded(), fy26Tables: other.loaded().sort(), conflict, code,
        heard: heard.sort(), ownTables: own.loaded(), given: fy26.engine === own,
        after: page.search('chf', { limit: 1 })[0].code,
      };
    });
    assert.ok(result.distinct, 'a named engine is another engine');
    assert.deepEqual(result.fy26Tables, ['icd10cm-2026.cgt'], 'the FY2026 element fetched its own year only');
    assert.ok(!result.pageTables.includes('icd10cm-2026.cgt'), `the page's engine did not fetch FY2026: ${result.pageTables}`);
    assert.equal(result.conflict, 'BAD_OPTIONS');
    assert.equal(result.code, 'PANIC');
    assert.deepEqual(result.heard, ['fy26:true', 'page:true'], 'each engine announces its own recovery, once');
    assert.ok(result.given);
    assert.deepEqual(result.ownTables, ['icd10cm-2026.cgt'], 'the given engine was asked for the element\'s year');
    assert.match(result.after, /^I50/);
    // The widget of the element given its own engine searches.
    const box = page.locator('#fy26 [role=combobox]');
    await box.fill('copd');
    await page.locator('#fy26 [role=option]').first().waitFor({ timeout: 60_000 });
    const manifests = requests.filter((u) => new URL(u).pathname === '/tables/manifest.json').length;
    assert.equal(manifests, 3, 'one manifest per engine: the page\'s, fy26 and the one given by load()');
    await context.close();
  } finally {
    await browser.close();
    server.stop();
  }
});
