// Types of the Codeglass loader (codeglass.js). The engine's own types come from wasm-bindgen.
import type {
  Claim, Change, EditReport, GroupOptions, GroupResult, Hit, MountOptions, Opportunities,
  SearchOptions, DateOptions, Selection, TableSummary, Versions, WhatIf, Description, PcsNext,
} from './pkg/codeglass_wasm.js';

export type {
  Claim, Change, EditReport, GroupOptions, GroupResult, Hit, MountOptions, Opportunities,
  SearchOptions, DateOptions, Selection, TableSummary, Versions, WhatIf, Description, PcsNext,
};

export type TableKind = 'icd10cm' | 'icd10pcs' | 'msdrg';

export interface ManifestOutput {
  file: string; kind: TableKind; version: string; effective_from: string; effective_to: string;
  sha256: string; bytes: number; gzip_bytes?: number;
}
export interface Manifest { format_version: number; outputs: ManifestOutput[]; known_gaps: string[]; }

export interface LoadOptions {
  /**
   * The URL where the application serves the package's `tables/` folder (manifest.json and the
   * `.cgt` files), resolved against the page. Default `'tables/'` (beside the page). Copy them
   * there with `npx codeglass-tables <public folder>/tables`.
   */
  tables?: string;
  /** @deprecated the old name of `tables`. */
  tablesUrl?: string;
  /** `'all'` (default) or the kinds to fetch for `date` before resolving; others are fetched on demand. */
  preload?: 'all' | TableKind[];
  /** The date that picks the preloaded fiscal year (default: today). */
  date?: string;
  onProgress?: (file: string) => void;
}

export interface SharedOptions extends LoadOptions {
  /** The shared engine's name (default `'default'`, the one `<codeglass-encoder>` uses unless its `engine` attribute names another). */
  name?: string;
}

/** Events of one engine (dispatched on it, and with the same detail on `window`). */
export interface CodeglassEventMap {
  'codeglass-table': CustomEvent<{ file: string; engine: Codeglass }>;
  'codeglass-table-error': CustomEvent<{ kind: TableKind; date: string; code: string; message: string; engine: Codeglass }>;
  /** On the engine only (on `window` the engine's panic hook dispatches `{code, message}`). */
  'codeglass-panic': CustomEvent<{ code: 'PANIC'; message: string; engine: Codeglass }>;
  'codeglass-recovered': CustomEvent<{ engine: Codeglass }>;
}

/** A thrown Codeglass error: `code` is stable (see docs/errors.md). */
export interface CodeglassError extends Error { code: string; }

export interface MountedWidget {
  /** New mode, date or system, shown in place (what was entered stays). */
  update(options: MountOptions): void;
  destroy(): void;
}

export interface Codeglass {
  manifest: Manifest;
  /** The absolute URL the tables come from (ends with `/`). */
  readonly tables: string;
  addEventListener<K extends keyof CodeglassEventMap>(type: K, listener: (event: CodeglassEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CodeglassEventMap>(type: K, listener: (event: CodeglassEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  ready(): Promise<void>;
  /** Resolves when the engine's idle-time warm-up (searches typed while the page is idle after a table arrives) is over. */
  warmed(): Promise<void>;
  loaded(): string[];
  memoryBytes(): number;
  /** Fetches the table of `kind` for `date` unless loaded; `soon`: wait for an idle moment first. */
  ensure(kind: TableKind, date?: string, options?: { soon?: boolean }): Promise<boolean>;
  ensureAll(): Promise<void>;
  versions(): Versions;
  fiscalYearFor(system: 'icd10cm' | 'icd10pcs', date: string): number;
  search(query: string, options?: SearchOptions): Hit[];
  describe(code: string, options?: DateOptions): Description;
  pcsNext(prefix: string, options?: DateOptions): PcsNext;
  group(claim: Claim | string, options?: GroupOptions): GroupResult;
  whatIf(claim: Claim | string, change: Change | string, options?: GroupOptions): WhatIf;
  opportunities(claim: Claim | string, options?: GroupOptions): Opportunities;
  edits(claim: Claim | string): EditReport;
  addTable(bytes: Uint8Array): TableSummary;
  /** `onSelect`: each explicit choice of a billable code; `onHighlight`: the search option the user moved to (a preview). */
  mount(element: Element, options: MountOptions, onSelect: (s: Selection) => void, onCodes?: (codes: string[]) => void, onHighlight?: (s: Selection) => void): MountedWidget;
  panicForTesting(): never;
}

/** A new engine (its own tables; the wasm instance is the page's). */
export function load(options?: LoadOptions): Promise<Codeglass>;
/** The page's engine called `options.name` ('default'): loaded by the first caller, shared after (`BAD_OPTIONS` for another `tables` URL). */
export function shared(options?: SharedOptions): Promise<Codeglass>;
export const Codeglass: { load: typeof load; shared: typeof shared };

declare global {
  interface WindowEventMap {
    'codeglass-table': CodeglassEventMap['codeglass-table'];
    'codeglass-table-error': CodeglassEventMap['codeglass-table-error'];
    'codeglass-panic': CustomEvent<{ code: 'PANIC'; message: string }>;
    'codeglass-recovered': CodeglassEventMap['codeglass-recovered'];
  }
}
