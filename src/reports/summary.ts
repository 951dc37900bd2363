/**
 * Budget summaries of one plan, per currency (amounts in different currencies
 * are never added together without an exchange rate). Everything is summed in
 * hundredths so totals reconcile to the cent with the workbook, HXL and IATI files.
 */
import type { PlanDocument } from "../domain/document";
import { matrixRows, type MatrixFilter } from "../domain/matrix-rows";

export interface Amounts {
  /** currency → amount */
  [currency: string]: number;
}

export interface PlanSummaryTables {
  total: Amounts;
  byPillarYear: Array<{ pillar: number; title: string; year: number; amounts: Amounts }>;
  byInstitutionYear: Array<{ institution: string; year: number; amounts: Amounts }>;
  byFundingSource: Array<{ source: string; amounts: Amounts }>;
  /** Funded = national budget, international cooperation or other; still to be mobilised; not yet said. */
  fundedVersusToMobilise: { funded: Amounts; toBeMobilised: Amounts; unspecified: Amounts };
  actionsPerInstitution: Array<{ institution: string; lead: number; supporting: number }>;
  years: number[];
}

function add(target: Amounts, currency: string, minor: number) {
  target[currency] = (target[currency] ?? 0) + minor;
}

function toMajor(amounts: Amounts): Amounts {
  return Object.fromEntries(Object.entries(amounts).map(([c, minor]) => [c, minor / 100]));
}

export function summarisePlan(doc: PlanDocument, filter: MatrixFilter = {}): PlanSummaryTables {
  const total: Amounts = {};
  const byPillarYear = new Map<string, { pillar: number; title: string; year: number; amounts: Amounts }>();
  const byInstitutionYear = new Map<string, { institution: string; year: number; amounts: Amounts }>();
  const bySource = new Map<string, Amounts>();
  const funded: Amounts = {};
  const toBeMobilised: Amounts = {};
  const unspecified: Amounts = {};
  const perInstitution = new Map<string, { institution: string; lead: number; supporting: number }>();
  const years = new Set<number>();

  for (const row of matrixRows(doc, filter)) {
    if (row.type !== "action") continue;
    const { action, pillar } = row;
    for (const institution of action.institutions) {
      const entry = perInstitution.get(institution) ?? { institution, lead: 0, supporting: 0 };
      if (institution === action.lead) entry.lead++;
      else entry.supporting++;
      perInstitution.set(institution, entry);
    }
    for (const line of action.budget_lines ?? []) {
      if (line.amount === null) continue;
      if (filter.year && line.year !== filter.year) continue;
      const minor = Math.round(line.amount * 100);
      years.add(line.year);
      add(total, line.currency, minor);
      const pillarKey = `${pillar.number}:${line.year}`;
      const p = byPillarYear.get(pillarKey) ?? { pillar: pillar.number, title: (doc.language === "es" ? pillar.title_es : pillar.title_en) || pillar.title, year: line.year, amounts: {} };
      add(p.amounts, line.currency, minor);
      byPillarYear.set(pillarKey, p);
      const institutionKey = `${line.institution}\u0000${line.year}`;
      const i = byInstitutionYear.get(institutionKey) ?? { institution: line.institution, year: line.year, amounts: {} };
      add(i.amounts, line.currency, minor);
      byInstitutionYear.set(institutionKey, i);
      const source = line.funding_source ?? "unspecified";
      const s = bySource.get(source) ?? {};
      add(s, line.currency, minor);
      bySource.set(source, s);
      add(source === "to_be_mobilised" ? toBeMobilised : source === "unspecified" ? unspecified : funded, line.currency, minor);
    }
  }

  return {
    total: toMajor(total),
    byPillarYear: [...byPillarYear.values()].sort((a, b) => a.pillar - b.pillar || a.year - b.year).map((r) => ({ ...r, amounts: toMajor(r.amounts) })),
    byInstitutionYear: [...byInstitutionYear.values()]
      .sort((a, b) => a.institution.localeCompare(b.institution) || a.year - b.year)
      .map((r) => ({ ...r, amounts: toMajor(r.amounts) })),
    byFundingSource: [...bySource].map(([source, amounts]) => ({ source, amounts: toMajor(amounts) })).sort((a, b) => a.source.localeCompare(b.source)),
    fundedVersusToMobilise: { funded: toMajor(funded), toBeMobilised: toMajor(toBeMobilised), unspecified: toMajor(unspecified) },
    actionsPerInstitution: [...perInstitution.values()].sort((a, b) => b.lead + b.supporting - (a.lead + a.supporting) || a.institution.localeCompare(b.institution)),
    years: [...years].sort((a, b) => a - b),
  };
}
