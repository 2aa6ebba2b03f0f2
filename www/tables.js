// The code-tables page: loads every table and shows versions, counts and the kit's gaps.
// Rendering uses textContent only.
import { load } from './codeglass.js';

const $ = (id) => document.getElementById(id);

function row(cells) {
  const tr = document.createElement('tr');
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = String(text);
    tr.appendChild(td);
  }
  return tr;
}

const fmt = (n) => n.toLocaleString('en-US');

async function main() {
  const status = $('status');
  try {
    const cg = await load({ onProgress: (f) => { status.textContent = `Loading ${f}…`; } });
    // The JS API, for the browser tests and the developer console.
    window.codeglass = cg;
    const v = cg.versions();
    const body = $('codesets-body');
    for (const t of v.tables.filter((t) => t.kind !== 'msdrg')) {
      const s = t.kind === 'icd10cm' ? v.stats.icd10cm[t.version] : v.stats.icd10pcs[t.version];
      const counts = t.kind === 'icd10cm'
        ? `${fmt(s.billable)} billable · ${fmt(s.headers)} headers`
        : `${fmt(s.codes)} codes`;
      const tr = row([t.kind === 'icd10cm' ? 'ICD-10-CM' : 'ICD-10-PCS', `FY${t.version}`,
        `${t.effective_from} – ${t.effective_to}`, counts]);
      tr.dataset.kind = t.kind;
      tr.dataset.version = t.version;
      body.appendChild(tr);
    }
    const grouper = $('grouper-body');
    for (const g of v.grouper) {
      const tr = row([`MS-DRG v${g.name}`, `FY${g.fiscal_year}`, `${g.effective_from} – ${g.effective_to}`]);
      tr.dataset.version = String(g.version);
      grouper.appendChild(tr);
    }
    const gaps = $('gaps');
    for (const gap of cg.manifest.known_gaps) {
      const li = document.createElement('li');
      li.textContent = gap;
      gaps.appendChild(li);
    }
    const today = new Date().toISOString().slice(0, 10);
    let current;
    try {
      current = `FY${cg.fiscalYearFor('icd10cm', today)}`;
    } catch (e) {
      current = `none (${e.code})`;
    }
    status.textContent = `Ready. Code set for today (${today}): ${current}.`;
    document.body.dataset.ready = 'true';
  } catch (e) {
    status.textContent = `Could not start: ${e.message}`;
    document.body.dataset.error = e.code || 'UNKNOWN';
  }
}

main();
