/**
 * The columns of the finance workbook. Row 1 is hidden and names each column
 * by a stable key (and holds the manifest), row 2 is the header people read,
 * data starts on row 3. Reading back goes by key first, by header text second,
 * so reordered, renamed or extra columns do not matter.
 */
import { translate, type Language, type MessageKey } from "../i18n";
import type { SnapshotColumn } from "./snapshot";
import { normaliseText } from "./wording";

/** A header in both languages: a file is read back whichever one it was exported in. */
export type Bilingual = { es: string; en: string };

/** The name the finance workbook gives its actions sheet, in either language: the import reads that sheet alone when it is there. */
export const ACTIONS_SHEET_NAMES: readonly string[] = ["es", "en"].map((lang) => translate(lang as Language, "report.finance.actionsSheet"));

export const KEY_ROW = 1;
export const HEADER_ROW = 2;
export const FIRST_DATA_ROW = 3;
/** Manifest format: an older template is refused rather than guessed at. */
export const MANIFEST_VERSION = 1;
export const MANIFEST_TAG = "matriz-finance-return";

export type ColumnKind = "structure" | "financial" | "hidden" | "custom";

export interface ColumnSpec {
  key: string;
  kind: ColumnKind;
  width: number;
  year?: number;
  header: Bilingual;
  /** For the plan's own columns: which one, and whether the institution may fill it. */
  custom?: SnapshotColumn;
}

/** The key row names a plan's own column "custom:<key>". */
export const CUSTOM_PREFIX = "custom:";
export const customKey = (key: string) => `${CUSTOM_PREFIX}${key}`;

export const STRUCTURE_KEYS = ["pillar", "need", "action", "institutions", "schedule"] as const;
export type StructureKey = (typeof STRUCTURE_KEYS)[number];
export const SHARED_KEYS = ["currency", "funding_source", "pei", "poa", "budget_code", "note"] as const;
export type SharedKey = (typeof SHARED_KEYS)[number];

const both = (key: MessageKey, params: Record<string, string> = {}): Bilingual => ({ es: translate("es", key, params), en: translate("en", key, params) });

export function amountKey(year: number): string {
  return `amount:${year}`;
}

export function financeColumns(years: number[], custom: readonly SnapshotColumn[] = []): ColumnSpec[] {
  return [
    { key: "pillar", kind: "structure", width: 18, header: both("report.finance.pillar") },
    { key: "need", kind: "structure", width: 30, header: both("column.need") },
    { key: "action", kind: "structure", width: 50, header: both("column.action") },
    { key: "institutions", kind: "structure", width: 24, header: both("column.institutions") },
    { key: "schedule", kind: "structure", width: 16, header: both("column.schedule") },
    ...custom.map((c): ColumnSpec => ({ key: customKey(c.key), kind: "custom", width: c.kind === "text" ? 24 : 14, header: c.heading, custom: c })),
    { key: "institution", kind: "structure", width: 16, header: both("report.finance.institution") },
    ...years.map((year): ColumnSpec => ({
      key: amountKey(year),
      kind: "financial",
      width: 16,
      year,
      // The year as text: a number would be written 2,019.
      header: both("report.finance.amount", { year: String(year) }),
    })),
    { key: "currency", kind: "financial", width: 10, header: both("column.currency") },
    { key: "funding_source", kind: "financial", width: 24, header: both("column.funding_source") },
    { key: "pei", kind: "financial", width: 18, header: both("column.pei") },
    { key: "poa", kind: "financial", width: 18, header: both("column.poa") },
    { key: "budget_code", kind: "financial", width: 16, header: both("report.finance.budgetCode") },
    { key: "note", kind: "financial", width: 30, header: both("report.finance.note") },
    { key: "action_id", kind: "hidden", width: 10, header: { es: "action_id", en: "action_id" } },
    { key: "institution_id", kind: "hidden", width: 10, header: { es: "institution_id", en: "institution_id" } },
    { key: "line_ids", kind: "hidden", width: 10, header: { es: "line_ids", en: "line_ids" } },
    { key: "manifest", kind: "hidden", width: 10, header: { es: "manifest", en: "manifest" } },
  ];
}

export function headerText(column: ColumnSpec, lang: Language): string {
  return column.header[lang];
}

/** Header text in either language → column key, for files whose key row was lost. */
export function keyFromHeader(text: string, years: number[]): string | undefined {
  const wanted = normaliseText(text);
  for (const column of financeColumns(years)) {
    if (normaliseText(column.header.es) === wanted || normaliseText(column.header.en) === wanted) return column.key;
  }
  return undefined;
}

export interface Manifest {
  tag: typeof MANIFEST_TAG;
  version: number;
  plan: string;
  institution: string | null;
  export: string;
  revision: number;
}

export function manifestText(manifest: Omit<Manifest, "tag" | "version">): string {
  return JSON.stringify({ tag: MANIFEST_TAG, version: MANIFEST_VERSION, ...manifest });
}

export function parseManifest(text: string): Manifest | null {
  if (!text.includes(MANIFEST_TAG)) return null;
  try {
    const value = JSON.parse(text) as Manifest;
    // Typed in a cell of an untrusted file: only the shape Matriz writes is taken.
    const shaped =
      value !== null &&
      typeof value === "object" &&
      value.tag === MANIFEST_TAG &&
      typeof value.version === "number" &&
      typeof value.plan === "string" &&
      typeof value.export === "string" &&
      (value.institution === null || typeof value.institution === "string");
    return shaped ? value : null;
  } catch {
    return null;
  }
}

/** "2018=id;2019=id": which budget line each year cell of a row stands for. */
export function lineIdsText(ids: Map<number, string>): string {
  return [...ids].map(([year, id]) => `${year}=${id}`).join(";");
}

export function parseLineIds(text: string): Map<number, string> | null {
  const ids = new Map<number, string>();
  if (!text.trim()) return ids;
  for (const part of text.split(";")) {
    const match = /^\s*(\d{4})=([\w-]+)\s*$/.exec(part);
    if (!match) return null;
    ids.set(Number(match[1]), match[2]!);
  }
  return ids;
}
