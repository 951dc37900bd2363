/** How the finance dialogs show a budget value: amounts in the user's locale, sources and fields by name. */
import type { FinanceValue } from "../../../src/api/contract";
import type { Language, MessageKey } from "../../../src/i18n";
import { formatAmount } from "../../format";
import type { Translate } from "../../i18n";

const FIELD_LABELS: Record<string, MessageKey> = {
  amount: "ui.budget.amount",
  currency: "column.currency",
  funding_source: "column.funding_source",
  pei: "column.pei",
  poa: "column.poa",
  budget_code: "ui.budget.code",
  note: "ui.budget.note",
  /* ---- monitoring workbooks ---- */
  status: "column.status",
  progress_note: "ui.monitoring.notes",
  value_reached: "ui.monitoring.actual",
  value_note: "ui.monitoring.valueNote",
  value_source: "ui.monitoring.source",
};
const STATUSES = new Set(["planned", "in_progress", "done", "delayed", "cancelled"]);

const SOURCES = new Set(["national_budget", "international_cooperation", "to_be_mobilised", "other"]);

export function fieldLabel(field: string | null, t: Translate): string {
  if (field === null) return t("ui.finance.conflicts.wholeLine");
  const key = FIELD_LABELS[field];
  return key ? t(key) : field;
}

/** What a conflict is about: a budget or monitoring field, or the plan's own column by its heading in the UI's language. */
export function conflictField(conflict: { field: string | null; column?: { es: string; en: string } | null }, t: Translate, language: Language): string {
  if (conflict.field?.startsWith("custom:")) return conflict.column?.[language] ?? conflict.field.slice("custom:".length);
  return fieldLabel(conflict.field, t);
}

/** A conflict's year; the plan's own columns are about no year. */
export function conflictYear(year: number | null): string {
  return year === null ? "—" : String(year);
}

export function showScalar(field: string, value: string | number | null, t: Translate, locale: string): string {
  if (value === null || value === "") return "—";
  if (field === "amount" && typeof value === "number") return formatAmount(value, locale);
  if (field === "funding_source" && typeof value === "string" && SOURCES.has(value)) return t(`ui.funding.${value}` as MessageKey);
  if (field === "status" && typeof value === "string" && STATUSES.has(value)) return t(`ui.status.${value}` as MessageKey);
  if (field === "value_reached" && typeof value === "number") return formatAmount(value, locale, Number.isInteger(value) ? 0 : 2);
  return String(value);
}

/** A scalar, or a whole line written as "amount currency · source · references". */
export function showValue(field: string | null, value: FinanceValue, t: Translate, locale: string): string {
  if (value === null && field?.startsWith("custom:")) return t("ui.finance.conflicts.gone");
  if (value === null) return t("ui.finance.conflicts.noLine");
  if (typeof value !== "object") return showScalar(field ?? "", value, t, locale);
  const amount = value.amount === null || value.amount === undefined ? "—" : showScalar("amount", value.amount, t, locale);
  const parts = [`${amount} ${value.currency ?? ""}`.trim()];
  for (const f of ["funding_source", "pei", "poa", "budget_code", "note"]) {
    const v = value[f];
    if (v !== null && v !== undefined && v !== "") parts.push(showScalar(f, v, t, locale));
  }
  return parts.join(" · ");
}
