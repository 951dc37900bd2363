/**
 * Live conflicts and refusals in words a person reads, in their language: the row
 * by its text (an action's, a need's title), the field by its name, values as the
 * grid shows them (a status by its word, an amount in currency units, not the
 * stored hundredths), and a field written together with another (a schedule's
 * years, a status's date) read with it, as one conflict. The command line's
 * `matriz conflicts` and the app's conflicts panel both say them this way.
 */
import type { Database as Db } from "better-sqlite3";
import { ACTION_STATUSES, FUNDING_SOURCES } from "../domain/document";
import { fromMinor } from "../domain/money";
import { formatAmount } from "../domain/numbers";
import { optionList } from "../domain/option-words";
import { translate, type Language } from "../i18n";
import type { SyncConflict, SyncConflictGroup } from "./conflicts";
import type { Refusal } from "./engine";

export interface Words {
  lang: Language;
  /** How numbers are written ("es-GT", "en-US"). */
  locale: string;
}

/** Tables whose rows hang off an action: such a row is known by its action's text. */
const ACTION_PARTS = ["action_institution", "action_commitment", "budget_line", "custom_value", "progress_note", "indicator"];

const TEXT_OF: Record<string, string> = {
  action: "SELECT text FROM action WHERE id = ?",
  need: "SELECT title FROM need WHERE id = ?",
  pillar: "SELECT title_es FROM pillar WHERE id = ?",
  institution: "SELECT label FROM institution WHERE id = ?",
  commitment: "SELECT label FROM commitment WHERE id = ?",
  gap: "SELECT text FROM gap WHERE id = ?",
  stocktaking: "SELECT activity FROM stocktaking WHERE id = ?",
  recommendation: "SELECT text FROM recommendation WHERE id = ?",
  column_def: "SELECT heading_es FROM column_def WHERE id = ?",
};

/** A row by its main text as the plan holds it now, or null when it is not in the plan (deleted). */
export function rowText(db: Db, entity: string, id: string): string | null {
  const one = (sql: string) => {
    try {
      return (db.prepare(sql).pluck().get(id) as string | null | undefined) ?? null;
    } catch {
      // A table without that column (an older plan): no text to say.
      return null;
    }
  };
  if (TEXT_OF[entity]) return one(TEXT_OF[entity]!);
  if (ACTION_PARTS.includes(entity)) return one(`SELECT a.text FROM ${entity} x JOIN action a ON a.id = x.action_id WHERE x.id = ?`);
  return null;
}

/** A whole row (as a conflict keeps a deleted or refused one) by its main text, or null. */
function rowValueText(value: Record<string, unknown>, words: Words): string | null {
  if (typeof value.amount_minor === "number" || (value.year !== undefined && "currency" in value)) {
    const parts = [value.year === undefined || value.year === null ? null : String(value.year), amount(value.amount_minor, value.currency, words), source(value.funding_source, words)];
    return parts.filter((p): p is string => Boolean(p)).join(" · ");
  }
  for (const key of ["text", "title", "title_es", "label", "activity", "value", "note"]) if (typeof value[key] === "string") return value[key] as string;
  return null;
}

function amount(minor: unknown, currency: unknown, words: Words): string | null {
  if (typeof minor !== "number") return null;
  return `${formatAmount(fromMinor(minor), words.locale)} ${typeof currency === "string" ? currency : ""}`.trim();
}

function source(code: unknown, words: Words): string | null {
  return typeof code === "string" && (FUNDING_SOURCES as readonly string[]).includes(code) ? translate(words.lang, `ui.funding.${code as (typeof FUNDING_SOURCES)[number]}`) : null;
}

function status(code: unknown, words: Words): string | null {
  return typeof code === "string" && (ACTION_STATUSES as readonly string[]).includes(code) ? translate(words.lang, `ui.status.${code as (typeof ACTION_STATUSES)[number]}`) : null;
}

/** A field's name in words ("amount", "status"); its column name when it has none. */
export function fieldWords(field: string, words: Words): string {
  return translate(words.lang, "ui.live.conflicts.field", { field });
}

/** A table in words ("a budget line"). */
export function entityWords(entity: string, words: Words): string {
  return translate(words.lang, "ui.live.entity", { entity });
}

/**
 * One value of a conflict as the grid shows it: a status by its word, an amount in
 * currency units with its currency, a source by its name, a whole row by its text.
 * Null when there is no value (an empty cell, a deleted row).
 */
export function valueWords(db: Db, c: Pick<SyncConflict, "entity" | "entityId" | "field">, value: unknown, words: Words): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "object") {
    const row = value as Record<string, unknown>;
    if (c.field && c.field in row) return valueWords(db, c, row[c.field], words);
    return rowValueText(row, words) ?? JSON.stringify(value).slice(0, 200);
  }
  if (c.field === "status") return status(value, words) ?? String(value);
  if (c.field === "funding_source") return source(value, words) ?? String(value);
  if (c.field === "amount_minor" && typeof value === "number") {
    const currency = c.entity === "budget_line" ? (db.prepare("SELECT currency FROM budget_line WHERE id = ?").pluck().get(c.entityId) as string | undefined) : undefined;
    return amount(value, currency ?? "", words);
  }
  if (c.field === "schedule_years" && typeof value === "string") {
    try {
      const years = JSON.parse(value) as unknown;
      if (Array.isArray(years)) return years.join(", ");
    } catch {
      // Not a list: said as it is.
    }
  }
  return String(value);
}

/** Which side of a conflict: what the plan holds, the other laptop's value, or the value before both. */
export type Side = "plan" | "returned" | "base";

/** A side of a grouped conflict: the main field's value, with its companion's where it adds something (a status's date). */
export function sideWords(db: Db, group: SyncConflictGroup, side: Side, words: Words): string | null {
  const { main, companions } = group;
  const value = valueWords(db, main, main[side], words);
  const date = companions.find((c) => c.field === "status_date");
  if (main.field === "status" && date && value !== null) {
    const when = valueWords(db, date, date[side], words);
    if (when) return translate(words.lang, "ui.live.conflicts.statusSince", { status: value, date: when });
  }
  // A schedule's years follow from its text: the text alone says the conflict.
  return value;
}

/** Why the host refused a row, in the reader's language (the host's own detail stays in English for logs). */
export function refusalWords(refusal: Pick<Refusal, "reason" | "problem" | "fields">, words: Words): string {
  const problem = refusal.problem;
  return translate(words.lang, "ui.live.refusal", {
    reason: refusal.reason,
    field: problem ? fieldWords(problem.field, words) : "",
    problem: problem?.problem ?? "invalid",
    // The host sends the allowed values as codes; this laptop says them with its screens' words.
    values: problem?.values ? optionList(words.lang, problem.field, problem.values.split(", ")) : "",
    minimum: problem?.minimum ?? 0,
    maximum: problem?.maximum ?? 0,
    fields: (refusal.fields ?? "")
      .split(", ")
      .filter(Boolean)
      .map((f) => fieldWords(f, words))
      .join(", "),
  });
}

/** The locale numbers are written in for a language, when the system's is not known (the app). */
export function defaultLocale(lang: Language): string {
  return lang === "es" ? "es-419" : "en-US";
}
