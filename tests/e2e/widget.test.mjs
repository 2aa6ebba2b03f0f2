// The widget in headless Chromium, as users meet it: the coder app (index.html) and the mock
// EHR page that embeds <codeglass-encoder> (embed.html). Each state is saved as a screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertStaysHome, launch, openPage, OUT, startServer } from './harness.mjs';

let server;
let browser;
let netLog;
const allPages = [];

test.before(async () => {
  server = await startServer();
  ({ browser, netLog } = await launch());
});

test.after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

/** Waits until the page's engine holds these tables (they load lazily, in the background). */
async function tablesLoaded(page, files) {
  await page.waitForFunction((want) => {
    const have = (document.body.dataset.tables ?? '').split(' ');
    return want.every((f) => have.includes(f));
  }, files, { timeout: 60_000 });
}

/** Opens a page and keeps its requests for the network audit. */
async function open(path) {
  const opened = await openPage(browser, `${server.url}${path}`);
  // The arrays fill as the page goes on; read them at the audit.
  allPages.push({ path, opened });
  return opened;
}

const shot = (page, name) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
const options = (page) => page.$$eval('codeglass-encoder [role=option]', (os) => os.map((o) => o.dataset.code));

async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations);
}

test('typing chf lists the I50 heart-failure family, with the combobox semantics', async () => {
  const { page, context } = await open('');
  const box = page.locator('codeglass-encoder [role=combobox]').first();
  await box.waitFor({ timeout: 60_000 });
  // Both code sets of the year: the list does not change under the arrows below.
  await tablesLoaded(page, ['icd10cm-2027.cgt', 'icd10pcs-2027.cgt']);
  await box.fill('chf');
  await page.waitForFunction(() => document.querySelector('codeglass-encoder').shadowRoot.querySelectorAll('[role=option]').length > 0, null, { timeout: 60_000 });
  const codes = await options(page);
  assert.ok(codes.length >= 5, `results: ${codes}`);
  assert.ok(codes.slice(0, 4).every((c) => c.startsWith('I50')), `the first four are I50 codes: ${codes}`);
  assert.ok(codes.slice(0, 10).filter((c) => c.startsWith('I50')).length >= 7, `mostly I50 codes: ${codes}`);
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  const listId = await box.getAttribute('aria-controls');
  assert.equal(await page.locator(`codeglass-encoder #${listId}`).getAttribute('role'), 'listbox');
  assert.match(await page.locator('codeglass-encoder [role=status][aria-live=polite]').first().textContent(), /^\d+ results$/);
  // Arrows move aria-activedescendant; Home/End jump; Escape closes.
  await box.press('ArrowDown');
  await box.press('ArrowDown');
  const second = await page.locator('codeglass-encoder [role=option]').nth(1).getAttribute('id');
  assert.equal(await box.getAttribute('aria-activedescendant'), second);
  assert.equal(await page.locator(`codeglass-encoder #${second}`).getAttribute('aria-selected'), 'true');
  await box.press('End');
  const last = await page.locator('codeglass-encoder [role=option]').last().getAttribute('id');
  assert.equal(await box.getAttribute('aria-activedescendant'), last);
  await box.press('Home');
  assert.equal(await box.getAttribute('aria-activedescendant'), await page.locator('codeglass-encoder [role=option]').first().getAttribute('id'));
  await shot(page, 'search-chf');
  // Enter shows the code's detail with its Tabular notes.
  await box.press('Enter');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  const detail = page.locator('codeglass-encoder .cg-detail');
  await detail.waitFor();
  assert.equal(await detail.getAttribute('data-code'), codes[0]);
  assert.ok(await page.locator('codeglass-encoder .cg-notes').count() > 0, 'notes are shown');
  await shot(page, 'code-detail');
  // A code a note refers to opens with one click: I50's Excludes2 "cardiac arrest (I46.-)".
  await page.locator('codeglass-encoder .cg-note-excludes2 .cg-ref[data-code="I46"]').click();
  await page.locator('codeglass-encoder .cg-detail[data-code="I46"]').waitFor();
  assert.match(await page.locator('codeglass-encoder .cg-detail h3').textContent(), /Cardiac arrest/);
  await box.fill('chf');
  await box.press('Escape');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.deepEqual(await cspViolations(page), []);
  await context.close();
});

test('on a phone-sized screen the app fits the width', async () => {
  const { page, context } = await open('');
  await page.setViewportSize({ width: 390, height: 844 });
  const box = page.locator('codeglass-encoder [role=combobox]').first();
  await box.waitFor({ timeout: 60_000 });
  await box.fill('copd');
  await page.locator('codeglass-encoder [role=option]').first().waitFor({ timeout: 60_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
  await shot(page, 'mobile-search');
  await page.locator('codeglass-encoder [role=tab]#cg-tab-claim').click();
  await page.locator('codeglass-encoder #cg-age').waitFor();
  const overflowClaim = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflowClaim <= 0, `the claim view fits too (${overflowClaim}px too wide)`);
  await shot(page, 'mobile-claim');
  await context.close();
});

test('a 7th character is picked in the detail', async () => {
  const { page, context } = await open('');
  const box = page.locator('codeglass-encoder [role=combobox]').first();
  await box.waitFor({ timeout: 60_000 });
  await box.fill('S52.50');
  await page.locator('codeglass-encoder [role=option][data-code="S52.50"]').waitFor({ timeout: 60_000 });
  await page.locator('codeglass-encoder [role=option][data-code="S52.50"]').click();
  await page.locator('codeglass-encoder .cg-detail[data-code="S52.50"]').waitFor();
  // A header: down to S52.501, which needs a 7th character (stated at S52).
  await page.locator('codeglass-encoder .cg-children button', { hasText: 'S52.501' }).click();
  await page.locator('codeglass-encoder .cg-detail[data-code="S52.501"]').waitFor();
  assert.match(await page.locator('codeglass-encoder .cg-seventh h4').textContent(), /stated at S52/);
  await shot(page, 'seventh-picker');
  await page.locator('codeglass-encoder .cg-seventh-value[data-character="A"]').click();
  await page.locator('codeglass-encoder .cg-detail[data-code="S52.501A"]').waitFor();
  assert.match(await page.locator('codeglass-encoder .cg-detail').textContent(), /billable/);
  await shot(page, 'seventh-character');
  await context.close();
});

test('choosing with the keyboard on the EHR page fires codeglass-select with a FHIR Coding', async () => {
  const { page, context } = await open('embed.html');
  const box = page.locator('#dx [role=combobox]');
  await box.waitFor({ timeout: 60_000 });
  await box.fill('chf');
  await page.locator('#dx [role=option]').first().waitFor({ timeout: 60_000 });
  // The first result is the billable default (a header would open, not be chosen).
  const second = await page.locator('#dx [role=option]').nth(0).getAttribute('data-code');
  await box.press('ArrowDown');
  await box.press('Enter');
  await page.waitForFunction(() => window.codeglassEvents.length === 1);
  const [event] = await page.evaluate(() => window.codeglassEvents);
  assert.equal(event.code, second);
  assert.equal(event.system, 'icd10cm');
  assert.match(event.version, /^20\d\d$/);
  assert.equal(event.fhir.system, 'http://hl7.org/fhir/sid/icd-10-cm');
  assert.equal(event.fhir.code, second);
  assert.equal(event.fhir.display, event.display);
  assert.ok(event.display.length > 5);
  // Form-associated: the chosen code is the form's value.
  await page.click('button[type=submit]');
  assert.deepEqual(JSON.parse(await page.textContent('#submitted')), { dx: second });
  await shot(page, 'embed-select');
  assert.deepEqual(await cspViolations(page), []);
  await context.close();
});

test('a PCS code is built axis by axis', async () => {
  const { page, context } = await open('');
  await page.locator('codeglass-encoder [role=tab]#cg-tab-pcs').click();
  const builder = page.locator('codeglass-encoder .cg-pcs');
  await page.locator('codeglass-encoder .cg-value').first().waitFor({ timeout: 60_000 });
  // The first axis by pointer, the rest by typing each value's character; the device axis
  // has one value (Z) and is taken for the user.
  await page.locator('codeglass-encoder .cg-value[data-character="0"]').click();
  await builder.focus();
  for (const c of 'DTJ4') {
    await page.locator(`codeglass-encoder .cg-value[data-character="${c}"]`).waitFor();
    await page.keyboard.press(c === c.toLowerCase() ? c : `Shift+${c}`);
  }
  await page.waitForFunction(() => document.querySelector('codeglass-encoder').shadowRoot.querySelector('.cg-pcs').dataset.prefix === '0DTJ4Z');
  await shot(page, 'pcs-axis-7');
  await page.keyboard.press('Shift+Z');
  const complete = page.locator('codeglass-encoder .cg-complete');
  await complete.waitFor();
  assert.equal(await complete.getAttribute('data-code'), '0DTJ4ZZ');
  assert.match(await complete.textContent(), /Resection of Appendix, Percutaneous Endoscopic Approach/i);
  assert.equal(await page.locator('codeglass-encoder .cg-chosen li').count(), 7);
  await shot(page, 'pcs-complete');
  // Backspace goes back one choice.
  await page.keyboard.press('Backspace');
  assert.equal(await builder.getAttribute('data-prefix'), '0DTJ4Z');
  await context.close();
});

async function addCode(page, text, code) {
  const box = page.locator('codeglass-encoder #cg-claim-search-input');
  await box.fill(text);
  await page.locator(`codeglass-encoder #cg-claim-search-listbox [data-code="${code}"]`).waitFor({ timeout: 60_000 });
  const codes = await page.$$eval('codeglass-encoder #cg-claim-search-listbox [role=option]', (os) => os.map((o) => o.dataset.code));
  for (let i = 0; i <= codes.indexOf(code); i++) await box.press('ArrowDown');
  await box.press('Enter');
}

test('a claim shows its DRG and CC/MCC badges, and a what-if toggle moves the DRG', async () => {
  const { page, context } = await open('');
  await page.locator('codeglass-encoder [role=tab]#cg-tab-claim').click();
  // A FY2026 discharge: the grouper v43.1 with its Table 5 weights (tables fetched on demand).
  await page.locator('codeglass-encoder #cg-date').fill('2026-09-15');
  await page.locator('codeglass-encoder #cg-age').fill('78');
  await tablesLoaded(page, ['msdrg.cgt', 'icd10cm-2026.cgt', 'icd10pcs-2026.cgt']);
  await addCode(page, 'I50.23', 'I50.23');
  await addCode(page, 'N17.9', 'N17.9');
  await addCode(page, 'E11.22', 'E11.22');
  const drg = page.locator('codeglass-encoder .cg-current');
  await page.waitForFunction(() => document.querySelector('codeglass-encoder').shadowRoot.querySelector('.cg-current')?.dataset.drg === '292', null, { timeout: 60_000 });
  assert.match(await drg.textContent(), /Heart Failure and Shock with CC/);
  // POA starts blank (asked for, never assumed) and each control is named after its code.
  assert.equal(await page.locator('codeglass-encoder select[aria-label="POA for N17.9"]').inputValue(), '');
  assert.equal(await page.getByRole('combobox', { name: 'POA for E11.22' }).count(), 1);
  assert.match(await drg.textContent(), /Relative weight\s*\d\.\d{4}/);
  const badges = await page.$$eval('codeglass-encoder .cg-severity li', (lis) => lis.map((li) => [li.dataset.code, li.dataset.severity]));
  assert.deepEqual(badges, [['N179', 'CC'], ['E1122', 'NEITHER']]);
  // The payment estimate follows the base rate.
  await page.locator('codeglass-encoder #cg-base-rate').fill('6000');
  await page.locator('codeglass-encoder .cg-payment').waitFor();
  await shot(page, 'claim-drg');
  // What if N17.9 were absent: DRG 293.
  await page.locator('codeglass-encoder #cg-absent-0').check();
  const after = page.locator('codeglass-encoder .cg-after');
  await after.waitFor();
  assert.equal(await after.getAttribute('data-drg'), '293');
  assert.match(await page.locator('codeglass-encoder .cg-delta').textContent(), /DRG 292 → 293; weight change -0\.\d{4}/);
  await shot(page, 'claim-what-if');
  // A FY2027 discharge (v44.0): the FY2027 Table 5 weight, a payment estimate and the what-if
  // weight change, as for FY2026.
  await page.locator('codeglass-encoder #cg-date').fill('2026-10-15');
  await page.waitForFunction(() => /MS-DRG v44\.0/.test(document.querySelector('codeglass-encoder').shadowRoot.querySelector('.cg-current')?.textContent ?? ''), null, { timeout: 60_000 });
  assert.match(await drg.textContent(), /Relative weight\s*0\.8616/);
  assert.equal(await page.locator('codeglass-encoder .cg-current .cg-payment').textContent(), '$5,169.60 (base rate $6,000.00 × weight 0.8616)');
  assert.equal(await page.locator('codeglass-encoder .cg-delta').textContent(), 'DRG 292 → 293; weight change -0.3154');
  // An age the CMS software grades (200): the DRG as CMS groups it and the MCE's INVALID_AGE
  // edit, not an error in place of the panels.
  await page.locator('codeglass-encoder #cg-age').fill('200');
  await page.locator('codeglass-encoder .cg-mce li[data-id="INVALID_AGE"]').waitFor({ timeout: 30_000 });
  assert.equal(await drg.getAttribute('data-drg'), '292');
  assert.equal(await page.locator('codeglass-encoder .cg-error').count(), 0, 'no error box');
  await shot(page, 'claim-age-200');
  await page.locator('codeglass-encoder #cg-age').fill('78');
  await page.locator('codeglass-encoder .cg-mce li[data-id="INVALID_AGE"]').waitFor({ state: 'detached', timeout: 30_000 });
  // The claim's codes are the element's form value, principal diagnosis first.
  assert.equal(await page.evaluate(() => document.querySelector('codeglass-encoder').value), 'I50.23 N17.9 E11.22');
  // The host page changes the element's date: the widget updates in place, the claim stays.
  await page.evaluate(() => document.querySelector('codeglass-encoder').setAttribute('date', '2026-10-15'));
  await page.locator('codeglass-encoder .cg-after').waitFor();
  assert.equal(await page.locator('codeglass-encoder [role=tab][aria-selected=true]').getAttribute('id'), 'cg-tab-claim');
  assert.equal(await page.evaluate(() => document.querySelector('codeglass-encoder').value), 'I50.23 N17.9 E11.22');
  await page.evaluate(() => document.querySelector('codeglass-encoder').setAttribute('date', 'not-a-date'));
  assert.equal(await page.evaluate(() => document.querySelector('codeglass-encoder').dataset.error), 'BAD_DATE');
  assert.ok(await page.locator('codeglass-encoder .cg-edits-panel').count() === 1);
  assert.deepEqual(await cspViolations(page), []);
  // Nothing of the claim is stored: no web storage, cookies or IndexedDB; the caches hold
  // only the app's own files and tables.
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    idb: (await indexedDB.databases()).length,
    cached: (await Promise.all((await caches.keys()).map(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname)))).flat(),
  }));
  assert.deepEqual([stored.local, stored.session, stored.cookie, stored.idb], [0, 0, '', 0]);
  const allowed = /^\/((index|tables|embed)\.(html|js)|embed\.css|style\.css|codeglass(-encoder)?\.(js|css)|pkg\/codeglass_wasm(\.js|_bg\.wasm)|manifest\.webmanifest|icon(-\d+)?\.(svg|png)|tables\/(manifest\.json|[a-z0-9-]+\.cgt))?$/;
  assert.deepEqual(stored.cached.filter((p) => !allowed.test(p)), [], 'only static files are cached');
  await context.close();
});

test('the widget comes back after an engine panic', async () => {
  const { page, context } = await open('');
  const box = page.locator('codeglass-encoder [role=combobox]').first();
  await box.waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => window.codeglass !== undefined);
  const code = await page.evaluate(async () => {
    const recovered = new Promise((r) => window.addEventListener('codeglass-recovered', r, { once: true }));
    try { window.codeglass.panicForTesting(); } catch (e) { window.__panicCode = e.code; }
    await recovered;
    return window.__panicCode;
  });
  assert.equal(code, 'PANIC');
  const fresh = page.locator('codeglass-encoder [role=combobox]').first();
  await fresh.waitFor({ timeout: 60_000 });
  await fresh.fill('chf');
  await page.locator('codeglass-encoder [role=option]').first().waitFor({ timeout: 60_000 });
  assert.ok((await options(page))[0].startsWith('I50'), 'the remounted widget searches');
  assert.deepEqual(await cspViolations(page), []);
  await context.close();
});

test('after one visit, the app searches with the server gone', async () => {
  const { page, context, failures } = await open('');
  await page.locator('codeglass-encoder [role=combobox]').first().waitFor({ timeout: 60_000 });
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => document.body.dataset.tables?.includes('icd10cm-'), null, { timeout: 60_000 });
  // Reload once so the service worker controls the page, then cut the network.
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await page.waitForFunction(() => document.body.dataset.tables?.includes('icd10cm-'), null, { timeout: 60_000 });
  await context.setOffline(true);
  const online = failures.length;
  await page.reload();
  const box = page.locator('codeglass-encoder [role=combobox]').first();
  await box.waitFor({ timeout: 60_000 });
  await box.fill('chf');
  await page.locator('codeglass-encoder [role=option]').first().waitFor({ timeout: 60_000 });
  assert.ok((await options(page))[0].startsWith('I50'));
  await shot(page, 'offline-search');
  // Offline, a table not cached yet cannot come: only network failures, reported to the page.
  const offline = failures.splice(online);
  assert.deepEqual(offline.filter((f) => !/net::ERR_(FAILED|INTERNET_DISCONNECTED)/.test(f)), [], 'offline, only fetches fail');
  await context.close();
});

test('network audit: only this origin, no failed request, no CSP violation', async () => {
  await browser.close();
  browser = null;
  // (The panic test's panic is logged on purpose.)
  const failures = allPages.flatMap(({ path, opened }) => opened.failures.filter((f) => !/panicForTesting/.test(f)).map((f) => `/${path}: ${f}`));
  assert.deepEqual(failures, [], 'no failed request, no console error (a missing favicon shows here)');
  assertStaysHome({ requests: allPages.flatMap(({ opened }) => opened.requests), netLog, serverUrl: server.url });
});
