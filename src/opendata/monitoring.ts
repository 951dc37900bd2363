/**
 * Monitoring in the open-data files: for IATI, each action's indicators as
 * <result> elements (baseline, and target and actual per reporting period, with
 * breakdowns as dimensions) and the lead institution's focal point as
 * <contact-info>; for HXL, status and indicator columns and one row per
 * indicator and period. The writers hand in their own escaping, so whatever
 * they do to keep text safe applies here too.
 */
import type { ActionDoc, IndicatorDoc, InstitutionDoc, PlanDocument } from "../domain/document";
import { comparePeriods, periodDates } from "../domain/periods";

type Escape = (text: string | number) => string;

function indicatorTitle(indicator: IndicatorDoc, language: "es" | "en"): string {
  return ((language === "es" ? (indicator.title_es ?? indicator.title_en) : (indicator.title_en ?? indicator.title_es)) ?? indicator.title ?? "").trim();
}

/** Every period an indicator has a target or a value reached for, in order. */
function indicatorPeriods(indicator: IndicatorDoc): string[] {
  const periods = new Set<string>();
  for (const t of indicator.targets ?? []) periods.add(t.period ?? String(t.year));
  for (const a of indicator.actuals ?? []) periods.add(a.period);
  return [...periods].sort(comparePeriods);
}

const number = (value: number) => String(Math.round(value * 1e6) / 1e6);

/** The focal point of the action's lead (else of its first institution that has one), as IATI <contact-info>. */
export function iatiContactInfo(action: ActionDoc, doc: PlanDocument, xml: Escape, indent: string): string[] {
  const directory = new Map((doc.institutions ?? []).map((i) => [i.label, i] as const));
  const ordered = action.lead ? [action.lead, ...action.institutions.filter((i) => i !== action.lead)] : action.institutions;
  const entry: InstitutionDoc | undefined = ordered.map((name) => directory.get(name)).find((i) => i && (i.focal_name || i.focal_email || i.focal_phone));
  if (!entry) return [];
  const narrative = (text: string) => `<narrative>${xml(text)}</narrative>`;
  const lines = [`${indent}<contact-info type="1">`];
  const organisation = (doc.language === "en" ? entry.name_en : entry.name_es) || entry.name_es || entry.name_en || entry.label;
  lines.push(`${indent}  <organisation>${narrative(organisation)}</organisation>`);
  if (entry.focal_name) lines.push(`${indent}  <person-name>${narrative(entry.focal_name)}</person-name>`);
  if (entry.focal_phone) lines.push(`${indent}  <telephone>${xml(entry.focal_phone)}</telephone>`);
  if (entry.focal_email) lines.push(`${indent}  <email>${xml(entry.focal_email)}</email>`);
  lines.push(`${indent}</contact-info>`);
  return lines;
}

/** An action's (or a need's) indicators as IATI <result> elements: one result per indicator, its periods with target and actual. */
export function iatiResults(owner: { indicators?: IndicatorDoc[] }, doc: PlanDocument, xml: Escape, indent: string): string[] {
  const language = doc.language ?? "es";
  const narrative = (text: string) => `<narrative>${xml(text)}</narrative>`;
  const lines: string[] = [];
  for (const indicator of owner.indicators ?? []) {
    const title = indicatorTitle(indicator, language);
    // IATI IndicatorMeasure: 1 unit, 2 percentage.
    const measure = /%|porcentaje|percent/i.test(indicator.unit) ? 2 : 1;
    lines.push(`${indent}<result type="1" aggregation-status="0">`);
    lines.push(`${indent}  <title>${narrative(title)}</title>`);
    lines.push(`${indent}  <indicator measure="${measure}" ascending="1">`);
    lines.push(`${indent}    <title>${narrative(`${title} (${indicator.unit})`)}</title>`);
    if (indicator.baseline) lines.push(`${indent}    <baseline year="${indicator.baseline.year}" value="${number(indicator.baseline.value)}"/>`);
    for (const period of indicatorPeriods(indicator)) {
      const dates = periodDates(period);
      const target = (indicator.targets ?? []).find((t) => (t.period ?? String(t.year)) === period);
      const actual = (indicator.actuals ?? []).find((a) => a.period === period);
      lines.push(`${indent}    <period>`);
      lines.push(`${indent}      <period-start iso-date="${dates.start}"/>`);
      lines.push(`${indent}      <period-end iso-date="${dates.end}"/>`);
      if (target) lines.push(`${indent}      <target value="${number(target.value)}"/>`);
      if (actual) {
        const comment = [actual.note, actual.source ? `${language === "es" ? "Fuente" : "Source"}: ${actual.source}` : null].filter(Boolean).join(" · ");
        const value = actual.value === null ? "" : ` value="${number(actual.value)}"`;
        lines.push(comment ? `${indent}      <actual${value}><comment>${narrative(comment)}</comment></actual>` : `${indent}      <actual${value}/>`);
        for (const part of actual.breakdown ?? []) {
          const dimensions = [part.sex ? `<dimension name="sex" value="${xml(part.sex)}"/>` : "", part.age ? `<dimension name="age" value="${xml(part.age)}"/>` : ""].join("");
          lines.push(`${indent}      <actual value="${number(part.value)}">${dimensions}</actual>`);
        }
      }
      lines.push(`${indent}    </period>`);
    }
    lines.push(`${indent}  </indicator>`);
    lines.push(`${indent}</result>`);
  }
  return lines;
}

/** The HXL columns monitoring adds after the budget's. */
export const HXL_MONITORING_COLUMNS: Array<[heading: string, tag: string]> = [
  ["Status", "#status"],
  ["Status date", "#date+status"],
  ["Indicator", "#indicator+name"],
  ["Indicator unit", "#indicator+unit"],
  ["Baseline year", "#date+year+baseline"],
  ["Baseline", "#indicator+value+baseline"],
  ["Reporting period", "#date+period"],
  ["Target", "#indicator+value+target"],
  ["Value reached", "#indicator+value+reached"],
];

/** The status cells of an action's rows (its indicator cells left empty). */
export function hxlStatusCells(action: ActionDoc): string[] {
  return [action.status ?? "planned", action.status_date ?? "", "", "", "", "", "", "", ""];
}

/** One row per indicator and period: the status cells, then the indicator's. */
export function hxlIndicatorRows(action: ActionDoc | null, indicators: readonly IndicatorDoc[], language: "es" | "en"): string[][] {
  const rows: string[][] = [];
  for (const indicator of indicators) {
    for (const period of indicatorPeriods(indicator)) {
      const target = (indicator.targets ?? []).find((t) => (t.period ?? String(t.year)) === period);
      const actual = (indicator.actuals ?? []).find((a) => a.period === period);
      rows.push([
        action ? (action.status ?? "planned") : "",
        action?.status_date ?? "",
        indicatorTitle(indicator, language),
        indicator.unit,
        indicator.baseline ? String(indicator.baseline.year) : "",
        indicator.baseline ? number(indicator.baseline.value) : "",
        period,
        target ? number(target.value) : "",
        actual && actual.value !== null ? number(actual.value) : "",
      ]);
    }
  }
  return rows;
}
