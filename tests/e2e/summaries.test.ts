/**
 * The Summaries tab end to end: a plan with known budget lines, its charts' data
 * tables equal to what summarisePlan computes, the filter changing the numbers,
 * and the SVG and PNG downloads of a chart.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { formatAmount } from "../../src/domain/numbers";
import { summarisePlan } from "../../src/reports/summary";
import { browserSuite, type Core, createCore, REPO_ROOT, screenshot, type Session } from "./harness";
import { planDocumentOf } from "../helpers/e2e-steps";

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

async function start(doc: PlanDocument = withBudget(1000.25)): Promise<Page> {
  const dir = suite.tempDir("matriz-e2e-summaries-");
  const file = path.join(dir, "resumen.matriz");
  createPlanFromDocument(file, doc, { author: "Tester", source: "typed" }).close();
  core = createCore(dir, LOCALE);
  core.workspace.openPlan(file);
  session = await suite.open(core);
  session.page.setDefaultTimeout(8000);
  await session.page.getByRole("tab", { name: "Resúmenes" }).waitFor();
  return session.page;
}

const storedDocument = () => planDocumentOf(core!);

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

  it("keeps each currency in its own charts, never summed across currencies", async () => {
    // Pillar 2's lines in US dollars, the rest in quetzales.
    const doc = withBudget(500);
    for (const need of doc.pillars[1]!.needs) for (const action of need.actions) for (const line of action.budget_lines ?? []) line.currency = "USD";
    const page = await start(doc);
    const all = summarisePlan(await storedDocument());
    expect(Object.keys(all.total).sort()).toEqual(["GTQ", "USD"]);

    await page.getByRole("tab", { name: "Resúmenes" }).click();
    for (const currency of ["GTQ", "USD"]) {
      const id = `chart-funded-${currency.toLowerCase()}`;
      await page.locator(`#${id}`).waitFor();
      expect(await rowCells(page, id, "Financiado")).toEqual([money(all.fundedVersusToMobilise.funded[currency])]);
      expect(await rowCells(page, id, "Por movilizar")).toEqual([money(all.fundedVersusToMobilise.toBeMobilised[currency])]);
    }
    // The dollar chart by pillar has pillar 2 only; the quetzal one the other pillars with a budget.
    const pillarTwo = all.byPillarYear.find((r) => r.pillar === 2)!.title;
    expect(await page.locator("#chart-pillar-year-usd table tbody tr th").allTextContents()).toEqual([`2. ${pillarTwo}`]);
    const quetzalPillars = new Set(all.byPillarYear.filter((r) => r.amounts.GTQ !== undefined).map((r) => r.pillar));
    expect(quetzalPillars.has(2)).toBe(false);
    expect(await page.locator("#chart-pillar-year-gtq table tbody tr").count()).toBe(quetzalPillars.size);
    await screenshot(page, "summaries-two-currencies.png", true);
    expect(session!.problems).toEqual([]);
  });

  it("prints the national chapter to PDF on the paper chosen, and says where it went", async () => {
    const page = await start();
    await page.getByRole("tab", { name: "Resúmenes" }).click();
    const paper = page.getByRole("combobox", { name: "Papel" });
    // Guatemala prints on Letter: the default for es-GT.
    expect(await paper.inputValue()).toBe("Letter");

    const letter = path.join(core!.dir, "capitulo-carta.pdf");
    core!.dialogAnswers.save = letter;
    const print = page.getByRole("button", { name: "Imprimir / PDF" });
    await print.click();
    const notice = page.locator(".notice-bar");
    await expect.poll(() => notice.textContent(), { timeout: 60_000 }).toContain(`Se guardó el capítulo nacional (PDF) en «${letter}».`);
    await expect.poll(() => print.isEnabled()).toBe(true);
    expect(execFileSync("pdfinfo", [letter], { encoding: "utf8" })).toMatch(/Page size:\s+792 x 612 pts/);
    const text = execFileSync("pdftotext", ["-raw", letter, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Pilar 1");
    expect(text).toMatch(/Página 1 de \d+/);
    expect(text).toContain(money(1000.25));
    await notice.getByRole("button", { name: "Mostrar en la carpeta" }).click();
    await expect.poll(() => core!.shownInFolder).toEqual([letter]);

    await paper.selectOption("A4");
    const a4 = path.join(core!.dir, "capitulo-a4.pdf");
    core!.dialogAnswers.save = a4;
    await print.click();
    await expect.poll(() => notice.textContent(), { timeout: 60_000 }).toContain(`«${a4}»`);
    expect(execFileSync("pdfinfo", [a4], { encoding: "utf8" })).toMatch(/Page size:\s+84[12](\.\d+)? x 595(\.\d+)? pts/);

    // Cancelling the save dialog prints nothing: the last notice stays as it was, the button is ready again.
    core!.dialogAnswers.save = null;
    const files = fs.readdirSync(core!.dir).filter((f) => f.endsWith(".pdf")).sort();
    const asked = core!.exportDialogs;
    await print.click();
    await expect.poll(() => core!.exportDialogs).toBe(asked + 1);
    await expect.poll(() => print.isEnabled()).toBe(true);
    expect(fs.readdirSync(core!.dir).filter((f) => f.endsWith(".pdf")).sort()).toEqual(files);
    expect(await notice.textContent()).toContain(`«${a4}»`);

    // File › Export › National workbook goes through the same call: its notice names the workbook.
    const workbook = path.join(core!.dir, "nacional.xlsx");
    core!.dialogAnswers.save = workbook;
    const result = await core!.dispatch("dialog.exportNational", { format: "xlsx" });
    expect(result.ok).toBe(true);
    await expect.poll(() => notice.textContent()).toContain(`Se guardó el libro nacional en «${workbook}».`);
    await notice.getByRole("button", { name: "Cerrar" }).click();
    await expect.poll(() => notice.textContent()).toBe("");
    expect(session!.problems).toEqual([]);
  }, 150_000);
});

