// The widget as coders, CDI specialists and EHR pages use it, in headless Chromium: which
// events an embedding page hears and when, Enter on a typed code, the 7th-character picker,
// plain messages next to the claim's fields, the phone's first screenful, the order of a
// code's notes, the PCS builder's single-value axes, and an axe-core accessibility check of
// the three pages. Each state is saved as a screenshot in tests/e2e/out/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launch, openPage, OUT, startServer } from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;

test.before(async () => {
  server = await startServer();
  ({ browser } = await launch());
});

test.after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
});

const shot = (page, name, fullPage = true) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
const inWidget = (page, selector) => page.locator(`codeglass-encoder ${selector}`);
/** The text of the widget's shadow root. */
const widgetText = (page) => page.evaluate(() => document.querySelector('codeglass-encoder').shadowRoot.textContent);
/** Error codes meant for programs, never for people. */
const RAW_CODES = /\b(BAD_[A-Z_]+|CODE_NOT_FOUND|DATE_NOT_SUPPORTED|TABLE_[A-Z_]+|UNKNOWN)\b/;

async function waitForOption(page, scope, code) {
  await page.locator(`${scope} [role=option][data-code="${code}"]`).waitFor({ timeout: 60_000 });
}

/** Moves the active option onto `code` with the arrows (from a list with none active). */
async function arrowTo(page, scope, box, code) {
  const codes = await page.$$eval(`${scope} [role=option]`, (os) => os.map((o) => o.dataset.code));
  const i = codes.indexOf(code);
  assert.ok(i >= 0, `${code} is listed: ${codes}`);
  for (let k = 0; k <= i; k++) await box.press('ArrowDown');
  const active = await box.getAttribute('aria-activedescendant');
  assert.equal(await page.locator(`${scope} #${active}`).getAttribute('data-code'), code);
}

/** Records the element's events in the page, in order, as "type code". */
async function recordEvents(page, selector) {
  await page.evaluate((sel) => {
    window.__events = [];
    const el = document.querySelector(sel);
    for (const type of ['codeglass-select', 'codeglass-highlight']) {
      el.addEventListener(type, (e) => window.__events.push(`${type.slice(10)} ${e.detail.code}`));
    }
  }, selector);
}
const events = (page) => page.evaluate(() => window.__events);
const selects = async (page) => (await events(page)).filter((e) => e.startsWith('select'));

test('an EHR page hears one codeglass-select per explicit choice, never for a header', async () => {
  const { page, context } = await openPage(browser, `${server.url}embed.html`);
  const box = page.locator('#dx [role=combobox]');
  await box.waitFor({ timeout: 60_000 });
  await recordEvents(page, '#dx');

  // Keyboard: typing fires nothing; the arrows highlight; Enter chooses.
  await box.fill('chf');
  await waitForOption(page, '#dx', 'I50.9');
  assert.deepEqual(await events(page), [], 'typing alone fires nothing');
  await arrowTo(page, '#dx', box, 'I50.9');
  await box.press('Enter');
  await page.waitForFunction(() => window.__events.some((e) => e.startsWith('select')));
  assert.deepEqual(await events(page), ['highlight I50.9', 'select I50.9']);
  assert.equal(await page.evaluate(() => document.getElementById('dx').value), 'I50.9');
  // The detail shows the code as chosen: "Use this code" is not offered a second time.
  const use = page.locator('#dx .cg-detail[data-code="I50.9"] .cg-use');
  await use.waitFor();
  assert.equal(await use.textContent(), '✓ Chosen');
  assert.equal(await use.isDisabled(), true);
  // The parts docs/embedding.md documents for ::part() styling.
  const parts = await page.evaluate(() => [...document.getElementById('dx').shadowRoot.querySelectorAll('[part]')].map((e) => e.getAttribute('part')));
  for (const part of ['root', 'search-input', 'listbox', 'option', 'detail']) assert.ok(parts.includes(part), `part ${part}: ${[...new Set(parts)]}`);
  await shot(page, 'events-keyboard-choice');

  // A header is never chosen: Enter opens it, its default code active; Enter again chooses that.
  await page.evaluate(() => { window.__events = []; });
  await box.fill('heart failure');
  await waitForOption(page, '#dx', 'I50');
  await arrowTo(page, '#dx', box, 'I50');
  await box.press('Enter');
  await page.waitForFunction(() => {
    const root = document.getElementById('dx').shadowRoot;
    const input = root.querySelector('[role=combobox]');
    const active = input.getAttribute('aria-activedescendant');
    return input.value === 'I50' && active && root.getElementById(active)?.dataset.code === 'I50.9';
  });
  assert.deepEqual(await selects(page), [], 'no event for the header');
  assert.equal(await box.getAttribute('aria-expanded'), 'true', 'the list shows the codes under I50');
  await shot(page, 'events-header-opened');
  await box.press('Enter');
  await page.waitForFunction(() => window.__events.some((e) => e.startsWith('select')));
  assert.deepEqual(await selects(page), ['select I50.9']);

  // A code typed in full, dotted or not, any case: Enter takes it without the arrows.
  await page.evaluate(() => { window.__events = []; });
  await box.fill('i50.23');
  await waitForOption(page, '#dx', 'I50.23');
  await box.press('Enter');
  await page.waitForFunction(() => window.__events.some((e) => e.startsWith('select')));
  assert.deepEqual(await events(page), ['select I50.23']);

  // An incomplete code offers its completions: Enter opens the list, nothing is chosen.
  await page.evaluate(() => { window.__events = []; });
  await box.fill('I50.2');
  await waitForOption(page, '#dx', 'I50.21');
  await box.press('Enter');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await selects(page), []);

  // Pointer: moving over a result highlights it; a click chooses it, once.
  await page.evaluate(() => { window.__events = []; });
  await box.fill('N17.9');
  await waitForOption(page, '#dx', 'N17.9');
  const option = page.locator('#dx [role=option][data-code="N17.9"]');
  await option.hover();
  await page.mouse.move(10, 10);
  await option.hover();
  await option.click();
  await page.waitForFunction(() => window.__events.some((e) => e.startsWith('select')));
  const seen = await events(page);
  assert.deepEqual(seen.filter((e) => e.startsWith('select')), ['select N17.9']);
  assert.ok(seen.includes('highlight N17.9'), `hovering highlights: ${seen}`);
  assert.equal(seen.at(-1), 'select N17.9');
  // The page's own list holds exactly the four choices, each once.
  assert.deepEqual(await page.evaluate(() => window.codeglassEvents.map((e) => e.code)), ['I50.9', 'I50.9', 'I50.23', 'N17.9']);
  const form = await page.evaluate(() => Object.fromEntries(new FormData(document.getElementById('coding')).entries()));
  assert.deepEqual(form, { dx: 'N17.9' });
  await shot(page, 'events-pointer-choice');
  await context.close();
});

test('in the claim editor Enter adds the code typed in full', async () => {
  const { page, context } = await openPage(browser, server.url);
  await page.locator('codeglass-encoder [role=tab]#cg-tab-claim').click();
  const box = inWidget(page, '#cg-claim-search-input');
  await box.waitFor({ timeout: 60_000 });
  await box.fill('N17.9');
  await waitForOption(page, 'codeglass-encoder #cg-claim-search-listbox', 'N17.9');
  await box.press('Enter');
  await inWidget(page, '.cg-pdx li[data-code="N17.9"]').waitFor();
  await box.fill('i5023');
  await waitForOption(page, 'codeglass-encoder #cg-claim-search-listbox', 'I50.23');
  await box.press('Enter');
  await inWidget(page, '.cg-sdx li[data-code="I50.23"]').waitFor();
  assert.equal(await box.inputValue(), '', 'the box empties for the next code');
  assert.equal(await page.evaluate(() => document.querySelector('codeglass-encoder').value), 'N17.9 I50.23');
  await context.close();
});

test('the 7th-character picker leads only to codes that exist on the date', async () => {
  const { page, context } = await openPage(browser, server.url);
  const box = inWidget(page, '[role=combobox]').first();
  await box.waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => window.codeglass !== undefined);
  // The category: no picker (S72.XXXA does not exist), a sentence and its default code.
  await box.fill('S72');
  await waitForOption(page, 'codeglass-encoder', 'S72');
  await inWidget(page, '[role=option][data-code="S72"]').click();
  await inWidget(page, '.cg-detail[data-code="S72"]').waitFor();
  await box.press('Escape');
  assert.equal(await inWidget(page, '.cg-seventh-value').count(), 0, 'no 7th character to pick on the category');
  assert.match(await inWidget(page, '.cg-pick-first').textContent(), /choose one of the codes below first/);
  const def = inWidget(page, '.cg-detail .cg-default');
  assert.equal(await def.getAttribute('data-code'), 'S72.90XA');
  assert.equal(await inWidget(page, '.cg-detail .cg-use').count(), 0, 'a header has no "Use this code"');
  await shot(page, 'seventh-category');
  // The subcategory: a picker whose every value is a code of FY2027.
  await box.fill('S72.001');
  await waitForOption(page, 'codeglass-encoder', 'S72.001');
  await inWidget(page, '[role=option][data-code="S72.001"]').click();
  await inWidget(page, '.cg-detail[data-code="S72.001"]').waitFor();
  // The header opened in the list too (its codes, over the detail): Escape closes it.
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  await box.press('Escape');
  const targets = await page.$$eval('codeglass-encoder', ([el]) => [...el.shadowRoot.querySelectorAll('.cg-seventh-value')].map((b) => b.dataset.code));
  assert.equal(targets.length, 16);
  const missing = await page.evaluate((codes) => codes.filter((c) => {
    try { return !window.codeglass.describe(c, { date: '2026-12-01' }).billable; } catch { return true; }
  }), targets);
  assert.deepEqual(missing, [], 'every value makes a billable code');
  await shot(page, 'seventh-subcategory');
  await inWidget(page, '.cg-seventh-value[data-character="A"]').click();
  await inWidget(page, '.cg-detail[data-code="S72.001A"]').waitFor();
  assert.equal(await inWidget(page, '.cg-error').count(), 0);
  // The default code of the category opens the same way.
  await box.fill('S72');
  await waitForOption(page, 'codeglass-encoder', 'S72');
  await inWidget(page, '[role=option][data-code="S72"]').click();
  await box.press('Escape');
  await inWidget(page, '.cg-detail .cg-default').click();
  await inWidget(page, '.cg-detail[data-code="S72.90XA"]').waitFor();
  await context.close();
});

test('the claim editor says what is wrong next to the field, and the panels keep what they can', async () => {
  const { page, context } = await openPage(browser, server.url);
  await page.locator('codeglass-encoder [role=tab]#cg-tab-claim').click();
  await inWidget(page, '#cg-age').waitFor({ timeout: 60_000 });
  await inWidget(page, '#cg-date').fill('2026-10-15');
  const box = inWidget(page, '#cg-claim-search-input');
  await box.fill('I50.23');
  await waitForOption(page, 'codeglass-encoder #cg-claim-search-listbox', 'I50.23');
  await box.press('Enter');
  const drg = inWidget(page, '.cg-current');
  await drg.waitFor({ timeout: 60_000 });

  // An age the CMS software grades: the DRG stays, the field says what is odd.
  await inWidget(page, '#cg-age').fill('200');
  const ageMessage = inWidget(page, '#cg-age-message');
  await ageMessage.waitFor();
  assert.match(await ageMessage.textContent(), /^Age must be 0–124 years\./);
  assert.equal(await inWidget(page, '#cg-age').getAttribute('aria-describedby'), 'cg-age-message');
  await drg.waitFor();
  await shot(page, 'field-age-200');

  // No age: the field asks for it; the panels say the same in plain words.
  await inWidget(page, '#cg-age').fill('');
  await page.waitForFunction(() => /Enter the age/.test(document.querySelector('codeglass-encoder').shadowRoot.getElementById('cg-age-message')?.textContent ?? ''));
  assert.equal(await inWidget(page, '#cg-age').getAttribute('aria-invalid'), 'true');
  assert.match(await inWidget(page, '.cg-drg-panel').textContent(), /Enter the age in years \(0–124\)\./);
  assert.doesNotMatch(await widgetText(page), RAW_CODES);
  await shot(page, 'field-age-missing');
  await inWidget(page, '#cg-age').fill('70');
  await drg.waitFor();

  // A date no table covers: one sentence, the same in the field, the panels and the search.
  await inWidget(page, '#cg-date').fill('2030-01-15');
  const dateMessage = inWidget(page, '#cg-date-message');
  await dateMessage.waitFor();
  const sentence = 'Codeglass covers dates from 2025-10-01 to 2027-09-30.';
  assert.match(await dateMessage.textContent(), new RegExp(sentence.replace(/[.]/g, '\\.')));
  for (const panel of ['.cg-drg-panel', '.cg-edits-panel']) {
    assert.ok((await inWidget(page, panel).textContent()).includes(sentence), `${panel} says: ${await inWidget(page, panel).textContent()}`);
  }
  await box.fill('N17.9');
  await page.waitForFunction((s) => document.querySelector('codeglass-encoder').shadowRoot.querySelector('.cg-search-message')?.textContent.includes(s), sentence);
  assert.doesNotMatch(await widgetText(page), RAW_CODES);
  // Programs still get the stable code: the JS API throws it.
  const code = await page.evaluate(() => {
    try { window.codeglass.group({ discharge_date: '2030-01-15', age: 70, sex: 'F', discharge_status: '01', pdx: { code: 'I50.23', poa: 'Y' } }); } catch (e) { return e.code; }
    return null;
  });
  assert.equal(code, 'DATE_NOT_SUPPORTED');
  await shot(page, 'field-date-unsupported');
  await context.close();
});

test('on a phone the search box is in the first screenful and touch targets are 44 px', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(server.url);
  const box = inWidget(page, '[role=combobox]').first();
  await box.waitFor({ timeout: 60_000 });
  const header = await page.locator('body > header').boundingBox();
  assert.ok(header.height <= 64, `the page header is one line (${header.height}px)`);
  const input = await box.boundingBox();
  assert.ok(input.y + input.height <= 844 / 2, `the search box is in the top half (bottom at ${input.y + input.height}px)`);
  await shot(page, 'phone-first-screen', false);
  await box.fill('copd');
  await inWidget(page, '[role=option]').first().waitFor({ timeout: 60_000 });
  await shot(page, 'phone-search', false);
  const small = async () => page.evaluate(() => {
    const root = document.querySelector('codeglass-encoder').shadowRoot;
    return [...root.querySelectorAll('button, input, select, [role=option]')]
      .filter((e) => e.offsetParent !== null)
      .map((e) => [e.id || e.dataset.code || e.textContent.trim().slice(0, 30), Math.round(e.getBoundingClientRect().height)])
      .filter(([, h]) => h < 44);
  });
  assert.deepEqual(await small(), [], 'every control of the lookup is at least 44 px tall');
  await box.press('Enter');
  await box.press('Enter');
  await inWidget(page, '.cg-detail').waitFor();
  await shot(page, 'phone-detail');
  await page.locator('codeglass-encoder [role=tab]#cg-tab-claim').tap();
  await inWidget(page, '#cg-age').waitFor();
  assert.deepEqual(await small(), [], 'every control of the claim is at least 44 px tall');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
  await shot(page, 'phone-claim');
  await context.close();
});

test("a code's own notes come first; Code first before Excludes2; a chapter's long list is folded", async () => {
  const { page, context } = await openPage(browser, server.url);
  const box = inWidget(page, '[role=combobox]').first();
  await box.waitFor({ timeout: 60_000 });
  await box.fill('I50.9');
  await waitForOption(page, 'codeglass-encoder', 'I50.9');
  await box.press('Enter');
  await inWidget(page, '.cg-detail[data-code="I50.9"]').waitFor();
  const layout = await page.evaluate(() => {
    const d = document.querySelector('codeglass-encoder').shadowRoot.querySelector('.cg-detail');
    const all = [...d.querySelectorAll('.cg-own-notes, .cg-inherited')];
    const i50 = d.querySelector('.cg-inherited[data-source="I50"]');
    const kinds = [...i50.querySelectorAll('.cg-notes')].map((s) => s.dataset.kind);
    const chapter = d.querySelector('.cg-inherited[data-source="chapter 9"]');
    return { first: all[0]?.className, i50Open: i50.open, kinds, chapterOpen: chapter?.open, chapterSummary: chapter?.querySelector('summary').textContent };
  });
  assert.equal(layout.first, 'cg-own-notes', 'own notes first');
  assert.equal(layout.i50Open, true, 'what the category states stays open');
  assert.ok(layout.kinds.indexOf('codeFirst') >= 0 && layout.kinds.indexOf('codeFirst') < layout.kinds.indexOf('excludes2'), `Code first before Excludes2: ${layout.kinds}`);
  assert.equal(layout.chapterOpen, false, 'the chapter\'s Excludes2 list is folded');
  assert.match(layout.chapterSummary, /^From chapter 9: \d+ Excludes2$/);
  await shot(page, 'detail-notes-order');
  await context.close();
});

test('the PCS builder takes single-value axes, shows definitions, and reads as one line', async () => {
  const { page, context } = await openPage(browser, server.url);
  await page.locator('codeglass-encoder [role=tab]#cg-tab-pcs').click();
  const builder = inWidget(page, '.cg-pcs');
  await inWidget(page, '.cg-value').first().waitFor({ timeout: 60_000 });
  await inWidget(page, '.cg-value[data-character="0"]').click();
  await inWidget(page, '.cg-value[data-character="D"]').click();
  // Choosing the root operation: each value says what it means.
  const resection = inWidget(page, '.cg-value[data-character="T"]');
  await resection.waitFor();
  assert.match(await resection.locator('.cg-definition').textContent(), /Cutting out or off, without replacement, all of a body part/);
  await shot(page, 'pcs-root-operation-definitions');
  await builder.focus();
  for (const c of 'TJ4') {
    await inWidget(page, `.cg-value[data-character="${c}"]`).waitFor();
    await page.keyboard.press(/\d/.test(c) ? c : `Shift+${c}`);
  }
  // The device axis has one value (Z No Device): taken, and shown as taken; the qualifier
  // has two (G Hand-Assisted, Z No Qualifier) and waits for the user.
  await page.waitForFunction(() => document.querySelector('codeglass-encoder').shadowRoot.querySelector('.cg-pcs').dataset.prefix === '0DTJ4Z');
  assert.equal(await inWidget(page, '.cg-chosen li.cg-auto').count(), 1);
  assert.match(await inWidget(page, '.cg-chosen li.cg-auto').textContent(), /Z No Device/);
  await inWidget(page, '.cg-value[data-character="G"]').waitFor();
  await page.keyboard.press('Shift+Z');
  const complete = inWidget(page, '.cg-complete');
  await complete.waitFor();
  assert.equal(await complete.getAttribute('data-code'), '0DTJ4ZZ');
  assert.equal(await inWidget(page, '.cg-chosen li').count(), 7);
  const line = await page.evaluate(() => {
    const ol = document.querySelector('codeglass-encoder').shadowRoot.querySelector('.cg-chosen');
    return { display: getComputedStyle(ol).display, text: ol.textContent };
  });
  assert.equal(line.display, 'flex');
  assert.match(line.text, /^0 Medical and Surgical.*D Gastrointestinal System.*T Resection/);
  await shot(page, 'pcs-auto-taken');
  // Back undoes the last choice; the next Back undoes the approach with the device taken for it.
  await builder.focus();
  await page.keyboard.press('Backspace');
  assert.equal(await builder.getAttribute('data-prefix'), '0DTJ4Z');
  await page.keyboard.press('Backspace');
  assert.equal(await builder.getAttribute('data-prefix'), '0DTJ');
  await context.close();
});

/** Runs axe-core on the page (its shadow roots included); the serious and critical violations. */
async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

test('axe-core finds no serious or critical violation on the three pages', async () => {
  const found = {};
  {
    const { page, context } = await openPage(browser, server.url);
    const box = inWidget(page, '[role=combobox]').first();
    await box.waitFor({ timeout: 60_000 });
    await box.fill('chf');
    await inWidget(page, '[role=option]').first().waitFor({ timeout: 60_000 });
    await box.press('ArrowDown');
    found['index (search)'] = await axe(page);
    await box.press('Enter');
    await inWidget(page, '.cg-detail').waitFor();
    found['index (detail)'] = await axe(page);
    await page.locator('codeglass-encoder [role=tab]#cg-tab-claim').click();
    const claimBox = inWidget(page, '#cg-claim-search-input');
    await claimBox.fill('I50.23');
    await waitForOption(page, 'codeglass-encoder #cg-claim-search-listbox', 'I50.23');
    await claimBox.press('Enter');
    await inWidget(page, '.cg-current').waitFor({ timeout: 60_000 });
    found['index (claim)'] = await axe(page);
    await page.locator('codeglass-encoder [role=tab]#cg-tab-pcs').click();
    await inWidget(page, '.cg-value').first().waitFor({ timeout: 60_000 });
    found['index (PCS)'] = await axe(page);
    await context.close();
  }
  {
    const { page, context } = await openPage(browser, `${server.url}embed.html`);
    await page.locator('#dx [role=combobox]').waitFor({ timeout: 60_000 });
    found.embed = await axe(page);
    await context.close();
  }
  {
    const { page, context } = await openPage(browser, `${server.url}tables.html`);
    await page.waitForFunction(() => /^Ready/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
    found.tables = await axe(page);
    await context.close();
  }
  assert.deepEqual(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length)), {});
});
