/**
 * Monitoring figures reconcile everywhere: a plan with statuses and indicators
 * set in a known pattern; status counts by pillar and institution, shares done
 * and each indicator's share of its target are worked out here, independently
 * of the code under test, and the Progress figures, every sheet of the annual
 * workbook and the regional consolidation's progress are checked against them.
 */
import path from "node:path";
import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { ACTION_STATUSES, type ActionStatus, type PlanDocument } from "../../src/domain/document";
import { annualReport } from "../../src/reports/annual-report";
import { buildAnnualWorkbook } from "../../src/reports/annual-workbook";
import { progressReport } from "../../src/reports/progress";
import { consolidate } from "../../src/reports/regional";
import { fixturePath, tempDir } from "../helpers/temp";

type Counts = Record<ActionStatus, number>;
const zero = (): Counts => ({ planned: 0, in_progress: 0, done: 0, delayed: 0, cancelled: 0 });
/** Per cent with one decimal, the way a person rounds 2/3 to 66.7. */
const share = (part: number, whole: number) => (whole ? Math.round((part * 1000) / whole) / 10 : null);

interface Expected {
  total: Counts;
  pillar: Map<number, Counts>;
  institution: Map<string, Counts>;
  late2019: string[];
  indicators: Map<string, { target: number; actual: number; percent: number | null }>;
}

function patterned(iso3: "guatemala" | "honduras"): { doc: PlanDocument; expected: Expected } {
  const doc = readDocumentFile(fixturePath(iso3));
  doc.language = "es";
  doc.period = { start: 2018, end: 2020 };
  const expected: Expected = { total: zero(), pillar: new Map(), institution: new Map(), late2019: [], indicators: new Map() };
  let n = 0;
  doc.pillars.forEach((pillar) =>
    pillar.needs.forEach((need, needIndex) =>
      need.actions.forEach((action, actionIndex) => {
        const status = ACTION_STATUSES[n % 5]!;
        action.status = status;
        // Schedules ending in 2018, 2019 or 2020 in turn.
        const end = 2018 + (n % 3);
        action.schedule = `2018 - ${end}`;
        action.schedule_years = Array.from({ length: end - 2017 }, (_, i) => 2018 + i);
        expected.total[status]++;
        const p = expected.pillar.get(pillar.number) ?? zero();
        p[status]++;
        expected.pillar.set(pillar.number, p);
        for (const institution of action.institutions) {
          const c = expected.institution.get(institution) ?? zero();
          c[status]++;
          expected.institution.set(institution, c);
        }
        const ref = `${pillar.number}.${needIndex + 1}.${actionIndex + 1}`;
        if (end <= 2019 && status !== "done" && status !== "cancelled") expected.late2019.push(ref);
        // Every other action has an indicator: target 10·(n+1), reached 7·(n+1) in 2019 (70 %), or a target of 0.
        if (n % 2 === 0) {
          const target = n % 6 === 0 ? 0 : 10 * (n + 1);
          const actual = 7 * (n + 1);
          action.indicators = [{ id: `ind-${iso3}-${n}`, title: `Indicador ${n}`, unit: "personas", baseline: { year: 2017, value: n }, targets: [{ year: 2019, value: target }], actuals: [{ period: "2019", value: actual }] }];
          expected.indicators.set(ref, { target, actual, percent: target ? share(actual, target) : null });
        }
        n++;
      }),
    ),
  );
  return { doc, expected };
}

function throughPlan(doc: PlanDocument): PlanDocument {
  const store = createPlanFromDocument(path.join(tempDir(), `${doc.iso3}.matriz`), doc, { author: "x", source: "example" });
  const read = store.document();
  store.close();
  return read;
}

describe("monitoring figures reconcile", () => {
  const { doc: source, expected } = patterned("guatemala");
  const doc = throughPlan(source);
  const report = progressReport(doc, { period: "2019" });

  it("the Progress figures: counts by pillar and institution, late actions, indicators", () => {
    expect(report.totals).toEqual(expected.total);
    expect(report.actions).toBe(Object.values(expected.total).reduce((a, b) => a + b, 0));
    for (const row of report.byPillar) expect(row.counts, row.label).toEqual(expected.pillar.get(Number(row.key)));
    expect(report.byPillar).toHaveLength(expected.pillar.size);
    for (const row of report.byInstitution) expect(row.counts, row.label).toEqual(expected.institution.get(row.label));
    expect(report.byInstitution).toHaveLength(expected.institution.size);
    expect(report.late.map((l) => l.ref).sort()).toEqual([...expected.late2019].sort());
    expect(report.indicators.map((i) => [i.ref, i.target, i.actual, i.percent])).toEqual([...expected.indicators].map(([ref, e]) => [ref, e.target, e.actual, e.percent]));
  });

  it("every sheet of the annual workbook", async () => {
    const store = createPlanFromDocument(path.join(tempDir(), "annual.matriz"), source, { author: "x", source: "example" });
    const model = annualReport(store.db, store.document(), { period: "2019", language: "es", locale: "es-GT", now: new Date("2020-02-01T00:00:00Z") });
    store.close();
    const book = XLSX.read(await buildAnnualWorkbook(model, { language: "es" }), { type: "buffer" });
    const rows = (sheet: string) => XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[sheet]!, { header: 1, defval: null });
    const total = Object.values(expected.total).reduce((a, b) => a + b, 0);
    const summary = rows("Resumen");
    ACTION_STATUSES.forEach((status, i) => {
      const line = summary.find((r) => r[0] === ["No iniciada", "En curso", "Cumplida", "Retrasada", "Cancelada"][i])!;
      expect(line, status).toEqual([line[0], expected.total[status], share(expected.total[status], total)]);
    });
    const pillars = rows("Estado por pilar").filter((r) => /^\d+\./.test(String(r[0])));
    for (const r of pillars) {
      const c = expected.pillar.get(Number(String(r[0]).split(".")[0]))!;
      const all = Object.values(c).reduce((a, b) => a + b, 0);
      expect(r.slice(1)).toEqual([c.planned, c.in_progress, c.done, c.delayed, c.cancelled, all, share(c.done, all)]);
    }
    const institutions = rows("Estado por institución").slice(2, -1);
    expect(institutions).toHaveLength(expected.institution.size);
    for (const r of institutions) {
      const c = expected.institution.get(String(r[0]))!;
      expect(r.slice(1, 6)).toEqual([c.planned, c.in_progress, c.done, c.delayed, c.cancelled]);
    }
    const indicators = rows("Indicadores").slice(3);
    expect(indicators.map((r) => [r[0], r[6], r[7], r[8]])).toEqual([...expected.indicators].map(([ref, e]) => [ref, e.target, e.actual, e.percent]));
  });

  it("the regional consolidation's progress by country", () => {
    const other = patterned("honduras");
    const plans = [doc, throughPlan(other.doc)];
    const result = consolidate(plans, { currency: "USD", rates: {}, today: "2019-12-31" });
    const byIso = new Map(result.monitoring.byCountry.map((c) => [c.iso3, c]));
    for (const [plan, exp] of [[doc, expected], [plans[1]!, other.expected]] as const) {
      const country = byIso.get(plan.iso3)!;
      expect(country.counts).toEqual(exp.total);
      expect(country.late).toBe(exp.late2019.length);
      expect(country.indicators).toBe(exp.indicators.size);
      expect(country.targetsMet).toBe([...exp.indicators.values()].filter((e) => e.percent !== null && e.percent >= 100).length);
    }
    expect(result.monitoring.indicators.filter((i) => i.iso3 === plans[1]!.iso3).map((i) => i.percent)).toEqual([...other.expected.indicators.values()].map((e) => e.percent));
  });
});
