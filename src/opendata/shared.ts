/** What both open-data exports need from a plan: rows per budget line, years, countries. */
import type { ActionDoc, PlanDocument } from "../domain/document";

export const ISO2: Record<string, string> = { BLZ: "BZ", CRI: "CR", GTM: "GT", HND: "HN", MEX: "MX", PAN: "PA" };

export interface ActionContext {
  pillar: PlanDocument["pillars"][number];
  need: PlanDocument["pillars"][number]["needs"][number];
  action: ActionDoc;
}

export function eachAction(doc: PlanDocument): ActionContext[] {
  return doc.pillars.flatMap((pillar) => pillar.needs.flatMap((need) => need.actions.map((action) => ({ pillar, need, action }))));
}

/** The years an action runs: what its schedule says, else its budget years, else the plan's period. */
export function actionYears(action: ActionDoc, doc: PlanDocument): { start: number; end: number } {
  const years = [...(action.schedule_years ?? []), ...(action.budget_lines ?? []).map((b) => b.year)];
  if (years.length) return { start: Math.min(...years), end: Math.max(...years) };
  const period = doc.period ?? { start: 2018, end: 2020 };
  return period;
}

/** Decimal text with a point and no grouping, exact to the cent: what machines read. */
export function decimal(amount: number): string {
  return (Math.round(amount * 100) / 100).toFixed(2);
}

export function pillarTitle(pillar: PlanDocument["pillars"][number], doc: PlanDocument): string {
  return (doc.language === "es" ? pillar.title_es : pillar.title_en) || pillar.title;
}
