/**
 * How domain values become table rows, shared by plan creation (document-io)
 * and live edits (edits), so a budget line or a new institution is stored the
 * same way whichever path made it.
 */
import { toMinor } from "../domain/money";
import type { Row } from "./entities";

export interface BudgetLineValues {
  year: number;
  amount: number | null;
  currency: string;
  funding_source?: string | null;
  pei?: string | null;
  poa?: string | null;
  budget_code?: string | null;
  note?: string | null;
}

export function budgetLineRow(id: string, actionId: string, institutionId: string, line: BudgetLineValues): Row {
  return {
    id,
    action_id: actionId,
    institution_id: institutionId,
    year: line.year,
    amount_minor: line.amount === null ? null : toMinor(line.amount),
    currency: line.currency,
    funding_source: line.funding_source ?? null,
    pei_ref: line.pei ?? null,
    poa_ref: line.poa ?? null,
    budget_code: line.budget_code ?? null,
    note: line.note ?? null,
  };
}

/** A name typed for the first time joins the directory: "DGM/IGM" as an acronym, anything else as a name in the plan's language. */
export function institutionRow(id: string, label: string, language: "es" | "en"): Row {
  const looksLikeAcronym = /^[A-ZÁÉÍÓÚÑ0-9/().-]{2,}$/.test(label);
  return {
    id,
    label,
    acronym: looksLikeAcronym ? label : null,
    name_es: !looksLikeAcronym && language === "es" ? label : null,
    name_en: !looksLikeAcronym && language === "en" ? label : null,
    kind: null,
  };
}
