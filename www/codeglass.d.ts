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
  /** Where the compiled tables and their manifest.json are served (default: `tables/` next to codeglass.js). */
  tablesUrl?: string;
  /** `'all'` (default) or the kinds to fetch for `date` before resolving; others are fetched on demand. */
  preload?: 'all' | TableKind[];
  /** The date that picks the preloaded fiscal year (default: today). */
  date?: string;
  onProgress?: (file: string) => void;
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
  ready(): Promise<void>;
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

export function load(options?: LoadOptions): Promise<Codeglass>;
export const Codeglass: { load: typeof load };
