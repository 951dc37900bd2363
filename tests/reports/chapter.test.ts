import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { chapterPrintMargins, nationalChapterHtml } from "../../src/reports/chapter";
import { REPO_ROOT, fixturePath, tempDir } from "../helpers/temp";

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});
afterAll(async () => {
  await browser?.close();
});

function guatemalaWithBudget(): PlanDocument {
  const doc = readDocumentFile(fixturePath("guatemala"));
  const action = doc.pillars[0]!.needs[0]!.actions[0]!;
  action.lead = "DGM/IGM";
  action.budget_lines = [
    { institution: "DGM/IGM", year: 2018, amount: 1250000.5, currency: "GTQ", pei: "PEI 3.2", poa: "POA 2018-14" },
    { institution: "DGM/IGM", year: 2019, amount: 750000, currency: "GTQ" },
  ];
  const file = path.join(tempDir(), "gt.matriz");
  const store = createPlanFromDocument(file, doc, { author: "t", source: "cli" }, { language: "en" });
  const out = store.document();
  store.close();
  return out;
}

async function printPdf(doc: PlanDocument, language: "es" | "en", file: string) {
  const options = { language, locale: language === "es" ? "es-ES" : "en-US", generatedAt: new Date("2017-10-18T12:00:00Z") };
  const page = await browser.newPage();
  await page.setContent(nationalChapterHtml(doc, options), { waitUntil: "load" });
  await page.pdf({ path: file, landscape: true, format: "A4", printBackground: true, displayHeaderFooter: true, margin: { top: "18mm", bottom: "16mm", left: "12mm", right: "12mm" }, ...chapterPrintMargins(doc, options) });
  await page.close();
}

describe("the national chapter as PDF", () => {
  it("has the pillar headings, needs, actions with institutions, the financial part, title, date and page numbers", async () => {
    const doc = guatemalaWithBudget();
    const dir = tempDir();
    const pdf = path.join(dir, "chapter.pdf");
    await printPdf(doc, "es", pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))![1]);
    expect(pages).toBeGreaterThan(1);
    const text = execFileSync("pdftotext", ["-raw", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Pilar 1: Recepción y admisión");
    expect(text).toContain("Pilar 4");
    expect(text).toContain("Identify persons in need of international protection");
    expect(text).toContain("Strengthen the institutional capacity");
    expect(text).toContain("DGM/IGM (coordina)");
    expect(text).toContain("1.250.000,50 GTQ");
    // The narrow column may wrap after the hyphen.
    expect(text).toMatch(/PEI 3\.2 \/ POA 2018-\s?14/);
    // Pillar 1 total: 1,250,000.50 + 750,000 = 2,000,000.50.
    expect(text).toContain("2.000.000,50 GTQ");
    expect(text).toContain(`Página 1 de ${pages}`);
    expect(text).toContain(`Página ${pages} de ${pages}`);
    expect(text).toContain("18 de octubre de 2017");
    // A picture of the first page, for people to look at.
    fs.mkdirSync(path.join(REPO_ROOT, "test-results"), { recursive: true });
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", pdf, path.join(REPO_ROOT, "test-results", "chapter-es")]);
  }, 60_000);

  it("speaks English when asked", async () => {
    const doc = guatemalaWithBudget();
    const pdf = path.join(tempDir(), "chapter-en.pdf");
    await printPdf(doc, "en", pdf);
    const text = execFileSync("pdftotext", ["-raw", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Pillar 1: Reception and Admission");
    expect(text).toContain("1,250,000.50 GTQ");
    expect(text).toMatch(/Page 1 of \d+/);
  }, 60_000);
});
