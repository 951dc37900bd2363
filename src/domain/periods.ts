/**
 * Reporting periods of a plan's monitoring: whole years ("2018") or half-years
 * ("2018-H1", "2018-H2"), as the plan chooses. Pure, shared by the core, the
 * workbooks and the UI.
 */

export const REPORTING_KINDS = ["year", "half"] as const;
export type Reporting = (typeof REPORTING_KINDS)[number];

export const PERIOD_PATTERN = /^(\d{4})(?:-H([12]))?$/;

export interface PeriodParts {
  year: number;
  half: 1 | 2 | null;
}

export function parsePeriod(period: string): PeriodParts | null {
  const match = PERIOD_PATTERN.exec(period.trim());
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 1900 || year > 2200) return null;
  return { year, half: match[2] ? (Number(match[2]) as 1 | 2) : null };
}

export function isPeriod(period: string): boolean {
  return parsePeriod(period) !== null;
}

/** "2018" → 2018-01-01 … 2018-12-31; "2018-H2" → 2018-07-01 … 2018-12-31. */
export function periodDates(period: string): { start: string; end: string } {
  const parts = parsePeriod(period);
  if (!parts) throw new Error(`not a reporting period: ${period}`);
  const { year, half } = parts;
  if (half === 1) return { start: `${year}-01-01`, end: `${year}-06-30` };
  if (half === 2) return { start: `${year}-07-01`, end: `${year}-12-31` };
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

/** Every reporting period of a plan running from `start` to `end`, in order. */
export function planPeriods(span: { start: number; end: number }, reporting: Reporting): string[] {
  const periods: string[] = [];
  for (let year = span.start; year <= span.end && periods.length < 400; year++) {
    if (reporting === "half") periods.push(`${year}-H1`, `${year}-H2`);
    else periods.push(String(year));
  }
  return periods;
}

/** Periods sort by their start: "2018" before "2018-H2" before "2019-H1". */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (!pa || !pb) return a.localeCompare(b);
  return pa.year - pb.year || (pa.half ?? 0) - (pb.half ?? 0);
}

/** The period just before (same granularity): "2019" → "2018", "2019-H1" → "2018-H2". */
export function previousPeriod(period: string): string | null {
  const parts = parsePeriod(period);
  if (!parts) return null;
  if (parts.half === 2) return `${parts.year}-H1`;
  if (parts.half === 1) return `${parts.year - 1}-H2`;
  return String(parts.year - 1);
}

/** Does a period fall inside another ("2018-H1" inside "2018")? A period is inside itself. */
export function periodWithin(inner: string, outer: string): boolean {
  const i = parsePeriod(inner);
  const o = parsePeriod(outer);
  if (!i || !o || i.year !== o.year) return false;
  return o.half === null || i.half === o.half;
}

/** Today as YYYY-MM-DD in the machine's own calendar (the date a status changed). */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
