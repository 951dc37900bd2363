/**
 * The UI end to end: the built renderer in Chromium, a real core behind
 * window.matriz, clicks and keys as a user would make them.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { describe, expect, it } from "vitest";
import { browserSuite, type Core, createCore, REPO_ROOT, screenshot, type Session } from "./harness";

const suite = browserSuite("core");
/** The core and page of the running test; the suite closes them after each test. */
let core: Core | undefined;
let session: Session | undefined;

/** A fresh core in its own folder and the app opened on it: a first start. */
async function start(prepare?: (core: Core) => void): Promise<Page> {
  const dir = suite.tempDir("matriz-e2e-core-");
  core = createCore(dir);
  prepare?.(core);
  session = await suite.open(core);
  return session.page;
}

function expectNoPageProblems() {
  expect(session?.problems ?? []).toEqual([]);
}

async function openExampleByClick(page: Page, example: string) {
  await page.locator(`[data-example="${example}"]`).click();
  await page.locator("table.matrix").waitFor();
}

describe("Matriz in Chromium", () => {
  it("greets a first start in Spanish with examples, templates and recent plans", async () => {
    const page = await start();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Bienvenido a Matriz");
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    await expect.poll(() => page.locator(".example-card").count()).toBe(6);
    expect(await page.locator("[data-example=guatemala] .example-count").textContent()).toBe("32 acciones");
    expect(await page.locator("[data-template]").count()).toBe(7);
    expect(await page.getByText("Todavía no hay planes recientes.").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Abrir un plan…" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Español" }).getAttribute("aria-pressed")).toBe("false");
    expect(await page.getByRole("button", { name: "Sistema" }).getAttribute("aria-pressed")).toBe("true");
    await screenshot(page, "welcome-es.png");
    expectNoPageProblems();
  });

  it("opens the Guatemala example from the welcome screen and shows its matrix", async () => {
    const page = await start();
    await openExampleByClick(page, "guatemala");
    const matrix = page.locator("table.matrix");
    const firstPillar = matrix.locator(".row-pillar").first();
    expect(await firstPillar.textContent()).toContain("Pilar 1");
    expect(await firstPillar.textContent()).toContain("Recepción y admisión");
    expect(await matrix.locator(".row-need").first().textContent()).toContain("Identify persons in need of international protection");
    expect(await matrix.locator("td.col--institutions").first().textContent()).toContain("DGM/IGM");
    const headings = await matrix.locator("thead th").allTextContents();
    expect(headings).toEqual([
      "N.º",
      "Acción prioritaria",
      "Instituciones responsables",
      "Presupuesto",
      "Moneda",
      "Fuente de financiamiento",
      "Plan Estratégico Institucional (PEI)",
      "Plan Operativo Anual (POA)",
      "Estado",
    ]);
    // 4 pillars, 8 needs, 32 actions, one empty pillar and the heading row; only the rows on screen are drawn.
    expect(await matrix.getAttribute("aria-rowcount")).toBe("46");
    expect(await matrix.locator(".row-action").count()).toBeLessThan(32);
    // Guatemala's pillar 3 has no actions in the 2017 plan.
    // Scrolled down half a screen at a time until the virtualised grid draws it (about twelve steps:
    // more than expect.poll's default second allows on a busy machine).
    await expect
      .poll(async () => {
        await page.locator(".matrix-scroll").evaluate((el) => el.scrollBy(0, el.clientHeight / 2));
        return matrix.locator(".row-empty").count();
      }, { timeout: 10_000 })
      .toBe(1);
    expect(await matrix.locator(".row-empty").textContent()).toBe("Sin necesidades en este pilar: Intro o Ctrl+Alt+Intro añade una.");
    const header = page.locator(".plan-header");
    expect(await header.textContent()).toContain("4 pilares · 8 necesidades · 32 acciones");
    expect(await header.textContent()).toContain("Período 2018–2020");
    expect(await header.textContent()).toContain("Moneda base GTQ");
    await screenshot(page, "guatemala-matrix.png");

    await page.getByRole("tab", { name: "Actividades existentes" }).click();
    expect(await page.locator("table.stocktaking").textContent()).toContain("Care for 786 asylum seekers");
    await screenshot(page, "guatemala-stocktaking.png");
    await page.getByRole("tab", { name: "Brechas" }).click();
    expect(await page.locator(".gap-list li").count()).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Cerrar plan" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Bienvenido a Matriz");
    expect(await page.locator(".recent-name").allTextContents()).toEqual(["guatemala-mirps-2017.matriz"]);
    expectNoPageProblems();
  });

  it("switches the whole UI to English and back to the system language", async () => {
    const page = await start();
    await openExampleByClick(page, "guatemala");
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    const firstPillar = page.locator(".row-pillar").first();
    expect(await firstPillar.textContent()).toBe("Pillar 1Reception and Admission");
    expect(await page.getByRole("tab", { name: "Matrix" }).getAttribute("aria-selected")).toBe("true");
    expect(await page.locator("thead th").nth(1).textContent()).toBe("Priority action");
    expect(await page.locator(".plan-header").textContent()).toContain("4 pillars · 8 needs · 32 actions");
    expect(await page.getByRole("button", { name: "Close plan" }).count()).toBe(1);
    expect(core!.settings.snapshot().language).toBe("en");
    await screenshot(page, "guatemala-matrix-en.png");

    // "System" follows the operating system, which is Spanish here (es-GT).
    await page.getByRole("button", { name: "System" }).click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("es");
    expect(await page.locator(".row-pillar").first().textContent()).toBe("Pilar 1Recepción y admisión");
    expectNoPageProblems();
  });

  it("follows a language change announced by the shell", async () => {
    const page = await start();
    await page.locator(".example-card").first().waitFor();
    // The menu changes the language in the main process; the page only hears the event.
    core!.settings.update({ language: "en" });
    core!.onEvent({ type: "settings-changed", settings: core!.workspace.settingsView() });
    await expect.poll(() => page.locator("h1").textContent()).toBe("Welcome to Matriz");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expectNoPageProblems();
  });

  it("moves a visible cell cursor with the arrow keys", async () => {
    const page = await start();
    await openExampleByClick(page, "guatemala");
    const matrix = page.locator("table.matrix");
    await matrix.focus();
    const cursorCell = () => page.locator("table.matrix td.is-cursor");
    const active = async () => {
      const id = await matrix.getAttribute("aria-activedescendant");
      const cell = page.locator(`[id="${id}"]`);
      expect(await cell.getAttribute("class")).toContain("is-cursor");
      expect(await cell.getAttribute("aria-selected")).toBe("true");
      return { row: await cell.getAttribute("data-row"), col: await cell.getAttribute("data-col"), text: (await cell.textContent()) ?? "" };
    };
    expect(await active()).toMatchObject({ row: "0", col: "0" });
    expect(await cursorCell().count()).toBe(1);
    await page.keyboard.press("ArrowDown");
    expect(await active()).toMatchObject({ row: "1", col: "0", text: expect.stringContaining("Identify persons in need") });
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowRight");
    expect(await active()).toMatchObject({ row: "2", col: "1", text: expect.stringContaining("Strengthen the institutional capacity") });
    await page.keyboard.press("ArrowRight");
    expect(await active()).toMatchObject({ row: "2", col: "2", text: expect.stringContaining("DGM/IGM") });
    // Crossing the one-cell group rows keeps the column, as a spreadsheet does.
    await page.keyboard.press("ArrowUp");
    expect(await active()).toMatchObject({ row: "1", col: "0" });
    await page.keyboard.press("ArrowDown");
    expect(await active()).toMatchObject({ row: "2", col: "2" });
    await page.keyboard.press("End");
    // The last column is the status.
    expect(await active()).toMatchObject({ row: "2", col: "8", text: expect.stringContaining("No iniciada") });
    await page.keyboard.press("Home");
    expect(await active()).toMatchObject({ row: "2", col: "0", text: "1.1.1" });
    expect(await cursorCell().count()).toBe(1);
    await page.locator("td.col--institutions").nth(3).click();
    expect(await active()).toMatchObject({ col: "2" });
    await screenshot(page, "guatemala-cursor.png");
    expectNoPageProblems();
  });

  it("shows a failed call in a banner the user can dismiss, and keeps working", async () => {
    const page = await start((c) => {
      const junk = path.join(c.dir, "roto.matriz");
      fs.writeFileSync(junk, "esto no es una base de datos SQLite, solo texto suficientemente largo ".repeat(4));
      c.settings.addRecent(junk);
      c.dialogAnswers.open = path.join(c.dir, "no-existe.matriz");
    });
    await page.locator(".recent-item").click();
    const banner = page.getByRole("alert");
    await expect.poll(() => banner.textContent()).toContain("«");
    expect(await banner.textContent()).toContain("No se pudo completar la operación");
    expect(await banner.locator(".error-message").textContent()).toMatch(/roto\.matriz» no es un plan de Matriz/);
    await screenshot(page, "error-banner.png");
    await banner.getByRole("button", { name: "Cerrar" }).click();
    await expect.poll(() => page.getByRole("alert").count()).toBe(0);

    await page.getByRole("button", { name: "Abrir un plan…" }).click();
    await expect.poll(() => page.locator(".error-message").textContent()).toContain("No se encuentra el archivo");
    // The UI still works after the failures.
    await openExampleByClick(page, "costa-rica");
    expect(await page.locator(".plan-title").textContent()).toContain("Costa Rica");
    expectNoPageProblems();
  });

  it("draws the Honduras profiles and leads and the Panama need column", async () => {
    const page = await start();
    await openExampleByClick(page, "honduras");
    const firstNeed = page.locator(".row-need").first();
    expect(await firstNeed.locator(".profile-badge").textContent()).toBe("Perfil: Personas refugiadas y solicitantes de asilo");
    const lead = page.locator(".institution--lead").first();
    expect(await lead.locator("strong").textContent()).toBe("National Institute of Migration");
    expect(await lead.locator(".lead-tag").textContent()).toBe("coordina");
    const schedule = page.locator("td.col--schedule").first();
    expect(await schedule.textContent()).toBe("By the 2nd half of 2018Años: 2018");
    await screenshot(page, "honduras-matrix.png");

    await page.getByRole("button", { name: "Cerrar plan" }).click();
    await openExampleByClick(page, "panama");
    expect(await page.locator("thead th").nth(1).textContent()).toBe("Necesidad priorizada");
    expect(await page.locator(".row-need").count()).toBe(0);
    expect(await page.locator("td.col--need .need-inline").first().textContent()).toBeTruthy();
    await screenshot(page, "panama-matrix.png");
    expectNoPageProblems();
  });

  it("creates a plan from a template through the shell's dialog", async () => {
    const page = await start((c) => {
      c.dialogAnswers.save = path.join(c.dir, "nuevo.matriz");
    });
    await page.locator('[data-template="mexico"]').click();
    await page.locator("table.matrix").waitFor();
    expect(await page.locator(".plan-country").textContent()).toContain("México");
    expect(await page.locator(".row-pillar").count()).toBe(4);
    expect(await page.locator(".row-empty").count()).toBe(4);
    expect(fs.existsSync(path.join(core!.dir, "nuevo.matriz"))).toBe(true);
    expectNoPageProblems();
  });

  it("shows the financial part per institution and year, formatted in the UI language", async () => {
    const page = await start((c) => {
      const doc = readDocumentFile(path.join(REPO_ROOT, "resources", "examples", "guatemala.json"));
      const first = doc.pillars[0]!.needs[0]!.actions[0]!;
      first.lead = "DGM/IGM";
      first.budget_lines = [
        { institution: "DGM/IGM", year: 2018, amount: 1250000.5, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2017-2021 R1", poa: "POA 2018 1.2" },
        { institution: "National Migration Authority", year: 2019, amount: 80000, currency: "USD", funding_source: "international_cooperation" },
      ];
      const file = path.join(c.dir, "presupuesto.matriz");
      createPlanFromDocument(file, doc, { author: "Tester", source: "typed" }).close();
      c.settings.addRecent(file);
    });
    await page.locator(".recent-item").click();
    await page.locator("table.matrix").waitFor();
    const row = page.locator(".row-action").first();
    // Budget lines are fetched for the rows on screen after the grid is drawn.
    await expect.poll(() => row.locator(".col--budget .amount").allTextContents()).toEqual(["1,250,000.50", "80,000.00"]);
    expect(await row.locator(".col--budget .budget-meta").first().textContent()).toBe("2018 · DGM/IGM");
    expect(await row.locator(".col--currency li").allTextContents()).toEqual(["GTQ", "USD"]);
    expect(await row.locator(".col--funding_source li").allTextContents()).toEqual(["Presupuesto nacional", "Cooperación internacional"]);
    expect(await row.locator(".col--pei li").first().textContent()).toBe("PEI 2017-2021 R1");
    expect(await row.locator(".institution--lead").textContent()).toBe("DGM/IGM coordina");
    await screenshot(page, "budget-lines-es.png");
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => row.locator(".col--funding_source li").first().textContent()).toBe("National budget");
    expect(await row.locator(".col--budget .amount").first().textContent()).toBe("1,250,000.50");
    expect(await row.locator(".institution--lead").textContent()).toBe("DGM/IGM lead");
    expectNoPageProblems();
  });
});
