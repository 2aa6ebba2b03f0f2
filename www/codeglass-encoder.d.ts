// Types of <codeglass-encoder> (codeglass-encoder.js). Importing the module defines the element.
import type { Codeglass, Selection, TableKind } from './codeglass.js';
export { load, shared } from './codeglass.js';
export type * from './codeglass.js';

/** The detail of `codeglass-select` (a chosen code) and `codeglass-highlight` (a highlighted result). */
export type CodeglassSelectEvent = CustomEvent<Selection>;

/** Events the element dispatches (bubbling, composed), besides those of any HTMLElement. */
export interface CodeglassEncoderEventMap extends HTMLElementEventMap {
  'codeglass-select': CodeglassSelectEvent;
  'codeglass-highlight': CodeglassSelectEvent;
}

/**
 * `<codeglass-encoder>`: attributes `mode` (`lookup` | `claim` | `app`), `system` (`icd10cm` |
 * `icd10pcs`), `date` (YYYY-MM-DD), `engine` (a shared engine's name), `tables` (the tables URL
 * when this element is the first to ask for its engine), `name` (the form field). Form-associated.
 */
export declare class CodeglassEncoder extends HTMLElement {
  static readonly formAssociated: true;
  static readonly observedAttributes: string[];
  /** The chosen code (lookup) or the claim's codes joined by spaces. */
  readonly value: string;
  /** The codes: one in lookup mode, the claim's in claim mode. */
  readonly codes: string[];
  readonly form: HTMLFormElement | null;
  readonly name: string | null;
  /** An engine from `load()` (or a promise of one) to use; null: the page's shared engine named by the `engine` attribute. */
  engine: Codeglass | Promise<Codeglass> | null;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string, before: string | null, after: string | null): void;
  formResetCallback(): void;
  addEventListener<K extends keyof CodeglassEncoderEventMap>(type: K, listener: (this: CodeglassEncoder, event: CodeglassEncoderEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CodeglassEncoderEventMap>(type: K, listener: (this: CodeglassEncoder, event: CodeglassEncoderEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** @deprecated use `shared({ tables, preload })`. */
export function engineFor(tables?: string, preload?: TableKind[]): Promise<Codeglass>;

declare global {
  interface HTMLElementTagNameMap { 'codeglass-encoder': CodeglassEncoder; }
  // The events bubble, so a form or any ancestor can listen for them.
  interface HTMLElementEventMap {
    'codeglass-select': CustomEvent<Selection>;
    'codeglass-highlight': CustomEvent<Selection>;
  }
}
