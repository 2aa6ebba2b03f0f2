// The application's side: the page's shared engine for the search and the grouper, the
// element (which shares it) for choosing codes.
import { shared, type Claim, type CodeglassError } from 'codeglass/encoder';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>('status');

async function main(): Promise<void> {
  const cg = await shared({ preload: ['msdrg'], date: '2026-05-15' });
  const dx = document.querySelector('codeglass-encoder');
  if (!dx) throw new Error('no <codeglass-encoder>');

  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const hits = cg.search($<HTMLInputElement>('q').value, { system: 'icd10cm', limit: 5, date: '2026-05-15' });
    $('hits').replaceChildren(...hits.map((h) => {
      const li = document.createElement('li');
      li.textContent = `${h.code} ${h.display}`;
      li.dataset.code = h.code;
      return li;
    }));
  });

  const claim: Claim = {
    discharge_date: '2026-05-15', age: 70, sex: 'F', discharge_status: '01',
    pdx: { code: 'I50.23', poa: 'Y' }, sdx: [{ code: 'N17.9', poa: 'Y' }],
  };
  $('group').addEventListener('click', () => {
    const result = cg.group(claim);
    $('drg').textContent = String(result.final_drg);
  });

  dx.addEventListener('codeglass-select', (event) => {
    const li = document.createElement('li');
    li.textContent = `${event.detail.code} (${event.detail.fhir.system}); form value ${dx.value}`;
    li.dataset.code = event.detail.code;
    $('chosen').append(li);
  });

  // Only this engine's recovery is heard here (and by the elements that use it).
  cg.addEventListener('codeglass-recovered', (event) => {
    $('recovered').textContent = `recovered: ${event.detail.engine === cg}`;
  });
  $('panic').addEventListener('click', () => {
    try {
      cg.panicForTesting();
    } catch (e) {
      $('recovered').textContent = `${(e as CodeglassError).code}, restarting`;
    }
  });

  status.textContent = 'Ready';
  document.body.dataset.ready = 'true';
}

main().catch((e: CodeglassError) => {
  status.textContent = `Could not start: ${e.message}`;
  document.body.dataset.error = e.code ?? 'UNKNOWN';
});
