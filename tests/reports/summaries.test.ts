import { describe, expect, it } from "vitest";
import { readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { consolidate, parseRatesCsv } from "../../src/reports/regional";
import { summarisePlan } from "../../src/reports/summary";
import { fixturePath } from "../helpers/temp";

/** Puts known budget lines on every action: amounts chosen so sums are exact and easy to state. */
function withBudget(id: string, currency: string, perLine: number): PlanDocument {
  const doc = readDocumentFile(fixturePath(id));
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      for (const action of need.actions) {
        if (action.institutions.length === 0) action.institutions = ["Secretaría"];
        action.lead = action.institutions[0]!;
        action.budget_lines = [2018, 2019].map((year) => ({
          institution: action.lead!,
          year,
          amount: perLine,
          currency,
          funding_source: year === 2018 ? ("national_budget" as const) : ("to_be_mobilised" as const),
        }));
      }
    }
  }
  return doc;
}

const actionCount = (doc: PlanDocument) => doc.pillars.reduce((n, p) => n + p.needs.reduce((m, need) => m + need.actions.length, 0), 0);

describe("plan summaries", () => {
  it("total, per pillar and year, per source, and funded against to be mobilised all reconcile", () => {
    const doc = withBudget("guatemala", "GTQ", 1000.25);
    const summary = summarisePlan(doc);
    const actions = actionCount(doc);
    expect(summary.total).toEqual({ GTQ: actions * 2 * 1000.25 });
    const byPillar = summary.byPillarYear.reduce((n, r) => n + (r.amounts.GTQ ?? 0), 0);
    expect(byPillar).toBeCloseTo(summary.total.GTQ!, 2);
    expect(summary.fundedVersusToMobilise.funded.GTQ).toBeCloseTo(actions * 1000.25, 2);
    expect(summary.fundedVersusToMobilise.toBeMobilised.GTQ).toBeCloseTo(actions * 1000.25, 2);
    expect(summary.years).toEqual([2018, 2019]);
    // Pillar 3 has no actions in Guatemala's plan.
    expect(summary.byPillarYear.map((r) => r.pillar)).not.toContain(3);
  });

  it("never adds different currencies together", () => {
    const doc = withBudget("mexico", "MXN", 10);
    doc.pillars[0]!.needs[0]!.actions[0]!.budget_lines![0]!.currency = "USD";
    const summary = summarisePlan(doc);
    expect(summary.total.USD).toBe(10);
    expect(summary.total.MXN).toBe((actionCount(doc) * 2 - 1) * 10);
  });

  it("follows the matrix filter", () => {
    const doc = withBudget("guatemala", "GTQ", 1);
    const pillar1 = doc.pillars[0]!.needs.reduce((n, need) => n + need.actions.length, 0);
    expect(summarisePlan(doc, { pillar: 1 }).total.GTQ).toBe(pillar1 * 2);
    expect(summarisePlan(doc, { year: 2019 }).total.GTQ).toBe(actionCount(doc));
  });
});

describe("regional consolidation", () => {
  const rates = parseRatesCsv("currency,rate,date\nGTQ,0.125,2018-01-02\nHNL,0.04,2018-01-02\nPAB,1,2018-01-02\n", "rates.csv");

  it("converts each country into one currency with the rate and date recorded, and adds up", () => {
    const plans = [withBudget("guatemala", "GTQ", 800), withBudget("honduras", "HNL", 2500), withBudget("panama", "USD", 100)];
    const result = consolidate(plans, { currency: "USD", rates });
    const expected = { GTM: actionCount(plans[0]!) * 2 * 100, HND: actionCount(plans[1]!) * 2 * 100, PAN: actionCount(plans[2]!) * 2 * 100 };
    expect(Object.fromEntries(result.byCountry.map((c) => [c.iso3, c.total]))).toEqual(expected);
    expect(result.total).toBe(expected.GTM + expected.HND + expected.PAN);
    expect(result.byCrrfPillar.reduce((n, p) => n + p.total, 0)).toBeCloseTo(result.total, 2);
    expect(result.ratesUsed).toEqual([
      { currency: "GTQ", rate: 0.125, date: "2018-01-02" },
      { currency: "HNL", rate: 0.04, date: "2018-01-02" },
    ]);
  });

  it("maps Panama's third pillar onto CRRF pillar 4, and lets the user change the mapping", () => {
    const panama = withBudget("panama", "USD", 1);
    const result = consolidate([panama], { currency: "USD", rates });
    expect(result.mapping.find((m) => m.nationalPillar === 3)?.crrfPillar).toBe(3);
    const remapped = consolidate([panama], { currency: "USD", rates, pillarMapping: { PAN: { 3: 4 } } });
    expect(remapped.mapping.find((m) => m.nationalPillar === 3)?.crrfPillar).toBe(4);
    expect(remapped.byCrrfPillar[3]!.total).toBe(remapped.rows.filter((r) => r.nationalPillar === 3).reduce((n, r) => n + r.converted, 0));
  });

  it("refuses to total a currency it has no rate for, and a malformed rates file", () => {
    expect(() => consolidate([withBudget("mexico", "MXN", 1)], { currency: "USD", rates })).toThrow(/MXN/);
    expect(() => parseRatesCsv("GTQ;siete;2018-01-02", "tasas.csv")).toThrow();
  });
});

describe("the regional workbook", () => {
  it("writes the rows, totals by country that add up, the mapping and the rates with their dates", async () => {
    const { buildRegionalWorkbook } = await import("../../src/reports/regional-workbook");
    const XLSX = await import("xlsx");
    const rates = parseRatesCsv("GTQ,0.125,2018-01-02\nHNL,0.04,2018-01-03\n", "rates.csv");
    const result = consolidate([withBudget("guatemala", "GTQ", 800), withBudget("honduras", "HNL", 2500)], { currency: "USD", rates });
    const book = XLSX.read(await buildRegionalWorkbook(result, "en"), { type: "buffer" });
    expect(book.SheetNames).toEqual(["Regional", "By country", "By MIRPS pillar", "Pillar mapping", "Exchange rates", "Progress by country", "Indicators by country"]);
    const byCountry = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["By country"]!, { header: 1, raw: true });
    const countries = byCountry.slice(1, -1).reduce((n, r) => n + (r[1] as number), 0);
    expect(byCountry.at(-1)).toEqual(["Total", result.total]);
    expect(countries).toBeCloseTo(result.total, 2);
    const detail = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Regional"]!, { header: 1, raw: true });
    expect(detail.slice(1).reduce((n, r) => n + (r[7] as number), 0)).toBeCloseTo(result.total, 2);
    const rateRows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Exchange rates"]!, { header: 1, raw: true });
    expect(rateRows.slice(1)).toEqual([["GTQ", 0.125, "2018-01-02"], ["HNL", 0.04, "2018-01-03"]]);
  });
});
