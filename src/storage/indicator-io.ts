/**
 * Indicators between their document form (title, unit, baseline, targets and
 * values reached per period, breakdowns by sex and age) and their rows: one
 * `indicator` row, and one `indicator_value` row per target, value reached or
 * part of a breakdown. Plan creation and live edits both store them through here.
 */
import type { Database as Db } from "better-sqlite3";
import { SEXES, type BreakdownDoc, type IndicatorDoc } from "../domain/document";
import { comparePeriods } from "../domain/periods";
import { newId } from "../domain/ids";
import { statements, type ChangeWriter } from "./change-log";
import type { Row } from "./entities";

export type IndicatorOwner = { action_id: string; need_id?: undefined } | { need_id: string; action_id?: undefined };

type R = Record<string, any>;

/** The text a value of a breakdown is stored under: '' for the total. */
export interface ValueKey {
  kind: "target" | "actual";
  period: string;
  sex: string;
  age: string;
}

export function indicatorRow(id: string, owner: IndicatorOwner, doc: IndicatorDoc, position: number, language: "es" | "en"): Row {
  const title = doc.title?.trim() || null;
  return {
    id,
    action_id: owner.action_id ?? null,
    need_id: owner.need_id ?? null,
    title_es: doc.title_es?.trim() || (language === "es" ? title : null),
    title_en: doc.title_en?.trim() || (language === "en" ? title : null),
    unit: doc.unit.trim(),
    baseline_year: doc.baseline?.year ?? null,
    baseline_value: doc.baseline?.value ?? null,
    by_sex: doc.by_sex ? 1 : 0,
    age_groups: JSON.stringify(doc.age_groups ?? []),
    position,
  };
}

export type BreakdownRule = { rule: "breakdown_empty" | "breakdown_sex" | "breakdown_no_age" } | { rule: "breakdown_age"; ages: string };

/** Why a part of a breakdown does not fit its indicator, or null when it does. */
export function breakdownRule(part: { sex?: string | null; age?: string | null }, indicator: { by_sex: boolean | number; age_groups: readonly string[] }): BreakdownRule | null {
  if (!part.sex && !part.age) return { rule: "breakdown_empty" };
  if (part.sex && !indicator.by_sex) return { rule: "breakdown_sex" };
  if (part.age && !indicator.age_groups.includes(part.age)) return indicator.age_groups.length ? { rule: "breakdown_age", ages: indicator.age_groups.join(", ") } : { rule: "breakdown_no_age" };
  return null;
}

/** How a writer refuses a document: where, which rule, and the facts the message needs. */
export type Refuse = (at: string, rule: string, params?: Record<string, string | number>) => Error;

/** Every value row of an indicator document, checked against the indicator's breakdown. */
export function valueRows(indicatorId: string, doc: IndicatorDoc, where: string, invalid: Refuse): Row[] {
  const rows: Row[] = [];
  const seen = new Set<string>();
  const push = (key: ValueKey, value: number | null, note: string | null, source: string | null, at: string) => {
    const k = `${key.kind}|${key.period}|${key.sex}|${key.age}`;
    if (seen.has(k)) throw invalid(at, key.kind === "target" ? "target_twice" : "value_twice", { period: key.period });
    seen.add(k);
    rows.push({ id: newId(), indicator_id: indicatorId, ...key, value, note, source });
  };
  (doc.targets ?? []).forEach((target, t) => {
    const period = target.period ?? String(target.year);
    push({ kind: "target", period, sex: "", age: "" }, target.value, null, null, `${where}.targets[${t}]`);
  });
  const shape = { by_sex: Boolean(doc.by_sex), age_groups: doc.age_groups ?? [] };
  (doc.actuals ?? []).forEach((actual, a) => {
    push({ kind: "actual", period: actual.period, sex: "", age: "" }, actual.value, actual.note?.trim() || null, actual.source?.trim() || null, `${where}.actuals[${a}]`);
    (actual.breakdown ?? []).forEach((part, b) => {
      const at = `${where}.actuals[${a}].breakdown[${b}]`;
      const problem = breakdownRule(part, shape);
      if (problem) throw invalid(at, problem.rule, problem.rule === "breakdown_age" ? { ages: problem.ages } : {});
      push({ kind: "actual", period: actual.period, sex: part.sex ?? "", age: part.age ?? "" }, part.value, null, null, at);
    });
  });
  return rows;
}

export function writeIndicator(
  writer: ChangeWriter,
  owner: IndicatorOwner,
  doc: IndicatorDoc,
  position: number,
  language: "es" | "en",
  where: string,
  invalid: Refuse,
): string {
  const id = doc.id ?? newId();
  writer.insert("indicator", indicatorRow(id, owner, doc, position, language));
  for (const row of valueRows(id, doc, where, invalid)) writer.insert("indicator_value", row);
  return id;
}

/* ------------------------------------------------------------------ reading */

/** Parts of a breakdown in one order whatever the order they were stored in: by sex, by age group, then both. */
function breakdownOrder(ages: readonly string[]) {
  const group = (v: R) => (v.sex && !v.age ? 0 : !v.sex && v.age ? 1 : 2);
  const sexIndex = (v: R) => (v.sex ? SEXES.indexOf(v.sex) : -1);
  const ageIndex = (v: R) => (v.age ? ages.indexOf(v.age) : -1);
  return (a: R, b: R) => group(a) - group(b) || sexIndex(a) - sexIndex(b) || ageIndex(a) - ageIndex(b) || String(a.age).localeCompare(String(b.age));
}

/** One indicator row and its value rows as the document writes them. */
export function indicatorDoc(row: R, values: readonly R[], language: "es" | "en"): IndicatorDoc {
  const titleEs = row.title_es as string | null;
  const titleEn = row.title_en as string | null;
  const doc: IndicatorDoc = {
    id: row.id,
    title: (language === "es" ? (titleEs ?? titleEn) : (titleEn ?? titleEs)) ?? "",
    unit: row.unit,
  };
  if (titleEs !== null) doc.title_es = titleEs;
  if (titleEn !== null) doc.title_en = titleEn;
  doc.baseline = row.baseline_year === null || row.baseline_value === null ? null : { year: row.baseline_year, value: row.baseline_value };
  if (row.by_sex) doc.by_sex = true;
  const ages = JSON.parse(row.age_groups) as string[];
  if (ages.length) doc.age_groups = ages;
  const byPeriod = (a: R, b: R) => comparePeriods(a.period, b.period);
  doc.targets = values
    .filter((v) => v.kind === "target" && v.sex === "" && v.age === "")
    .sort(byPeriod)
    .map((v) => (/^\d{4}$/.test(v.period) ? { year: Number(v.period), value: v.value } : { period: v.period, value: v.value }));
  const actuals = values.filter((v) => v.kind === "actual");
  const totals = actuals.filter((v) => v.sex === "" && v.age === "").sort(byPeriod);
  doc.actuals = totals.map((v) => {
    const actual: NonNullable<IndicatorDoc["actuals"]>[number] = { period: v.period, value: v.value };
    if (v.note !== null) actual.note = v.note;
    if (v.source !== null) actual.source = v.source;
    const parts = actuals.filter((p) => p.period === v.period && (p.sex !== "" || p.age !== "")).sort(breakdownOrder(ages));
    if (parts.length) actual.breakdown = parts.map(breakdownDoc);
    return actual;
  });
  return doc;
}

function breakdownDoc(v: R): BreakdownDoc {
  const part: BreakdownDoc = { value: v.value };
  if (v.sex) part.sex = v.sex;
  if (v.age) part.age = v.age;
  return part;
}

/** Every indicator of the plan, by the action or need it measures, in order. */
export function readIndicators(db: Db, language: "es" | "en", where: { actionIds?: readonly string[]; needIds?: readonly string[] } = {}) {
  const byAction = new Map<string, IndicatorDoc[]>();
  const byNeed = new Map<string, IndicatorDoc[]>();
  const filter = where.actionIds || where.needIds;
  const indicators = filter
    ? (statements(db)
        .get("SELECT * FROM indicator WHERE action_id IN (SELECT value FROM json_each(?)) OR need_id IN (SELECT value FROM json_each(?)) ORDER BY position, rowid")
        .all(JSON.stringify(where.actionIds ?? []), JSON.stringify(where.needIds ?? [])) as R[])
    : (statements(db).get("SELECT * FROM indicator ORDER BY position, rowid").all() as R[]);
  if (indicators.length === 0) return { byAction, byNeed };
  const values = new Map<string, R[]>();
  const valueRowsRead = filter
    ? (statements(db).get("SELECT * FROM indicator_value WHERE indicator_id IN (SELECT value FROM json_each(?))").all(JSON.stringify(indicators.map((i) => i.id))) as R[])
    : (statements(db).get("SELECT * FROM indicator_value").all() as R[]);
  for (const v of valueRowsRead) {
    const list = values.get(v.indicator_id);
    if (list) list.push(v);
    else values.set(v.indicator_id, [v]);
  }
  for (const row of indicators) {
    const doc = indicatorDoc(row, values.get(row.id) ?? [], language);
    const [map, key] = row.action_id ? [byAction, row.action_id as string] : [byNeed, row.need_id as string];
    const list = map.get(key);
    if (list) list.push(doc);
    else map.set(key, [doc]);
  }
  return { byAction, byNeed };
}
