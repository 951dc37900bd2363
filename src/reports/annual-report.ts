/**
 * The annual (or half-yearly) progress report of a plan for one reporting
 * period, as the MIRPS publishes them: statuses by pillar and institution, the
 * actions behind schedule, each indicator's baseline, target and value reached,
 * the budget of the period's year planned against funded and still to be
 * mobilised, the progress notes of the period, and what changed since the
 * period began (from the change log). The workbook and the PDF are drawn from
 * this one model, so they say the same figures.
 */
import type { Database as Db } from "better-sqlite3";
import type { PlanDocument } from "../domain/document";
import { parsePeriod, periodDates, periodWithin } from "../domain/periods";
import type { Language } from "../i18n";
import type { countChanges } from "./change-summary";
import { changesInWords, type ChangeRow } from "./change-words";
import { progressReport, type ProgressReport } from "./progress";

export interface BudgetRow {
  currency: string;
  pillar: number | null;
  title: string;
  /** Hundredths, summed exactly. */
  planned: number;
  funded: number;
  toBeMobilised: number;
  unspecified: number;
}

export interface NoteRow {
  ref: string;
  action: string;
  period: string;
  date: string;
  author: string | null;
  note: string;
}

export type { ChangeRow };

export interface AnnualReport {
  title: string;
  country: string;
  iso3: string;
  planPeriod: { start: number; end: number };
  period: string;
  year: number;
  generatedAt: string;
  progress: ProgressReport;
  /** Per currency: one row per pillar and a total row (pillar null). */
  budget: BudgetRow[];
  notes: NoteRow[];
  changes: { since: string; rows: ChangeRow[]; counts: ReturnType<typeof countChanges> };
}

export interface AnnualOptions {
  period: string;
  language: Language;
  locale: string;
  /** For tests and reproducible files. */
  now?: Date;
}

function budgetRows(doc: PlanDocument, year: number, language: Language): BudgetRow[] {
  const rows = new Map<string, BudgetRow>();
  const add = (currency: string, pillar: number | null, title: string, source: string | null | undefined, minor: number) => {
    const key = `${currency}\u0000${pillar ?? "total"}`;
    const row = rows.get(key) ?? { currency, pillar, title, planned: 0, funded: 0, toBeMobilised: 0, unspecified: 0 };
    row.planned += minor;
    if (source === "to_be_mobilised") row.toBeMobilised += minor;
    else if (!source) row.unspecified += minor;
    else row.funded += minor;
    rows.set(key, row);
  };
  for (const pillar of doc.pillars) {
    const title = (language === "es" ? pillar.title_es : pillar.title_en) || pillar.title;
    for (const need of pillar.needs) {
      for (const action of need.actions) {
        for (const line of action.budget_lines ?? []) {
          if (line.year !== year || line.amount === null) continue;
          const minor = Math.round(line.amount * 100);
          add(line.currency, pillar.number, title, line.funding_source, minor);
          add(line.currency, null, "", line.funding_source, minor);
        }
      }
    }
  }
  return [...rows.values()].sort((a, b) => a.currency.localeCompare(b.currency) || (a.pillar ?? 999) - (b.pillar ?? 999));
}

function noteRows(doc: PlanDocument, period: string, refs: Map<string, string>): NoteRow[] {
  const rows: NoteRow[] = [];
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      for (const action of need.actions) {
        for (const note of action.progress ?? []) {
          if (!periodWithin(note.period, period) && !periodWithin(period, note.period)) continue;
          rows.push({ ref: refs.get(action.id ?? "") ?? "", action: action.text, period: note.period, date: (note.recorded_at ?? "").slice(0, 10), author: note.author ?? null, note: note.note });
        }
      }
    }
  }
  return rows;
}

export function annualReport(db: Db, doc: PlanDocument, options: AnnualOptions): AnnualReport {
  const parts = parsePeriod(options.period);
  if (!parts) throw new Error(`not a reporting period: ${options.period}`);
  const now = options.now ?? new Date();
  const progress = progressReport(doc, { period: options.period, today: now.toISOString().slice(0, 10) });
  const refs = new Map<string, string>();
  doc.pillars.forEach((pillar) => pillar.needs.forEach((need, n) => need.actions.forEach((action, a) => refs.set(action.id ?? "", `${pillar.number}.${n + 1}.${a + 1}`))));

  const since = periodDates(options.period).start;
  const changes = changesInWords(db, { since }, options.language, options.locale);
  return {
    title: doc.title ?? doc.country,
    country: doc.country,
    iso3: doc.iso3,
    planPeriod: doc.period ?? { start: parts.year, end: parts.year },
    period: options.period,
    year: parts.year,
    generatedAt: now.toISOString(),
    progress,
    budget: budgetRows(doc, parts.year, options.language),
    notes: noteRows(doc, options.period, refs),
    changes: { since, ...changes },
  };
}
