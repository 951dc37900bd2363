/**
 * The annual report's chart of the share of each indicator's target reached:
 * one bar per indicator while a page can hold them (60), and past that a chart
 * by pillar counting the indicators under 50 %, from 50 % and at their target,
 * with its table, instead of no chart at all. Counts worked out by hand.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument } from "../../src/app/plans";
import type { IndicatorDoc, PlanDocument } from "../../src/domain/document";
import { annualReportHtml } from "../../src/reports/annual-html";
import { annualReport } from "../../src/reports/annual-report";
import { tempDir } from "../helpers/temp";
import { monitoringDocument } from "../monitoring/fixture";

const indicator = (id: string, target: number, actual: number): IndicatorDoc => ({ id, title: `Indicador ${id}`, unit: "personas", baseline: null, targets: [{ year: 2018, value: target }], actuals: [{ period: "2018", value: actual }] });

function html(doc: PlanDocument): string {
  const store = createPlanFromDocument(path.join(tempDir(), "annual.matriz"), doc, { author: "x", source: "example" });
  const model = annualReport(store.db, store.document(), { period: "2018", language: "es", locale: "es-GT", now: new Date("2019-02-01T00:00:00Z") });
  store.close();
  return annualReportHtml(model, { language: "es", locale: "es-GT" });
}

/** The cells of the table row that starts with `first`. */
function row(page: string, first: string): string[] {
  const found = [...page.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!)).find((cells) => cells[0] === first);
  if (!found) throw new Error(`no row ${first}`);
  return found;
}

describe("the annual report's chart of targets reached", () => {
  it("draws one bar per indicator while there are 60 or fewer", () => {
    const page = html(monitoringDocument());
    expect(page).toContain('aria-label="Porcentaje de la meta alcanzado"');
    expect(page).not.toContain("Indicadores por parte de la meta alcanzada, por pilar");
  });

  it("with more than 60, counts them by pillar and band of the target reached, chart and table, instead of leaving the chart out", () => {
    const doc = monitoringDocument();
    const [offices] = doc.pillars[0]!.needs[0]!.actions.filter((a) => a.id === "act-offices");
    const [later] = doc.pillars[1]!.needs[0]!.actions.filter((a) => a.id === "act-later");
    // Pillar 1: 33 more, reaching 0, 4, 8 … 128 of 100: 13 under 50 (0–48), 12 from 50 (52–96), 8 met (100–128).
    offices!.indicators = Array.from({ length: 33 }, (_, i) => indicator(`p1-${i}`, 100, i * 4));
    // Pillar 2: 33 more, a third each at 10, 7 and 2 of 10.
    later!.indicators = Array.from({ length: 33 }, (_, i) => indicator(`p2-${i}`, 10, [10, 7, 2][i % 3]!));
    const page = html(doc);
    // The fixture's own: delegates 60 of 120 (50 %), protocol 1 of 1 (met), the need's referrals 150 of 200 (75 %); enrolled has a target of 0.
    expect(page).toContain("69 indicadores tienen meta y valor alcanzado");
    expect(page).toContain('aria-label="Indicadores por parte de la meta alcanzada, por pilar"');
    expect(page).not.toContain('aria-label="Porcentaje de la meta alcanzado"');
    // Its table follows the chart (the status table earlier has rows named the same).
    const after = page.slice(page.indexOf('aria-label="Indicadores por parte de la meta alcanzada, por pilar"'));
    expect(row(after, "1. Recepción y admisión").slice(1)).toEqual(["13", "14", "9", "36"]);
    expect(row(after, "2. Necesidades inmediatas y persistentes").slice(1)).toEqual(["11", "11", "11", "33"]);
    // The legend says each band whole.
    for (const band of ["menos del 50 %", "del 50 % al 99 %", "meta cumplida"]) expect(page).toContain(`>${band}</text>`);
  });
});
