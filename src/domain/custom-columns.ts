/**
 * A plan's own columns (Guatemala's PEI and POA references were added this way
 * in 2017): what each kind accepts, and the stable key a new column gets. Values
 * are stored as text in one canonical form per kind, so every output and every
 * returned workbook reads them the same way: numbers as 1250000.5, dates as
 * 2018-03-31, list entries as one of the column's choices. Pure.
 */
import type { CustomColumnKind } from "./document";
import { COLUMN_KEYS } from "./templates";
import { formatAmount, parseAmount, type NumberLocale } from "./numbers";

export interface CustomColumnRule {
  kind: CustomColumnKind;
  options: readonly string[];
}

const NUMBER = /^-?\d{1,15}(\.\d{1,6})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCanonicalDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Why a value does not fit its column, as facts the messages say in either language (error.edit_rule, error.document_rule). */
export interface CustomValueProblem {
  problem: "number" | "date" | "choice";
  value: string;
  /** The list's choices, for saying what was expected. */
  choices: string;
}

/** What is wrong with a value for this column, or null; the empty value is always allowed. */
export function customValueProblem(column: CustomColumnRule, value: string): CustomValueProblem | null {
  if (value === "") return null;
  const wrong = (problem: CustomValueProblem["problem"]): CustomValueProblem => ({ problem, value, choices: column.options.join(", ") });
  switch (column.kind) {
    case "text":
      return null;
    case "number":
      return NUMBER.test(value) ? null : wrong("number");
    case "date":
      return isCanonicalDate(value) ? null : wrong("date");
    case "list":
      return column.options.includes(value) ? null : wrong("choice");
  }
}

/** What can be wrong with a column's choices (said by the messages' select on it). */
export type ColumnDefinitionProblem = "only_list" | "needs_choice" | "choice_twice" | "choice_empty";

/** A list column needs its choices, each once; other kinds take none. */
export function columnDefinitionProblem(kind: CustomColumnKind, options: readonly string[]): ColumnDefinitionProblem | null {
  if (kind !== "list") return options.length ? "only_list" : null;
  if (options.length === 0) return "needs_choice";
  if (new Set(options.map((o) => o.trim().toLowerCase())).size !== options.length) return "choice_twice";
  if (options.some((o) => !o.trim())) return "choice_empty";
  return null;
}

/**
 * Keys the workbooks and outputs already use for their own columns: a plan's
 * column must not take one, or a returned workbook could not tell them apart.
 */
export const RESERVED_COLUMN_KEYS: ReadonlySet<string> = new Set([
  ...COLUMN_KEYS,
  "pillar",
  "institution",
  "budget_code",
  "note",
  "action_id",
  "institution_id",
  "line_ids",
  "manifest",
  "ref",
  "status",
]);

/** "Fecha de aprobación" → "fecha_de_aprobacion"; a number is added when the key is taken. */
export function columnKeyFor(heading: string, taken: ReadonlySet<string>): string {
  const base =
    heading
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .replace(/^(\d)/, "c_$1")
      .slice(0, 40) || "column";
  let key = base;
  for (let n = 2; taken.has(key) || RESERVED_COLUMN_KEYS.has(key); n++) key = `${base}_${n}`;
  return key;
}

export type CustomInput = { ok: true; value: string } | { ok: false; problem: "number" | "date" | "choice" };

/**
 * What a person typed in a cell of this column, in its canonical form: a number
 * as their locale writes it ("1.250,5" or "1,250.5"), a date as 2018-03-31 or
 * 31/03/2018 (day first, as in the MIRPS countries), a choice in any letter case.
 */
export function readCustomInput(column: CustomColumnRule, typed: string, locale: NumberLocale | null): CustomInput {
  const text = typed.trim();
  if (text === "") return { ok: true, value: "" };
  switch (column.kind) {
    case "text":
      return { ok: true, value: typed.replace(/\s+$/, "") };
    case "number": {
      const parsed = parseAmount(text, locale);
      const value = parsed.ok && parsed.currency === null ? String(parsed.value) : "";
      return NUMBER.test(value) ? { ok: true, value } : { ok: false, problem: "number" };
    }
    case "date": {
      const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
      const value = dayFirst ? `${dayFirst[3]}-${dayFirst[2]!.padStart(2, "0")}-${dayFirst[1]!.padStart(2, "0")}` : text;
      return isCanonicalDate(value) ? { ok: true, value } : { ok: false, problem: "date" };
    }
    case "list": {
      const found = column.options.find((o) => o.toLowerCase() === text.toLowerCase());
      return found ? { ok: true, value: found } : { ok: false, problem: "choice" };
    }
  }
}

/** A stored value as a person reads it: numbers in their locale, the rest as stored. */
export function formatCustomValue(column: CustomColumnRule, value: string, locale: string): string {
  if (column.kind !== "number" || !NUMBER.test(value)) return value;
  const decimals = value.includes(".") ? value.split(".")[1]!.length : 0;
  return formatAmount(Number(value), locale, decimals);
}
