// <codeglass-encoder>: the Codeglass widget as a framework-free custom element.
//
//   <script type="module" src="/codeglass/codeglass-encoder.js"></script>
//   <codeglass-encoder name="dx" mode="lookup" system="icd10cm"></codeglass-encoder>
//
// Attributes: mode (lookup | claim | app), system (icd10cm | icd10pcs; both when absent), date
// (YYYY-MM-DD; today when absent), engine (the name of the page's shared engine it uses;
// 'default' when absent), tables (URL of the compiled tables, resolved against the page; used
// when this element is the first to ask for its engine; 'tables/' by default), name (the form
// field name). The `engine` property takes an engine from `load()` instead. It is
// form-associated: its value is the chosen code (lookup) or the claim's codes, principal
// diagnosis first (claim, app). Each explicit choice (Enter or a click on a billable result,
// "Use this code") is announced by one `codeglass-select` event whose detail is {code, display,
// system, version, fhir: {system, code, display, version}}; moving through the results fires
// `codeglass-highlight` with the same detail. Headers are never chosen. Full reference:
// docs/embedding.md.
// Everything runs in the page; the only requests are for this script's own files and the tables.
import { load, shared, Codeglass } from './codeglass.js';
performance.mark('codeglass:encoder module');

export { load, shared };

/** @deprecated use `shared({ tables, preload })`. */
export function engineFor(tablesUrl, preload = []) {
  return shared({ tables: tablesUrl, preload });
}

const STYLES = new URL('./codeglass-encoder.css', import.meta.url).href;

export class CodeglassEncoder extends HTMLElement {
  static formAssociated = true;
  static observedAttributes = ['mode', 'system', 'date', 'tables', 'engine'];

  #internals = this.attachInternals();
  #root = this.attachShadow({ mode: 'open' });
  #container = null;
  #status = null;
  #widget = null;
  #codes = [];
  #mounting = null;
  #given = null; // the engine set through the `engine` property
  #api = null; // the engine the widget is mounted on (its events reach this element)

  constructor() {
    super();
    // A stylesheet link (not an inline style) keeps the element inside `style-src 'self'`.
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLES;
    this.#status = document.createElement('p');
    this.#status.className = 'cg-status';
    this.#status.setAttribute('role', 'status');
    this.#container = document.createElement('div');
    this.#container.className = 'cg-host';
    this.#root.append(link, this.#status, this.#container);
  }

  /** The chosen code (lookup) or the claim's codes joined by spaces. */
  get value() { return this.#codes.join(' '); }
  /** The codes: one in lookup mode, the claim's in claim mode. */
  get codes() { return [...this.#codes]; }
  get form() { return this.#internals.form; }
  get name() { return this.getAttribute('name'); }
  /** The engine this element uses: one from `load()` (or a promise of one), or null for the page's shared engine named by the `engine` attribute. */
  get engine() { return this.#given; }
  set engine(api) {
    this.#given = api ?? null;
    if (this.isConnected) this.#mount();
  }

  connectedCallback() {
    performance.mark('codeglass:connected');
    this.#mount();
  }

  disconnectedCallback() {
    this.#unmount();
  }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.isConnected || !this.#widget) return;
    // Another engine or tables URL is another engine; the rest is shown in place, keeping the claim.
    if (name === 'tables' || name === 'engine') {
      this.#mount();
      return;
    }
    try {
      this.#widget.update(this.#options());
      this.#status.hidden = true;
    } catch (e) {
      this.#status.hidden = false;
      this.#status.textContent = `Codeglass: ${e.message}`;
      this.dataset.error = e.code || 'UNKNOWN';
    }
  }

  /** The view the attributes ask for. */
  #options() {
    const options = { mode: this.getAttribute('mode') || 'lookup' };
    for (const key of ['date', 'system']) if (this.getAttribute(key)) options[key] = this.getAttribute(key);
    return options;
  }

  formResetCallback() {
    this.#setCodes([]);
    if (this.isConnected) this.#mount();
  }

  /** Only this element's engine's recovery remounts it. */
  #onRecovered = () => {
    this.#widget = null; // it died with the old engine
    this.#mount();
  };

  #unmount() {
    this.#api?.removeEventListener('codeglass-recovered', this.#onRecovered);
    this.#api = null;
    this.#widget?.destroy();
    this.#widget = null;
  }

  #setCodes(codes) {
    this.#codes = codes;
    const name = this.name || 'code';
    const data = new FormData();
    for (const c of codes) data.append(name, c);
    this.#internals.setFormValue(codes.length ? data : null);
  }

  async #mount() {
    const options = this.#options();
    const lookup = () => (this.getAttribute('mode') || 'lookup') === 'lookup'; // read per event: the mode can change
    const token = Symbol('mount');
    this.#mounting = token;
    this.#status.textContent = 'Loading the code tables…';
    this.#status.hidden = false;
    try {
      // The first table the element needs, for its own date, is fetched before it shows; the
      // rest as it asks.
      const kind = this.getAttribute('system') === 'icd10pcs' ? 'icd10pcs' : 'icd10cm';
      const date = this.getAttribute('date') || undefined;
      let api;
      if (this.#given) {
        api = await this.#given;
        await api.ensure(kind, date);
      } else {
        api = await shared({ name: this.getAttribute('engine') || 'default', tables: this.getAttribute('tables') || undefined, preload: [kind], date });
      }
      await api.ready();
      if (this.#mounting !== token || !this.isConnected) return;
      this.#unmount();
      this.#api = api;
      api.addEventListener('codeglass-recovered', this.#onRecovered);
      this.#container.replaceChildren();
      const onSelect = (selection) => {
        if (lookup()) this.#setCodes([selection.code]);
        this.dispatchEvent(new CustomEvent('codeglass-select', { detail: selection, bubbles: true, composed: true }));
      };
      const onCodes = (codes) => { if (!lookup()) this.#setCodes(codes); };
      const onHighlight = (selection) => {
        this.dispatchEvent(new CustomEvent('codeglass-highlight', { detail: selection, bubbles: true, composed: true }));
      };
      this.#widget = api.mount(this.#container, options, onSelect, onCodes, onHighlight);
      performance.mark('codeglass:mounted');
      this.#status.hidden = true;
      this.#status.textContent = '';
    } catch (e) {
      this.#status.hidden = false;
      this.#status.textContent = `Codeglass could not start: ${e.message}`;
      this.dataset.error = e.code || 'UNKNOWN';
    }
  }
}

if (!customElements.get('codeglass-encoder')) customElements.define('codeglass-encoder', CodeglassEncoder);
globalThis.Codeglass ??= Codeglass;
