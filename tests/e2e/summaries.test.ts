/**
 * The Summaries tab end to end: a plan with known budget lines, its charts' data
 * tables equal to what summarisePlan computes, the filter changing the numbers,
 * and the SVG and PNG downloads of a chart.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { formatAmount } from "../../src/domain/numbers";
import { summarisePlan } from "../../src/reports/summary";
import { browserSuite, type Core, createCore, REPO_ROOT, screenshot, type Session } from "./harness";

const suite = browserSuite("summaries");
let core: Core | undefined;
let session: Session | undefined;
const LOCALE = "es-GT";

/** Guatemala's plan with two budget lines on every action: 2018 funded, 2019 to be mobilised. */
function withBudget(perLine: number): PlanDocument {
  const doc = readDocumentFile(path.join(REPO_ROOT, "resources", "examples", "guatemala.json"));
  let n = 0;
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      for (const action of need.actions) {
        if (action.institutions.length === 0) action.institutions = ["Secretaría"];
        action.lead = action.institutions[0]!;
        // Different amounts per pillar so the pillar filter visibly changes the totals.
        const amount = perLine * pillar.number + n++;
        action.budget_lines = [2018, 2019].map((year) => ({
          institution: action.lead!,
          year,
          // Funded (2018) and to be mobilised (2019) differ, so swapping them shows.
          amount: year === 2018 ? amount : amount * 3,
          currency: "GTQ",
          funding_source: year === 2018 ? ("national_budget" as const) : ("to_be_mobilised" as const),
        }));
      }
    }
  }
  return doc;
}

async function start(): Promise<Page> {
  const dir = suite.tempDir("matriz-e2e-summaries-");
  const file = path.join(dir, "resumen.matriz");
  createPlanFromDocument(file, withBudget(1000.25), { author: "Tester", source: "typed" }).close();
  core = createCore(dir, LOCALE);
  core.workspace.openPlan(file);
  session = await suite.open(core);
  session.page.setDefaultTimeout(8000);
  await session.page.getByRole("tab", { name: "Resúmenes" }).waitFor();
  return session.page;
}

async function storedDocument(): Promise<PlanDocument> {
  const result = await core!.dispatch("plan.document", undefined);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as PlanDocument;
}

const money = (value: number | undefined) => formatAmount(value ?? 0, LOCALE);

/** The data cells of the row headed `label` in the chart's table. */
const rowCells = (page: Page, chart: string, label: string) =>
  page.locator(`#${chart} table tbody tr`).filter({ has: page.locator("th", { hasText: label }) }).locator("td").allTextContents();

describe("the Summaries tab", () => {
  it("shows the plan's totals as charts and tables, follows the filter, and downloads a chart as SVG and PNG", async () => {
    const page = await start();
    const doc = await storedDocument();
    const all = summarisePlan(doc);
    expect(all.total.GTQ).toBeGreaterThan(0);

    await page.getByRole("tab", { name: "Resúmenes" }).click();
    const funded = page.locator("#chart-funded-gtq");
    await funded.waitFor();
    await expect.poll(() => rowCells(page, "chart-funded-gtq", "Financiado")).toEqual([money(all.fundedVersusToMobilise.funded.GTQ)]);
    expect(await rowCells(page, "chart-funded-gtq", "Por movilizar")).toEqual([money(all.fundedVersusToMobilise.toBeMobilised.GTQ)]);
    expect(await rowCells(page, "chart-funded-gtq", "Sin especificar")).toEqual([money(0)]);

    // Per pillar and year: each row's year cells and total equal the core's sums.
    const pillarOne = all.byPillarYear.filter((r) => r.pillar === 1);
    const title = `1. ${pillarOne[0]!.title}`;
    const y2018 = pillarOne.find((r) => r.year === 2018)!.amounts.GTQ!;
    const y2019 = pillarOne.find((r) => r.year === 2019)!.amounts.GTQ!;
    expect(await rowCells(page, "chart-pillar-year-gtq", title)).toEqual([money(y2018), money(y2019), money(y2018 + y2019)]);
    // The chart is an accessible image and labels its bars with the locale's numbers.
    const svg = funded.locator("svg[role=img]");
    expect(await svg.locator("title").first().textContent()).toBe("Financiado y por movilizar (GTQ)");
    expect(await svg.textContent()).toContain(money(all.fundedVersusToMobilise.funded.GTQ));
    await screenshot(page, "summaries-es.png", true);

    // Filtering by pillar changes the numbers to what the core computes for that filter.
    const filtered = summarisePlan(doc, { pillar: 1 });
    expect(filtered.fundedVersusToMobilise.funded.GTQ).not.toBe(all.fundedVersusToMobilise.funded.GTQ);
    await page.getByRole("combobox", { name: "Pilar", exact: true }).selectOption("1");
    await expect.poll(() => rowCells(page, "chart-funded-gtq", "Financiado")).toEqual([money(filtered.fundedVersusToMobilise.funded.GTQ)]);
    expect(await page.locator("#chart-pillar-year-gtq table tbody tr").count()).toBe(1);

    // SVG download: a standalone SVG file that carries the numbers.
    const [svgDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Descargar «Financiado y por movilizar (GTQ)» como SVG" }).click(),
    ]);
    expect(svgDownload.suggestedFilename()).toBe("financiado-y-por-movilizar-gtq.svg");
    const svgText = fs.readFileSync((await svgDownload.path())!, "utf8");
    expect(svgText).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svgText).toContain("<title");
    expect(svgText).toContain(money(filtered.fundedVersusToMobilise.funded.GTQ));
    expect(svgText).toContain(money(filtered.fundedVersusToMobilise.toBeMobilised.GTQ));

    // PNG download: a real PNG image.
    const [pngDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Descargar «Financiado y por movilizar (GTQ)» como PNG" }).click(),
    ]);
    expect(pngDownload.suggestedFilename()).toBe("financiado-y-por-movilizar-gtq.png");
    const png = fs.readFileSync((await pngDownload.path())!);
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(png.length).toBeGreaterThan(1000);

    expect(session!.problems).toEqual([]);
  });
});
