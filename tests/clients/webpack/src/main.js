// The application's side: its own engine from load(), given to the element it creates, so the
// page has one engine and fetches the manifest once.
import { load } from 'codeglass';
import 'codeglass/encoder';

const $ = (id) => document.getElementById(id);
const status = $('status');

async function main() {
  const cg = await load({ tables: 'tables/', preload: ['icd10cm', 'msdrg'], date: '2026-05-15' });

  const dx = document.createElement('codeglass-encoder');
  dx.id = 'dx';
  dx.setAttribute('name', 'dx');
  dx.setAttribute('mode', 'lookup');
  dx.setAttribute('system', 'icd10cm');
  dx.setAttribute('date', '2026-05-01');
  dx.engine = cg; // before it is connected: it never starts an engine of its own
  $('coding').append(dx);

  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const hits = cg.search($('q').value, { system: 'icd10cm', limit: 5, date: '2026-05-15' });
    $('hits').replaceChildren(...hits.map((h) => {
      const li = document.createElement('li');
      li.textContent = `${h.code} ${h.display}`;
      li.dataset.code = h.code;
      return li;
    }));
  });

  const claim = {
    discharge_date: '2026-05-15', age: 70, sex: 'F', discharge_status: '01',
    pdx: { code: 'I50.23', poa: 'Y' }, sdx: [{ code: 'N17.9', poa: 'Y' }],
  };
  $('group').addEventListener('click', () => {
    $('drg').textContent = String(cg.group(claim).final_drg);
  });

  dx.addEventListener('codeglass-select', (event) => {
    const li = document.createElement('li');
    li.textContent = `${event.detail.code} (${event.detail.fhir.system}); form value ${dx.value}`;
    li.dataset.code = event.detail.code;
    $('chosen').append(li);
  });

  cg.addEventListener('codeglass-recovered', (event) => {
    $('recovered').textContent = `recovered: ${event.detail.engine === cg}`;
  });
  $('panic').addEventListener('click', () => {
    try {
      cg.panicForTesting();
    } catch (e) {
      $('recovered').textContent = `${e.code}, restarting`;
    }
  });

  status.textContent = 'Ready';
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  status.textContent = `Could not start: ${e.message}`;
  document.body.dataset.error = e.code ?? 'UNKNOWN';
});
