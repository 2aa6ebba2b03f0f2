// The thin slice: the page loads the compiled tables through the wasm engine and shows their
// versions and counts; nothing is requested from anywhere but the page's own origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertStaysHome, launch, openPage, OUT, startServer } from './harness.mjs';

test('the page shows every code set, its counts and the grouper versions', async () => {
  const server = await startServer();
  let browser;
  let netLog;
  let requests;
  try {
    ({ browser, netLog } = await launch());
    const opened = await openPage(browser, `${server.url}tables.html`);
    const { page } = opened;
    requests = opened.requests;
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const rows = await page.$$eval('#codesets-body tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    assert.deepEqual(rows, [
      ['ICD-10-CM', 'FY2026', '2025-10-01 – 2026-09-30', '74,719 billable · 23,467 headers'],
      ['ICD-10-CM', 'FY2027', '2026-10-01 – 2027-09-30', '74,879 billable · 23,524 headers'],
      ['ICD-10-PCS', 'FY2026', '2025-10-01 – 2026-09-30', '79,193 codes'],
      ['ICD-10-PCS', 'FY2027', '2026-10-01 – 2027-09-30', '79,256 codes'],
    ]);
    const grouper = await page.$$eval('#grouper-body tr', (trs) => trs.map((tr) => tr.children[0].textContent));
    assert.deepEqual(grouper, ['MS-DRG v43.0', 'MS-DRG v43.1', 'MS-DRG v44.0']);
    const gaps = await page.$$eval('#gaps li', (lis) => lis.map((li) => li.textContent));
    assert.ok(gaps.some((g) => g.includes('POA-exempt')), 'the kit gaps are shown');
    assert.ok(!gaps.some((g) => g.includes('Table 5')), 'FY2027 has its Table 5: no gap says it is missing');
    assert.match(await page.textContent('#status'), /^Ready\. Code set for today \(\d{4}-\d\d-\d\d\): (FY20\d\d|none \(DATE_NOT_SUPPORTED\))\.$/);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    await page.screenshot({ path: join(OUT, 'tables.png'), fullPage: true });
    await opened.context.close();
  } finally {
    if (browser) await browser.close();
    server.stop();
  }
  assert.ok(requests.some((u) => u.endsWith('.wasm')) && requests.some((u) => new URL(u).pathname.endsWith('.cgt')));
  assertStaysHome({ requests, netLog, serverUrl: server.url });
});
