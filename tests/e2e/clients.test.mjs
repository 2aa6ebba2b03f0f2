// Real clients of the npm package: the Vite + TypeScript and the webpack 5 applications under
// tests/clients/, each built with its bundler from the packed tarball, served as static files
// with the project's CSP as a header, and driven in headless Chromium: search, group a claim,
// choose a code in the element (one event), force a panic and see the engine come back. One
// engine per page: the manifest and the engine are fetched once, and only the tables of the
// dates in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildClient, builtFiles, CLIENTS } from './clients.mjs';
import { assertStaysHome, launch, openPage, OUT, ROOT, serveStatic } from './harness.mjs';

for (const name of CLIENTS) {
  test(`the ${name} client builds from the tarball and works under the CSP`, async () => {
    const built = buildClient(name);
    const files = builtFiles(built.dist).map(([f]) => f);
    assert.ok(files.some((f) => f.endsWith('.wasm')), `the bundler emitted the engine: ${files.join(', ')}`);
    const server = await serveStatic(built.dist);
    const { browser, netLog } = await launch();
    let opened;
    try {
      opened = await openPage(browser, server.url);
      const { page } = opened;
      await page.waitForFunction(() => document.body.dataset.ready || document.body.dataset.error, null, { timeout: 60_000 });
      assert.equal(await page.evaluate(() => document.body.dataset.error), undefined, await page.textContent('#status'));

      // The JS API: search and group.
      await page.fill('#q', 'chf');
      await page.click('#search button');
      await page.locator('#hits li').first().waitFor();
      assert.match(await page.locator('#hits li').first().getAttribute('data-code'), /^I50/);
      await page.click('#group');
      assert.equal(await page.textContent('#drg'), '292');

      // The element: choosing a code fires one codeglass-select and sets its form value.
      const box = page.locator('#dx [role=combobox]');
      await box.waitFor({ timeout: 60_000 });
      await box.fill('chf');
      await page.locator('#dx [role=option]').first().waitFor({ timeout: 60_000 });
      const first = await page.locator('#dx [role=option]').first().getAttribute('data-code');
      await box.press('ArrowDown');
      await box.press('Enter');
      await page.locator('#chosen li').first().waitFor();
      await page.waitForTimeout(300); // a second event would have come by now
      assert.deepEqual(await page.$$eval('#chosen li', (lis) => lis.map((li) => li.dataset.code)), [first]);
      assert.equal(await page.evaluate(() => document.getElementById('dx').value), first);
      await page.screenshot({ path: join(OUT, `client-${name}.png`), fullPage: true });

      // A panic: the call throws PANIC, the engine comes back in the same module, and the
      // element (which listens to its engine) is mounted again and searches.
      await page.click('#panic');
      await page.waitForFunction(() => document.getElementById('recovered').textContent === 'recovered: true', null, { timeout: 60_000 });
      await page.click('#group');
      assert.equal(await page.textContent('#drg'), '292');
      const again = page.locator('#dx [role=combobox]');
      await again.waitFor({ timeout: 60_000 });
      await again.fill('copd');
      await page.locator('#dx [role=option]').first().waitFor({ timeout: 60_000 });
      assert.match(await page.locator('#dx [role=option]').first().getAttribute('data-code'), /^J44/);

      // Tables that are not there: the host answers with its index.html (an SPA fallback) or
      // another JSON file; both are TABLE_FETCH_FAILED saying what was fetched and what to serve.
      await page.route('**/other/manifest.json', (route) => route.fulfill({ contentType: 'application/json', body: '{"name": "an app"}' }));
      const errors = await page.evaluate(async () => Promise.all(['/nowhere/', '/other/'].map((tables) => globalThis.Codeglass.load({ tables })
        .then(() => 'loaded', (e) => ({ code: e.code, message: e.message })))));
      assert.equal(errors[0].code, 'TABLE_FETCH_FAILED');
      assert.match(errors[0].message, /\/nowhere\/manifest\.json is an HTML page.*codeglass-tables/);
      assert.equal(errors[1].code, 'TABLE_FETCH_FAILED');
      assert.match(errors[1].message, /\/other\/manifest\.json is JSON but not a Codeglass table manifest.*codeglass-tables/);

      // One engine per page: one manifest, one engine module, one wasm; the tables of the
      // dates in use only (FY2026: no FY2027 ICD-10-CM although today is in FY2027).
      const paths = server.requests;
      assert.equal(paths.filter((p) => p === '/tables/manifest.json').length, 1, `one manifest fetch: ${paths.join(' ')}`);
      assert.equal(paths.filter((p) => p.endsWith('.wasm')).length, 1, 'the engine is fetched once, the restart included');
      const tables = paths.filter((p) => p.endsWith('.cgt')).sort();
      assert.deepEqual(tables, ['/tables/icd10cm-2026.cgt', '/tables/msdrg.cgt']);
      assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no CSP violation');
      // The panic is logged by the engine's hook on purpose; nothing else may fail.
      assert.deepEqual(opened.failures.filter((f) => !/panicForTesting/.test(f)), [], 'no console error, no failed request');
      console.log(`# ${name}: built in ${built.seconds.toFixed(1)} s; ${files.length} files; requests: ${paths.length}`);
      await opened.context.close();
    } finally {
      await browser.close();
      server.stop();
    }
    assertStaysHome({ requests: opened.requests, netLog, serverUrl: server.url });
  });
}

test('the vite client also works in the dev server, with no optimizeDeps setting', async () => {
  const dir = join(ROOT, 'tests/clients/vite'); // installed and its tables copied by the build test above
  const child = spawn(join(dir, 'node_modules/.bin/vite'), ['--host', '127.0.0.1', '--port', '0', '--clearScreen', 'false'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (c) => { output += c; });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`vite did not start: ${output}`)), 30_000);
    child.stdout.on('data', (c) => {
      output += c;
      const m = output.replace(/\x1b\[[0-9;]*m/g, '').match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); ok(m[0]); }
    });
  });
  const { browser } = await launch();
  try {
    const { page, context, failures, requests } = await openPage(browser, url);
    await page.waitForFunction(() => document.body.dataset.ready || document.body.dataset.error, null, { timeout: 60_000 })
      .catch((e) => { throw new Error(`${e.message}; ${url}; failures: ${failures.join(' | ')}; requests: ${requests.join(' ')}; vite: ${output}`); });
    assert.equal(await page.evaluate(() => document.body.dataset.error), undefined, await page.textContent('#status'));
    const box = page.locator('#dx [role=combobox]');
    await box.waitFor({ timeout: 60_000 });
    await box.fill('chf');
    await page.locator('#dx [role=option]').first().waitFor({ timeout: 60_000 });
    await box.press('Escape'); // the open list would cover the button
    await page.click('#panic');
    await page.waitForFunction(() => document.getElementById('recovered').textContent === 'recovered: true', null, { timeout: 60_000 });
    await page.locator('#dx [role=combobox]').waitFor({ timeout: 60_000 });
    // The tables come from the page's /tables/, never from beside a pre-bundled module.
    assert.deepEqual(requests.filter((u) => /manifest\.json|\.cgt/.test(u) && !new URL(u).pathname.startsWith('/tables/')), []);
    assert.deepEqual(failures.filter((f) => !/panicForTesting/.test(f)), [], 'no console error, no failed request');
    await context.close();
  } finally {
    await browser.close();
    child.kill();
  }
});
