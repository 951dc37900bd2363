/**
 * What happened to the plan: statuses counted by pillar and by institution, the
 * actions whose schedule has passed without being done, and each indicator's
 * baseline, target and value reached for a reporting period with the share of
 * the target reached. The Progress view, the annual report and the regional
 * consolidation all count through here, so their figures agree.
 */
import type { ActionDoc, ActionStatus, IndicatorDoc, PlanDocument } from "../domain/document";
import { ACTION_STATUSES } from "../domain/document";
import { matrixRows, type MatrixFilter } from "../domain/matrix-rows";
import { comparePeriods, parsePeriod, periodDates, planPeriods, today, type Reporting } from "../domain/periods";

export type StatusCounts = Record<ActionStatus, number>;

export interface StatusRow {
  key: string;
  label: string;
  counts: StatusCounts;
  total: number;
}

export interface LateAction {
  actionId: string;
  ref: string;
  text: string;
  pillar: number;
  institutions: string[];
  lead: string | null;
  status: ActionStatus;
  /** The last year of its schedule. */
  due: number;
}

export interface IndicatorResult {
  id: string;
  ref: string;
  owner: "action" | "need";
  /** The action's or need's text, to say what the indicator measures. */
  measures: string;
  pillar: number;
  institutions: string[];
  title: string;
  unit: string;
  baseline: { year: number; value: number } | null;
  period: string | null;
  target: number | null;
  actual: number | null;
  /** Value reached over target, in per cent (one decimal); null without both or with a target of 0. */
  percent: number | null;
  note: string | null;
  source: string | null;
  breakdown: Array<{ sex: string | null; age: string | null; value: number }>;
}

export interface ProgressReport {
  /** The reporting period asked for; null for "as of today, the latest values". */
  period: string | null;
  /** The date late actions are judged against: the period's last day, or today. */
  asOf: string;
  reporting: Reporting;
  periods: string[];
  totals: StatusCounts;
  actions: number;
  byPillar: StatusRow[];
  byInstitution: StatusRow[];
  late: LateAction[];
  indicators: IndicatorResult[];
}

/** 1.2.10 after 1.2.9: one collator for every comparison (making one per call is slow on 10,000 refs). */
export const REFS = new Intl.Collator("en", { numeric: true });

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** Share of a total in per cent with one decimal, as the reports print it. */
export function percentOf(part: number, whole: number): number | null {
  if (!whole) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** Actions not done or cancelled whose schedule ended on or before `asOf`. */
export function isLate(action: Pick<ActionDoc, "status" | "schedule_years">, asOf: string): boolean {
  const status = action.status ?? "planned";
  if (status === "done" || status === "cancelled") return false;
  const years = action.schedule_years ?? [];
  if (years.length === 0) return false;
  return `${Math.max(...years)}-12-31` <= asOf;
}

/** The target and value reached of one indicator for a period (the latest period with a value when none is given). */
export function indicatorFor(indicator: IndicatorDoc, period: string | null) {
  const targetOf = (p: string) => (indicator.targets ?? []).find((t) => (t.period ?? String(t.year)) === p)?.value ?? null;
  const actuals = [...(indicator.actuals ?? [])].sort((a, b) => comparePeriods(a.period, b.period));
  const chosen = period ?? actuals.filter((a) => a.value !== null).at(-1)?.period ?? null;
  const actual = chosen ? (actuals.find((a) => a.period === chosen) ?? null) : null;
  const target = chosen ? targetOf(chosen) : null;
  const value = actual?.value ?? null;
  return {
    period: chosen,
    target,
    actual: value,
    percent: value !== null && target ? percentOf(value, target) : null,
    note: actual?.note ?? null,
    source: actual?.source ?? null,
    breakdown: (actual?.breakdown ?? []).map((b) => ({ sex: b.sex ?? null, age: b.age ?? null, value: b.value })),
  };
}

export interface ProgressOptions {
  period?: string | null;
  filter?: MatrixFilter;
  /** Today, for tests and reproducible reports. */
  today?: string;
}

export function progressReport(doc: PlanDocument, options: ProgressOptions = {}): ProgressReport {
  const period = options.period ?? null;
  if (period && !parsePeriod(period)) throw new Error(`not a reporting period: ${period}`);
  const asOf = period ? periodDates(period).end : (options.today ?? today());
  const reporting = doc.reporting ?? "year";
  const language = doc.language ?? "es";
  const totals = emptyCounts();
  const byPillar = new Map<number, StatusRow>();
  const byInstitution = new Map<string, StatusRow>();
  const late: LateAction[] = [];
  const indicators: IndicatorResult[] = [];
  let actions = 0;
  const filter: MatrixFilter = { ...(options.filter ?? {}), year: null };

  const needRefs = new Map<string, string>();
  for (const pillar of doc.pillars) pillar.needs.forEach((need, n) => needRefs.set(need.id ?? `${pillar.number}.${n}`, `${pillar.number}.${n + 1}`));

  const addIndicators = (list: IndicatorDoc[] | undefined, owner: "action" | "need", ref: string, measures: string, pillar: number, institutions: string[]) => {
    for (const indicator of list ?? []) {
      const title = (language === "es" ? (indicator.title_es ?? indicator.title_en) : (indicator.title_en ?? indicator.title_es)) ?? indicator.title ?? "";
      indicators.push({
        id: indicator.id ?? "",
        ref,
        owner,
        measures,
        pillar,
        institutions,
        title: title || indicator.title || "",
        unit: indicator.unit,
        baseline: indicator.baseline ?? null,
        ...indicatorFor(indicator, period),
      });
    }
  };

  for (const row of matrixRows(doc, filter)) {
    if (row.type === "pillar") continue;
    const { pillar, need } = row;
    const needRef = needRefs.get(need.id ?? "") ?? `${pillar.number}`;
    // A need shows (and with it its indicators) unfiltered, or filtered when one of its actions matches.
    if (row.type === "need") {
      addIndicators(need.indicators, "need", needRef, need.title, pillar.number, []);
      continue;
    }
    const { action } = row;
    const status = action.status ?? "planned";
    actions++;
    totals[status]++;
    const pillarTitle = (language === "es" ? pillar.title_es : pillar.title_en) || pillar.title;
    const p = byPillar.get(pillar.number) ?? { key: String(pillar.number), label: `${pillar.number}. ${pillarTitle}`, counts: emptyCounts(), total: 0 };
    p.counts[status]++;
    p.total++;
    byPillar.set(pillar.number, p);
    for (const institution of action.institutions) {
      const i = byInstitution.get(institution) ?? { key: institution, label: institution, counts: emptyCounts(), total: 0 };
      i.counts[status]++;
      i.total++;
      byInstitution.set(institution, i);
    }
    const ref = `${needRef}.${row.indexInNeed + 1}`;
    if (isLate(action, asOf)) {
      late.push({
        actionId: action.id ?? "",
        ref,
        text: action.text,
        pillar: pillar.number,
        institutions: action.institutions,
        lead: action.lead,
        status,
        due: Math.max(...(action.schedule_years ?? [])),
      });
    }
    addIndicators(action.indicators, "action", ref, action.text, pillar.number, action.institutions);
  }

  return {
    period,
    asOf,
    reporting,
    periods: planPeriods(doc.period ?? { start: new Date().getFullYear(), end: new Date().getFullYear() }, reporting),
    totals,
    actions,
    byPillar: [...byPillar.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r),
    byInstitution: [...byInstitution.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label)),
    late: late.sort((a, b) => a.due - b.due || REFS.compare(a.ref, b.ref)),
    indicators,
  };
}
