/**
 * Monitoring end to end: the grid's status column (picked by keyboard, dated
 * today, undone and redone), the progress panel from the row (a note, values
 * reached with their breakdown, a new indicator), and the Progress view of the
 * Summaries tab with its figures, charts and tables.
 */
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { today } from "../../src/domain/periods";
import { monitoringAddress } from "../monitoring/addresses";
import { monitoringPlan } from "../monitoring/fixture";
import { axeViolations } from "./axe";
import { browserSuite, type Core, createCore, screenshot, type Session } from "./harness";
import { planDocumentOf, saved } from "../helpers/e2e-steps";

const suite = browserSuite("monitoring");
let core: Core | undefined;
let session: Session | undefined;

let dir = "";
async function start(viewport?: { width: number; height: number }): Promise<Page> {
  dir = suite.tempDir("matriz-e2e-monitoring-");
  const { store, file } = monitoringPlan(dir);
  store.close();
  core = createCore(dir, "es-GT");
  core.dialogs.pickExportPath = async (name) => path.join(dir, name);
  core.workspace.openPlan(file);
  session = await suite.open(core);
  const page = session.page;
  page.setDefaultTimeout(8000);
  if (viewport) await page.setViewportSize(viewport);
  await page.locator("#matrix-grid").waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
  return page;
}

const planDocument = () => planDocumentOf(core!);
const actionOf = async (id: string) => (await planDocument()).pillars.flatMap((p) => p.needs.flatMap((n) => n.actions)).find((a) => a.id === id)!;
const key = (page: Page, k: string) => page.keyboard.press(k);
const todayShown = () => {
  const [y, m, d] = today().split("-").map(Number);
  return `${d}/${m}/${y}`;
};

describe("Monitoring", () => {
  it("sets a status in the grid's status column by keyboard, dated today, and undoes it", async () => {
    const page = await start();
    await key(page, "ArrowDown");
    await key(page, "ArrowDown");
    await key(page, "End");
    const header = page.locator("thead th.col--status");
    expect(await header.textContent()).toBe("Estado");
    const cell = page.locator(".row-action").first().locator(".col--status");
    expect(await cell.textContent()).toBe("En cursodesde el 30/9/2018");
    await key(page, "Enter");
    const list = page.getByRole("listbox", { name: "Estado de la acción" });
    await list.waitFor();
    expect(await list.locator("[aria-selected=true]").textContent()).toBe("En curso");
    // "c" picks Cumplida, the first status after the current one starting with c.
    await page.keyboard.type("c");
    expect(await list.locator("[aria-selected=true]").textContent()).toBe("Cumplida");
    await screenshot(page, "monitoring-status-editor.png");
    await key(page, "Enter");
    await list.waitFor({ state: "detached" });
    await saved(page);
    expect(await actionOf("act-train")).toMatchObject({ status: "done", status_date: today() });
    await expect.poll(() => cell.textContent()).toBe(`Cumplidadesde el ${todayShown()}`);

    await key(page, "ArrowUp");
    await key(page, "Control+z");
    await saved(page);
    expect(await actionOf("act-train")).toMatchObject({ status: "in_progress", status_date: "2018-09-30" });
    await expect.poll(() => cell.textContent()).toBe("En cursodesde el 30/9/2018");
    await key(page, "Control+y");
    await saved(page);
    expect((await actionOf("act-train")).status).toBe("done");
    expect(session!.problems).toEqual([]);
  });

  it("records notes, values reached with their breakdown and a new indicator from the row's panel", async () => {
    const page = await start();
    await key(page, "ArrowDown");
    await key(page, "ArrowDown");
    await key(page, "Control+Shift+M");
    const panel = page.getByRole("dialog", { name: "Avance de la acción" });
    await panel.waitFor();
    expect(await panel.locator(".monitoring-status-now").textContent()).toBe("Estado: En curso, desde el 30/9/2018");

    // A note for 2019.
    await panel.getByLabel("Período", { exact: true }).selectOption("2019");
    await panel.getByLabel("Fecha", { exact: true }).fill("2019-06-30");
    await panel.getByLabel("Nota", { exact: true }).fill("Tercer taller en Quetzaltenango.");
    await panel.getByRole("button", { name: "Añadir la nota" }).click();
    await expect.poll(() => panel.locator(".monitoring-note-body").allTextContents()).toEqual(["Tercer taller en Quetzaltenango.", "Dos talleres de cuatro realizados."]);

    // The value reached in 2019 against its target of 60, and its breakdown by sex.
    const card = panel.getByRole("article", { name: "Delegados capacitados" });
    await card.getByLabel("Valor alcanzado 2019").fill("30");
    await card.getByLabel("Valor alcanzado 2019").press("Enter");
    await expect.poll(() => card.locator("tbody tr").nth(2).locator(".percent").textContent()).toBe("50 %");
    await card.getByLabel("Mujeres 2019").fill("18");
    await card.getByLabel("Mujeres 2019").press("Enter");
    await card.getByLabel("Fuente de verificación 2019").fill("Listas de asistencia 2019");
    await card.getByLabel("Fuente de verificación 2019").press("Tab");
    // A number that is not one is said, and nothing is saved.
    await card.getByLabel("Meta 2020").fill("muchos");
    await card.getByLabel("Meta 2020").press("Enter");
    expect(await card.getByRole("alert").textContent()).toContain("«muchos» no es un número");
    await card.getByLabel("Meta 2020").fill("");
    await card.getByLabel("Meta 2020").press("Enter");
    expect(await card.getByRole("alert").count()).toBe(0);
    await saved(page);
    const delegates = (await actionOf("act-train")).indicators![0]!;
    expect(delegates.actuals!.find((a) => a.period === "2019")).toEqual({ period: "2019", value: 30, source: "Listas de asistencia 2019", breakdown: [{ sex: "female", value: 18 }] });
    expect(delegates.targets).toEqual([{ year: 2018, value: 120 }, { year: 2019, value: 60 }]);

    // A new indicator.
    await panel.getByRole("button", { name: "Nuevo indicador" }).click();
    const form = panel.getByRole("form", { name: "Nuevo indicador" });
    await form.getByLabel("Título en español").fill("Talleres realizados");
    await form.getByLabel("Unidad").fill("talleres");
    await form.getByLabel("Año de la línea de base").fill("2017");
    await form.getByLabel("Línea de base", { exact: true }).fill("0");
    await form.getByRole("button", { name: "Añadir el indicador" }).click();
    await panel.getByRole("article", { name: "Talleres realizados" }).waitFor();
    await panel.getByRole("article", { name: "Talleres realizados" }).getByLabel("Meta 2018").fill("4");
    await panel.getByRole("article", { name: "Talleres realizados" }).getByLabel("Meta 2018").press("Enter");
    await saved(page);
    await screenshot(page, "monitoring-panel.png");
    // The panel, as axe reads it: no WCAG A/AA failures.
    expect(await axeViolations(page)).toEqual([]);
    expect((await actionOf("act-train")).indicators!.map((i) => [i.title, i.unit, i.baseline, i.targets])).toEqual([
      ["Delegados capacitados", "personas", { year: 2017, value: 0 }, [{ year: 2018, value: 120 }, { year: 2019, value: 60 }]],
      ["Talleres realizados", "talleres", { year: 2017, value: 0 }, [{ year: 2018, value: 4 }]],
    ]);

    await key(page, "Escape");
    await panel.waitFor({ state: "detached" });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    // Ctrl+Z in the grid takes back the last edit: the new indicator's target.
    await key(page, "Control+z");
    await saved(page);
    expect((await actionOf("act-train")).indicators![1]!.targets).toEqual([]);
    expect(session!.problems).toEqual([]);
  });

  it("opens a need's indicators from its row", async () => {
    const page = await start();
    await key(page, "ArrowDown");
    await key(page, "Control+Shift+M");
    const panel = page.getByRole("dialog", { name: "Indicadores de la necesidad" });
    await panel.waitFor();
    const card = panel.getByRole("article", { name: "Personas referidas a la CONARE" });
    expect(await card.locator("tbody tr").first().locator(".percent").textContent()).toBe("75 %");
    expect(await panel.getByRole("heading", { name: "Notas de avance" }).count()).toBe(0);
    expect(session!.problems).toEqual([]);
  });

  for (const viewport of [
    { width: 1024, height: 768 },
    { width: 1280, height: 720 },
  ]) {
    it(`shows the Progress view in the Summaries tab at ${viewport.width}×${viewport.height}`, async () => {
      const page = await start(viewport);
      await page.getByRole("tab", { name: "Resúmenes" }).click();
      await page.getByRole("button", { name: "Avance" }).click();
      await page.getByLabel("Período de informe").selectOption("2018");
      const overview = page.locator(".progress-overview");
      await expect.poll(() => overview.textContent()).toBe("Al 31/12/2018 6 acciones: 1 cumplida (16.7 %), 2 atrasadas");
      const pillarTable = page.locator("#chart-status-pillar table");
      expect(await pillarTable.locator("thead th").allTextContents()).toEqual(["Categoría", "No iniciada", "En curso", "Cumplida", "Retrasada", "Cancelada", "Total"]);
      expect(await pillarTable.locator("tbody tr").first().locator("th, td").allTextContents()).toEqual(["1. Recepción y admisión", "0", "1", "1", "1", "0", "3"]);
      const late = page.getByRole("table", { name: "Acciones atrasadas" });
      expect(await late.locator("tbody tr td:first-child").allTextContents()).toEqual(["1.1.1", "2.1.1"]);
      const indicators = page.getByRole("table", { name: "Metas y valores alcanzados (2018)" });
      expect(await indicators.locator("tbody tr").first().locator("td").allTextContents()).toEqual(["1.1", "Personas referidas a la CONARE", "personas", "40 (2017)", "2018", "200", "150", "75 %"]);
      expect(await page.locator("#chart-indicator-percent table tbody tr").count()).toBe(3);
      await screenshot(page, `monitoring-progress-${viewport.width}.png`);
      expect(await axeViolations(page)).toEqual([]);
      await late.scrollIntoViewIfNeeded();
      await screenshot(page, `monitoring-progress-${viewport.width}-late.png`);

      // An institution's own figures.
      await page.getByLabel("Institución", { exact: true }).selectOption("MINEDUC");
      await expect.poll(() => overview.textContent()).toBe("Al 31/12/2018 2 acciones: 0 cumplidas (0 %), 1 atrasada");
      // Half-years: the periods follow, one undoable change of the plan.
      await page.getByLabel("Informes por").selectOption("half");
      await expect.poll(() => page.getByLabel("Período de informe").locator("option").allTextContents()).toEqual(["Hasta hoy", "2018-H1", "2018-H2", "2019-H1", "2019-H2", "2020-H1", "2020-H2"]);
      expect((await planDocument()).reporting).toBe("half");
      expect(session!.problems).toEqual([]);
    });
  }

  it("exports an institution's monitoring workbook, imports it filled with a preview, and writes the annual and round reports", async () => {
    const page = await start();
    await page.getByRole("tab", { name: "Resúmenes" }).click();
    await page.getByRole("button", { name: "Avance" }).click();
    // The workbook for IGM, 2018, from the Progress view (File › Export has the same).
    await page.getByRole("button", { name: "Seguimiento para una institución…" }).click();
    const dialog = page.getByRole("dialog", { name: "Libro de seguimiento para una institución" });
    await dialog.getByText("IGM").first().click();
    await dialog.getByLabel("Período de informe").selectOption("2018");
    await dialog.getByRole("button", { name: "Exportar" }).click();
    await expect.poll(() => dialog.locator(".finance-notice").textContent()).toContain("5");
    const exported = "monitoring - IGM - 2018.xlsx";
    expect(fs.readdirSync(dir)).toContain(exported);
    await dialog.getByRole("button", { name: "Cerrar" }).click();

    // The institution fills it in.
    const file = path.join(dir, exported);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const at = monitoringAddress(file, { indicator: "ind-delegates" }, "actual:2018");
    book.getWorksheet(at.sheet)!.getCell(at.cell).value = 110;
    const status = monitoringAddress(file, { action: "act-offices" }, "status");
    book.getWorksheet(status.sheet)!.getCell(status.cell).value = "Cumplida";
    const returned = path.join(dir, "IGM devuelto.xlsx");
    await book.xlsx.writeFile(returned);

    core!.dialogs.pickSpreadsheetsToImport = async () => [returned];
    await page.getByRole("button", { name: "Importar archivos devueltos…" }).click();
    const importing = page.getByRole("dialog", { name: "Importar archivos devueltos" });
    const card = importing.locator('[data-file="IGM devuelto.xlsx"]');
    await expect.poll(() => card.locator(".finance-file-status").textContent()).toBe("Listo para aplicar");
    await card.getByText("Detalles").click();
    const rows = await card.locator("table tbody tr").allTextContents();
    expect(rows.some((r) => r.includes("Estado") && r.includes("Retrasada") && r.includes("Cumplida"))).toBe(true);
    expect(rows.some((r) => r.includes("Valor alcanzado") && r.includes("60") && r.includes("110"))).toBe(true);
    await screenshot(page, "monitoring-import-preview.png");
    await card.getByRole("button", { name: "Aplicar" }).click();
    await expect.poll(() => card.locator(".finance-file-status").textContent()).toBe("Aplicado");
    expect((await actionOf("act-offices")).status).toBe("done");
    await importing.getByRole("button", { name: "Cerrar" }).click();

    // The annual report of 2018 and the report of a consultation round.
    await page.getByLabel("Período de informe").selectOption("2018");
    await page.getByRole("group", { name: "Informes de seguimiento" }).getByRole("button", { name: "Libro (.xlsx)" }).first().click();
    await expect.poll(() => fs.existsSync(path.join(dir, "monitoring - 2018.xlsx"))).toBe(true);
    const annual = XLSX.read(fs.readFileSync(path.join(dir, "monitoring - 2018.xlsx")), { type: "buffer" });
    expect(annual.SheetNames[0]).toBe("Resumen");
    await expect.poll(() => page.locator(".notice-bar").textContent()).toContain("monitoring - 2018.xlsx");
    expect(session!.problems).toEqual([]);
  });
});
