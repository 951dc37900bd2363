/**
 * Regional consolidation: several national plans side by side, their pillars
 * mapped onto the four CRRF pillars (Honduras's profiles and Panama's three
 * pillars included), totals converted into one currency with rates the user
 * gives. The national plans are only read.
 */
import { MatrizError } from "../domain/errors";
import type { PlanDocument } from "../domain/document";
import { emptyCounts, progressReport, type StatusCounts } from "./progress";

export interface ExchangeRate {
  /** Units of the target currency for one unit of `currency`. */
  rate: number;
  date: string;
}

export interface RegionalOptions {
  currency: string;
  rates: Record<string, ExchangeRate>;
  /** Per country (iso3) and national pillar number, the CRRF pillar it counts under; defaults to the plan's own mapping. */
  pillarMapping?: Record<string, Record<number, 1 | 2 | 3 | 4>>;
}

export interface RegionalRow {
  country: string;
  iso3: string;
  crrfPillar: 1 | 2 | 3 | 4;
  nationalPillar: number;
  nationalTitle: string;
  year: number;
  currency: string;
  amount: number;
  converted: number;
  rate: number;
  rateDate: string;
  actions: number;
}

export interface RegionalResult {
  currency: string;
  rows: RegionalRow[];
  byCountry: Array<{ iso3: string; country: string; total: number }>;
  byCrrfPillar: Array<{ crrfPillar: number; total: number }>;
  total: number;
  mapping: Array<{ iso3: string; nationalPillar: number; nationalTitle: string; crrfPillar: number }>;
  ratesUsed: Array<{ currency: string; rate: number; date: string }>;
  /** What happened to each country's plan: statuses and the indicators' latest results. */
  monitoring: RegionalMonitoring;
}

export interface RegionalMonitoring {
  /** As of this date (late actions are judged against it). */
  asOf: string;
  byCountry: Array<{
    iso3: string;
    country: string;
    actions: number;
    counts: StatusCounts;
    /** Actions whose status the source does not say (a national workbook carries none). */
    unknown: number;
    late: number;
    indicators: number;
    /** Indicators whose latest value reached reaches its target. */
    targetsMet: number;
  }>;
  indicators: Array<{ iso3: string; country: string; ref: string; title: string; unit: string; period: string | null; baseline: number | null; target: number | null; actual: number | null; percent: number | null }>;
}

/** Each country's statuses (as of `today`) and its indicators' latest values against their targets. */
export function regionalMonitoring(plans: PlanDocument[], today: string): RegionalMonitoring {
  const byCountry: RegionalMonitoring["byCountry"] = [];
  const indicators: RegionalMonitoring["indicators"] = [];
  for (const plan of plans) {
    const report = progressReport(plan, { today });
    const all = plan.pillars.flatMap((p) => p.needs.flatMap((n) => n.actions));
    const withoutStatus = new Set(all.filter((a) => a.status === undefined).map((a) => a.id ?? ""));
    const unknown = withoutStatus.size;
    const counts = emptyCounts();
    for (const action of all) if (action.status !== undefined) counts[action.status]++;
    byCountry.push({
      iso3: plan.iso3,
      country: plan.country,
      actions: all.length,
      counts,
      unknown,
      // An action whose status is not known is not called late.
      late: unknown ? report.late.filter((l) => !withoutStatus.has(l.actionId)).length : report.late.length,
      indicators: report.indicators.length,
      targetsMet: report.indicators.filter((i) => i.percent !== null && i.percent >= 100).length,
    });
    for (const i of report.indicators) {
      indicators.push({ iso3: plan.iso3, country: plan.country, ref: i.ref, title: i.title, unit: i.unit, period: i.period, baseline: i.baseline?.value ?? null, target: i.target, actual: i.actual, percent: i.percent });
    }
  }
  return { asOf: today, byCountry, indicators };
}

const cents = (n: number) => Math.round(n * 100);

export function consolidate(plans: PlanDocument[], options: RegionalOptions & { today?: string }): RegionalResult {
  const target = options.currency;
  const rateFor = (currency: string): ExchangeRate => {
    if (currency === target) return { rate: 1, date: "" };
    const rate = options.rates[currency];
    if (!rate) throw new MatrizError("missing_rate", { from: currency, to: target });
    return rate;
  };
  const rows: RegionalRow[] = [];
  const mapping: RegionalResult["mapping"] = [];
  const used = new Map<string, ExchangeRate>();
  for (const plan of plans) {
    for (const pillar of plan.pillars) {
      const crrf = (options.pillarMapping?.[plan.iso3]?.[pillar.number] ?? pillar.crrf_pillar ?? Math.min(pillar.number, 4)) as 1 | 2 | 3 | 4;
      const nationalTitle = pillar.title;
      mapping.push({ iso3: plan.iso3, nationalPillar: pillar.number, nationalTitle, crrfPillar: crrf });
      const cells = new Map<string, { year: number; currency: string; minor: number; actions: Set<string> }>();
      for (const need of pillar.needs) {
        for (const action of need.actions) {
          for (const line of action.budget_lines ?? []) {
            if (line.amount === null) continue;
            const key = `${line.year}:${line.currency}`;
            const cell = cells.get(key) ?? { year: line.year, currency: line.currency, minor: 0, actions: new Set<string>() };
            cell.minor += cents(line.amount);
            cell.actions.add(action.id ?? action.text);
            cells.set(key, cell);
          }
        }
      }
      for (const cell of cells.values()) {
        const rate = rateFor(cell.currency);
        if (cell.currency !== target) used.set(cell.currency, rate);
        rows.push({
          country: plan.country,
          iso3: plan.iso3,
          crrfPillar: crrf,
          nationalPillar: pillar.number,
          nationalTitle,
          year: cell.year,
          currency: cell.currency,
          amount: cell.minor / 100,
          converted: cents((cell.minor / 100) * rate.rate) / 100,
          rate: rate.rate,
          rateDate: rate.date,
          actions: cell.actions.size,
        });
      }
    }
  }
  rows.sort((a, b) => a.iso3.localeCompare(b.iso3) || a.crrfPillar - b.crrfPillar || a.nationalPillar - b.nationalPillar || a.year - b.year || a.currency.localeCompare(b.currency));
  const sum = (list: RegionalRow[]) => list.reduce((n, r) => n + cents(r.converted), 0) / 100;
  const countries = [...new Map(plans.map((p) => [p.iso3, p.country])).entries()];
  return {
    currency: target,
    rows,
    byCountry: countries.map(([iso3, country]) => ({ iso3, country, total: sum(rows.filter((r) => r.iso3 === iso3)) })),
    byCrrfPillar: [1, 2, 3, 4].map((n) => ({ crrfPillar: n, total: sum(rows.filter((r) => r.crrfPillar === n)) })),
    total: sum(rows),
    mapping,
    ratesUsed: [...used].map(([currency, r]) => ({ currency, rate: r.rate, date: r.date })).sort((a, b) => a.currency.localeCompare(b.currency)),
    monitoring: regionalMonitoring(plans, options.today ?? new Date().toISOString().slice(0, 10)),
  };
}

/** Reads "currency,rate,date" lines (a header line is allowed), e.g. "GTQ,0.1291,2018-01-02". */
export function parseRatesCsv(text: string, file: string): Record<string, ExchangeRate> {
  const rates: Record<string, ExchangeRate> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed || /^currency\b/i.test(trimmed)) return;
    const [currency, rateText, date] = trimmed.split(/[,;\t]/).map((s) => s.trim());
    const rate = Number(rateText?.replace(",", "."));
    if (!currency || !/^[A-Z]{3}$/.test(currency) || !Number.isFinite(rate) || rate <= 0 || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new MatrizError("invalid_rates", { path: file, line: index + 1, found: trimmed.slice(0, 80) });
    }
    rates[currency] = { rate, date };
  });
  return rates;
}
