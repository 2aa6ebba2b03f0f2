// Compiled (not run) by package.test.mjs against the built npm package: the declarations must
// describe the API precisely enough to catch these mistakes.
import { load, type Claim, type Hit, type Selection } from '../../../target/npm/codeglass/codeglass.js';
import { shared, type CodeglassEncoder } from '../../../target/npm/codeglass/codeglass-encoder.js';

export async function use(): Promise<string> {
  const cg = await load({ tables: '/tables/', preload: ['icd10cm'] });
  const old = await load({ tablesUrl: '/tables/' }); // the old name still type-checks
  const page = await shared({ name: 'fy26', tables: '/tables/', preload: ['icd10cm'], date: '2026-05-01' });
  cg.addEventListener('codeglass-recovered', (e) => e.detail.engine.search('chf'));
  window.addEventListener('codeglass-panic', (e) => e.detail.message);
  // The element: typed by its tag, its properties and its events.
  const element: CodeglassEncoder = document.createElement('codeglass-encoder');
  element.engine = page;
  element.engine = old;
  const chosen: string = element.value;
  const codes: string[] = element.codes;
  element.addEventListener('codeglass-select', (e) => e.detail.fhir.system);
  document.querySelector('codeglass-encoder')?.addEventListener('codeglass-highlight', (e) => e.detail.code);
  document.body.addEventListener('codeglass-select', (e) => e.detail.version);
  // @ts-expect-error: the value is read-only (it is what was chosen).
  element.value = 'I50.9';
  // @ts-expect-error: a selection has no `title` (it is `display`).
  element.addEventListener('codeglass-select', (e) => e.detail.title);
  // @ts-expect-error: an engine is not a string.
  element.engine = 'default';
  const hits: Hit[] = cg.search('chf', { system: 'icd10cm', limit: 5, date: '2026-11-22' });
  const first: string = hits[0].code;
  const d = cg.describe(first);
  const notes: string[] = d.notes.map((n) => `${n.kind}: ${n.text}`);
  const next = cg.pcsNext('0DT');
  const axis: string | null = next.axis_title;
  const claim: Claim = { discharge_date: '2026-11-20', age: 78, sex: 'F', discharge_status: '01', pdx: { code: 'I50.23', poa: 'Y' } };
  const drg: number = cg.group(claim).final_drg;
  const delta: number | null = cg.whatIf(claim, { op: 'remove_sdx', code: 'N17.9' }).weight_delta;
  const edits: string = cg.edits(claim).mce_edit_type;
  const onSelect = (s: Selection) => s.fhir.system;
  cg.mount(document.createElement('div'), { mode: 'lookup' }, onSelect).destroy();
  // @ts-expect-error: a search result has no `title` (it is `display`).
  hits[0].title;
  // @ts-expect-error: sex is "M" | "F" | "U".
  cg.group({ ...claim, sex: 'female' });
  // @ts-expect-error: an unknown change op.
  cg.whatIf(claim, { op: 'delete_everything' });
  // @ts-expect-error: unknown table kind.
  await cg.ensure('hcpcs');
  return `${first} ${notes.length} ${axis} ${drg} ${delta} ${edits} ${chosen} ${codes.length}`;
}
