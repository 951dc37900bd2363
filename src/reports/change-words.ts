/**
 * A net change to a row said in a sentence a consultation can minute: "status:
 * Not started → In progress", "institution added: SBS", "budget line added:
 * 2019 · 125,000.00 GTQ", "value reached 2018: 60 → 80".
 */
import type { Database as Db } from "better-sqlite3";
import { fromMinor } from "../domain/money";
import { formatAmount } from "../domain/numbers";
import { translate, type Language, type MessageKey } from "../i18n";
import { statements } from "../storage/change-log";
import { countChanges, subjectChanges, type ChangeWindow, type FieldChange, type RowChange, type SubjectChange } from "./change-summary";

type R = Record<string, any>;

export interface Wording {
  language: Language;
  locale: string;
  /** Institution and commitment labels by id (merged spellings followed). */
  names: Map<string, string>;
}

export function wordingFor(db: Db, language: Language, locale: string): Wording {
  const names = new Map<string, string>();
  const institutions = statements(db).get("SELECT id, label, merged_into FROM institution").all() as R[];
  const byId = new Map(institutions.map((i) => [i.id as string, i]));
  for (const i of institutions) names.set(i.id, byId.get(i.merged_into ?? i.id)?.label ?? i.label);
  for (const c of statements(db).get("SELECT id, label FROM commitment").all() as R[]) names.set(c.id, c.label);
  return { language, locale, names };
}

const SHORT = 120;
function short(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text;
}

export function describeRowChange(change: RowChange, w: Wording): string {
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(w.language, key, params);
  const op = change.kind;
  const row = change.row as R;
  const number = (value: unknown) => (typeof value === "number" ? formatAmount(value, w.locale, Number.isInteger(value) ? 0 : 2) : "—");
  const status = (value: unknown) => (typeof value === "string" ? t(`ui.status.${value}` as MessageKey) : "—");
  const fields = (list: readonly FieldChange[], say: (f: FieldChange) => string | null) => list.map(say).filter((s): s is string => Boolean(s)).join("; ");
  switch (change.entity) {
    case "action":
    case "need":
      if (op !== "changed") return t("report.change.row", { entity: change.entity, op });
      return fields(change.fields, (f) => {
        if (f.field === "status") return `${t("report.change.field", { field: "status" })}: ${status(f.from)} → ${status(f.to)}`;
        if (f.field === "status_date" || f.field === "schedule_years") return null;
        if (f.field === "need_id" || f.field === "pillar_id") return t("report.change.moved");
        return `${t("report.change.field", { field: f.field })}: ${short(f.from)} → ${short(f.to)}`;
      });
    case "action_institution": {
      const name = w.names.get(String(row.institution_id)) ?? "—";
      if (op !== "changed") return t("report.change.institution", { op, name });
      return fields(change.fields, (f) => (f.field === "is_lead" ? t("report.change.lead", { lead: f.to === 1 ? "yes" : "no", name }) : null));
    }
    case "action_commitment":
      return op === "changed" ? "" : t("report.change.commitment", { op, name: w.names.get(String(row.commitment_id)) ?? "—" });
    case "budget_line": {
      const amount = row.amount_minor === null || row.amount_minor === undefined ? "—" : formatAmount(fromMinor(Number(row.amount_minor)), w.locale);
      const line = { year: String(row.year ?? ""), amount, currency: String(row.currency ?? ""), institution: w.names.get(String(row.institution_id)) ?? "—" };
      if (op !== "changed") return t("report.change.budgetLine", { op, ...line });
      return `${t("report.change.budgetLine", { op, ...line })}: ${fields(change.fields, (f) =>
        f.field === "amount_minor"
          ? `${formatAmount(fromMinor(Number(f.from ?? 0)), w.locale)} → ${formatAmount(fromMinor(Number(f.to ?? 0)), w.locale)}`
          : `${f.field}: ${short(f.from)} → ${short(f.to)}`,
      )}`;
    }
    case "progress_note":
      return t("report.change.note", { op, period: String(row.period ?? ""), text: short(row.note) });
    case "indicator": {
      const title = String((w.language === "es" ? (row.title_es ?? row.title_en) : (row.title_en ?? row.title_es)) ?? "");
      if (op !== "changed") return t("report.change.indicator", { op, title });
      return `${t("report.change.indicator", { op, title })}: ${fields(change.fields, (f) => `${f.field}: ${short(f.from)} → ${short(f.to)}`)}`;
    }
    case "indicator_value": {
      const part = [row.sex ? t(`ui.monitoring.${row.sex}` as MessageKey) : "", row.age ? t("ui.monitoring.age", { age: String(row.age) }) : ""].filter(Boolean).join(", ");
      const what = t("report.change.value", { kind: String(row.kind ?? "actual"), period: String(row.period ?? "") }) + (part ? ` (${part})` : "");
      const value = change.fields.find((f) => f.field === "value");
      if (op === "added") return `${what}: ${number(row.value)}`;
      if (op === "removed") return `${what}: ${number(row.value)} → —`;
      const rest = change.fields.filter((f) => f.field !== "value").map((f) => `${f.field}: ${short(f.from)} → ${short(f.to)}`);
      return [value ? `${what}: ${number(value.from)} → ${number(value.to)}` : what, ...rest].join("; ");
    }
    case "custom_value":
      return t("report.change.custom", { op, text: short(row.value) });
    default:
      return t("report.change.other", { entity: change.entity, op });
  }
}

/** One line per action or need changed, said in words: what a report's "changes" table shows. */
export interface ChangeRow {
  ref: string | null;
  pillar: number | null;
  subject: SubjectChange["subject"];
  kind: SubjectChange["kind"];
  title: string;
  what: string;
  who: string;
  when: string;
}

/** The change set that created the plan: not a change to report. */
export function creationSet(db: Db): number {
  const row = statements(db).get("SELECT min(change_set_id) AS id FROM change WHERE entity = 'plan' AND op = 'insert'").get() as { id: number | null };
  return row.id ?? 0;
}

/** The window's net changes, counted and said in words, from after the plan's creation. */
export function changesInWords(db: Db, window: ChangeWindow, language: Language, locale: string): { rows: ChangeRow[]; counts: ReturnType<typeof countChanges> } {
  const subjects = subjectChanges(db, { ...window, afterSet: Math.max(window.afterSet ?? 0, creationSet(db)) });
  const wording = wordingFor(db, language, locale);
  const rows = subjects.map((s) => ({
    ref: s.ref,
    pillar: s.pillar,
    subject: s.subject,
    kind: s.kind,
    title: s.title,
    what: s.rows
      .map((r) => describeRowChange(r, wording))
      .filter(Boolean)
      .join("; "),
    who: s.authors.join(", "),
    when: s.last.slice(0, 10),
  }));
  return { rows, counts: countChanges(subjects) };
}
