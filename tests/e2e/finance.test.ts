/**
 * The finance round trip end to end: an institution's workbook exported through
 * the contract, filled the way a ministry would (exceljs), imported through the
 * UI with a preview per file, applied, and seen in the matrix; a conflict
 * resolved in the conflicts panel; bad files refused with a clear message and
 * the plan left as it was.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { PlanDocument } from "../../src/domain/document";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { editWorkbook, financePlan, proposeRow, write, type CellEdits } from "../spreadsheet/fixture";
import { browserSuite, type Core, createCore, screenshot, type Session } from "./harness";

const suite = browserSuite("finance");
/** The core and page of the running test; the suite closes them after each test. */
let core: Core | undefined;
let session: Session | undefined;

interface Started {
  page: Page;
  dir: string;
  /** What the fake "Import returned files" dialog answers next. */
  pick: { files: string[] };
}

/** The small Guatemala finance plan, open in the app; the shell's dialogs are fakes. */
async function start(): Promise<Started> {
  const dir = suite.tempDir("matriz-e2e-finance-");
  const plan = financePlan(dir);
  plan.store.close();
  core = createCore(dir);
  const pick = { files: [] as string[] };
  const dialogs = core.dialogs;
  dialogs.pickSpreadsheetsToImport = async () => pick.files;
  dialogs.pickExportPath = async (name) => path.join(dir, name);
  core.workspace.openPlan(plan.file);
  session = await suite.open(core);
  session.page.setDefaultTimeout(8000);
  await session.page.locator(".finance-bar").waitFor();
  return { page: session.page, dir, pick };
}

async function call<T>(method: string, input?: unknown): Promise<T> {
  const result = await core!.dispatch(method, input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

const planDocument = () => call<PlanDocument>("plan.document");
const planData = async () => {
  const { revision: _r, ...doc } = await planDocument();
  return doc;
};
const amountOf = async (lineId: string) =>
  (await planDocument()).pillars.flatMap((p) => p.needs.flatMap((n) => n.actions.flatMap((a) => a.budget_lines ?? []))).find((l) => l.id === lineId)?.amount;

/** The institution's workbook, exported by the core as File › Export does (the save dialog aside). */
async function exportFor(dir: string, name: string, institution: string): Promise<{ path: string }> {
  const out = path.join(dir, name);
  await exportFinanceWorkbook(core!.workspace.current!.db, out, { institution, language: "es" });
  return { path: out };
}

/** Exports the institution's workbook and fills it in as the ministry would. */
async function returnedWorkbook(dir: string, institution: string, name: string, edits: CellEdits): Promise<string> {
  const exported = await exportFor(dir, `export-${name}`, institution);
  const returned = path.join(dir, name);
  await editWorkbook(exported.path, returned, edits);
  return returned;
}

describe("the finance round trip in the app", () => {
  it("imports a filled workbook with a preview first, applies it, and shows the new amounts in the matrix", async () => {
    const { page, dir, pick } = await start();
    const returned = await returnedWorkbook(dir, "DGM/IGM", "dgm-devuelto.xlsx", [
      { action: "act-1", key: "amount:2019", value: 140000 },
      { action: "act-1", key: "amount:2020", value: 7000 },
    ]);
    const before = await planData();

    pick.files = [returned];
    await page.getByRole("button", { name: "Importar archivos devueltos…" }).click();
    const dialog = page.getByRole("dialog", { name: "Importar archivos devueltos" });
    const card = dialog.locator('[data-file="dgm-devuelto.xlsx"]');
    await expect.poll(() => card.locator(".finance-file-status").textContent()).toBe("Listo para aplicar");
    expect(await card.locator(".finance-counts").textContent()).toBe("1 línea añadida · 1 cambiada · 0 quitadas · 0 conflictos");
    expect(await card.locator(".finance-file-meta").textContent()).toContain("DGM/IGM");
    // Nothing changed yet.
    expect(await planData()).toEqual(before);

    await card.getByText("Detalles").click();
    const changes = card.getByRole("table", { name: "Líneas de presupuesto que cambiarán" });
    await changes.waitFor();
    const rows = await changes.locator("tbody tr").allTextContents();
    expect(rows.some((r) => r.includes("cambiada") && r.includes("2019") && r.includes("130,000.00") && r.includes("140,000.00"))).toBe(true);
    expect(rows.some((r) => r.includes("añadida") && r.includes("2020") && r.includes("7,000.00"))).toBe(true);
    await screenshot(page, "finance-import-preview.png");

    await card.getByRole("button", { name: "Aplicar" }).click();
    await expect.poll(() => card.locator(".finance-file-status").textContent()).toBe("Aplicado");
    expect(await amountOf("line-2")).toBe(140000);
    await dialog.getByRole("button", { name: "Cerrar" }).click();
    await dialog.waitFor({ state: "detached" });

    // The core announced the change; the matrix fetched the plan again and shows the amounts.
    const grid = page.locator("#matrix-grid");
    await expect.poll(() => grid.textContent(), { timeout: 10_000 }).toContain("140,000.00");
    expect(await grid.textContent()).toContain("7,000.00");

    // The same file again changes nothing.
    pick.files = [returned];
    await page.getByRole("button", { name: "Importar archivos devueltos…" }).click();
    await expect.poll(() => dialog.locator('[data-file="dgm-devuelto.xlsx"] .finance-file-status').textContent()).toBe("Este archivo ya se importó: no cambiaría nada");
    expect(session!.problems).toEqual([]);
  });

  it("applies many files at once a few per call, each its own change set, every card answered", async () => {
    const { page, dir, pick } = await start();
    const exported = await exportFor(dir, "export-dgm.xlsx", "DGM/IGM");
    const files: string[] = [];
    for (let i = 0; i < 12; i++) {
      const file = path.join(dir, `dgm-${String(i).padStart(2, "0")}.xlsx`);
      await editWorkbook(exported.path, file, [{ action: "act-3", key: "amount:2020", value: 1000 + i }]);
      files.push(file);
    }
    const calls: number[] = [];
    const dispatch = core!.dispatch;
    core!.dispatch = async (method, input) => {
      if (method === "finance.apply") calls.push((input as { files: unknown[] }).files.length);
      return dispatch(method, input);
    };
    pick.files = files;
    await page.getByRole("button", { name: "Importar archivos devueltos…" }).click();
    const dialog = page.getByRole("dialog", { name: "Importar archivos devueltos" });
    await expect.poll(() => dialog.locator(".finance-file-status").allTextContents(), { timeout: 30_000 }).toEqual(Array(12).fill("Listo para aplicar"));
    await dialog.getByRole("button", { name: "Aplicar todos (12)" }).click();
    // The first file applies; the others changed the same amount again and wait as conflicts.
    await expect.poll(() => dialog.locator(".finance-file-status").allTextContents(), { timeout: 30_000 }).toEqual(Array(12).fill("Aplicado"));
    expect(calls).toEqual([10, 2]);
    const db = core!.workspace.current!.db;
    expect(db.prepare("SELECT count(*) FROM imported_file").pluck().get()).toBe(12);
    expect(db.prepare("SELECT count(*) FROM merge_conflict").pluck().get()).toBe(11);
    expect(db.prepare("SELECT count(*) FROM change_set WHERE source = 'imported'").pluck().get()).toBe(1);
    expect(session!.problems).toEqual([]);
  }, 60_000);

  it("adds a new action an institution proposed to the need the secretariat picks, with its amounts, and undoes it", async () => {
    const { page, dir, pick } = await start();
    const exported = await exportFor(dir, "export-dgm.xlsx", "DGM/IGM");
    const returned = path.join(dir, "dgm-propone.xlsx");
    await editWorkbook(exported.path, returned, [], (sheet) => {
      proposeRow({ action: "Kits de información en puestos fronterizos", institution: "DGM/IGM", "amount:2019": 5000.5 })(sheet);
      proposeRow({ action: "Mesa interinstitucional", institution: "Oficina Nueva", "amount:2020": "no sé" })(sheet);
    });
    const before = await planDocument();
    const secondNeed = before.pillars[1]!.needs[0]!;

    pick.files = [returned];
    await page.getByRole("button", { name: "Importar archivos devueltos…" }).click();
    const dialog = page.getByRole("dialog", { name: "Importar archivos devueltos" });
    const card = dialog.locator('[data-file="dgm-propone.xlsx"]');
    await card.locator(".finance-file-status").waitFor();
    await card.getByText("Detalles").click();
    const proposed = card.getByRole("table", { name: /acciones propuestas/ });
    expect(await proposed.locator("tbody tr").first().textContent()).toContain("Kits de información en puestos fronterizos");
    // What will not come along is said: a name new to the directory, an amount that could not be read.
    const second = await proposed.locator("tbody tr").nth(1).textContent();
    expect(second).toContain("Oficina Nueva (nueva en el directorio)");
    expect(second).toContain("2020: no sé (no se añade)");
    await proposed.getByRole("button", { name: "Añadir a la matriz…" }).first().click();
    const needChoice = proposed.getByRole("combobox", { name: "Necesidad a la que se añade" });
    // The keyboard lands on the choice of need.
    await expect.poll(() => needChoice.evaluate((el) => el === document.activeElement)).toBe(true);
    await needChoice.selectOption({ label: `2.1 ${secondNeed.title}` });
    await proposed.getByRole("button", { name: "Añadir", exact: true }).click();
    await expect.poll(() => proposed.locator(".finance-added").textContent()).toBe(`Añadida al final de 2.1 ${secondNeed.title}`);
    await screenshot(page, "finance-proposed-added.png");

    const after = await planDocument();
    const added = after.pillars[1]!.needs[0]!.actions.at(-1)!;
    expect(added).toMatchObject({ text: "Kits de información en puestos fronterizos", institutions: ["DGM/IGM"], lead: "DGM/IGM", budget_lines: [{ year: 2019, amount: 5000.5, currency: "GTQ" }] });
    expect(after.pillars[1]!.needs[0]!.actions).toHaveLength(secondNeed.actions.length + 1);

    // In the matrix at once, and one Ctrl+Z takes it away.
    await dialog.getByRole("button", { name: "Cerrar" }).click();
    const grid = page.locator("#matrix-grid");
    await expect.poll(() => grid.textContent()).toContain("Kits de información en puestos fronterizos");
    // The plan's three actions are four now, in the header too.
    await expect.poll(() => page.locator(".plan-facts").textContent()).toContain("2 pilares · 2 necesidades · 4 acciones");
    await grid.focus();
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await planDocument()).pillars[1]!.needs[0]!.actions.length).toBe(secondNeed.actions.length);
    await expect.poll(() => grid.textContent()).not.toContain("Kits de información en puestos fronterizos");
    expect(await page.locator(".plan-facts").textContent()).toContain("3 acciones");
    expect(session!.problems).toEqual([]);
  });

  it("keeps values changed on both sides as conflicts and resolves them one by one in the conflicts panel, by mouse and keyboard", async () => {
    const { page, dir } = await start();
    const exported = await exportFor(dir, "dgm.xlsx", "DGM/IGM");
    // The secretariat changes three amounts after the export…
    for (const [actionId, id, year, amount] of [
      ["act-1", "line-1", 2018, 111],
      ["act-1", "line-2", 2019, 222],
    ] as const) {
      await call("edit.budgetLine", { actionId, line: { id, institution: "DGM/IGM", year, amount, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" } });
    }
    await call("edit.budgetLine", { actionId: "act-3", line: { id: "line-4", institution: "DGM/IGM", year: 2020, amount: 333, currency: "GTQ", funding_source: "to_be_mobilised", note: "@nota" } });
    // …and the ministry changes the same three differently.
    const returned = path.join(dir, "dgm-conflictos.xlsx");
    await editWorkbook(exported.path, returned, [
      { action: "act-1", key: "amount:2018", value: 1000 },
      { action: "act-1", key: "amount:2019", value: 2000 },
      { action: "act-3", key: "amount:2020", value: 3000 },
    ]);

    // Dropped on the window: the shell hands the path from the preload to the core, which asks the page to preview it by handle.
    expect(await core!.drop([returned])).toMatchObject({ ok: true });
    const dialog = page.getByRole("dialog", { name: "Importar archivos devueltos" });
    const card = dialog.locator('[data-file="dgm-conflictos.xlsx"]');
    await expect.poll(() => card.locator(".finance-file-status").textContent()).toBe("Se puede aplicar; los conflictos quedarán para revisar");
    expect(await card.locator(".finance-counts").textContent()).toBe("0 líneas añadidas · 0 cambiadas · 0 quitadas · 3 conflictos");
    await card.getByRole("button", { name: "Aplicar" }).click();
    await expect.poll(() => card.locator(".finance-file-status").textContent()).toBe("Aplicado");
    // Nothing was overwritten.
    expect(await amountOf("line-1")).toBe(111);

    await dialog.getByRole("button", { name: "Revisar los conflictos (3)" }).click();
    const panel = page.getByRole("dialog", { name: "Conflictos de importación" });
    await expect.poll(() => panel.locator(".finance-conflict").count()).toBe(3);
    const first = panel.locator(".finance-conflict").first();
    expect(await first.locator(".finance-side--base .finance-side-value").textContent()).toBe("125,000.50");
    expect(await first.locator(".finance-side--plan .finance-side-value").textContent()).toBe("111.00");
    expect(await first.locator(".finance-side--returned .finance-side-value").textContent()).toBe("1,000.00");
    expect(await panel.locator(".finance-bar-conflicts").count()).toBe(0);
    await screenshot(page, "finance-conflicts.png");

    // One by keyboard: Tab to the row's "take the file's" button and press Enter.
    await first.getByRole("button", { name: "Tomar el del archivo" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => panel.locator(".finance-conflict").count()).toBe(2);
    expect(await amountOf("line-1")).toBe(1000);
    // The focus moved to the same button of the conflict that took its place.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-take"))).toBe("returned");
    // The next with its shortcut (Alt+P keeps the plan's) from a focused control in its row.
    await panel.locator(".finance-conflict").first().getByRole("button", { name: "Volver al exportado" }).focus();
    await page.keyboard.press("Alt+p");
    await expect.poll(() => panel.locator(".finance-conflict").count()).toBe(1);
    expect(await amountOf("line-2")).toBe(222);
    // The last in bulk is not offered for one; take it from its row.
    await panel.locator(".finance-conflict").first().getByRole("button", { name: "Tomar el del archivo" }).click();
    await expect.poll(() => panel.locator(".finance-conflict-count").textContent()).toContain("No hay conflictos por resolver.");
    expect(await amountOf("line-4")).toBe(3000);
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    await expect.poll(() => page.locator("#matrix-grid").textContent(), { timeout: 10_000 }).toContain("1,000.00");
    expect(session!.problems).toEqual([]);
  });

  it("keeps a value of the plan's own column changed on both sides as a conflict, named by its heading, and resolves it from the panel", async () => {
    const { page, dir } = await start();
    await call("edit.column", { op: "add", heading_es: "Prioridad", heading_en: "Priority", kind: "list", options: ["Alta", "Media", "Baja"], open: true });
    await call("edit.custom", { actionId: "act-1", column: "priority", value: "Baja" });
    const exported = await exportFor(dir, "dgm-prioridad.xlsx", "DGM/IGM");
    await call("edit.custom", { actionId: "act-1", column: "priority", value: "Alta" });
    const returned = path.join(dir, "dgm-prioridad-devuelto.xlsx");
    await editWorkbook(exported.path, returned, [{ action: "act-1", key: "custom:priority", value: "Media" }]);

    expect(await core!.drop([returned])).toMatchObject({ ok: true });
    const dialog = page.getByRole("dialog", { name: "Importar archivos devueltos" });
    const card = dialog.locator('[data-file="dgm-prioridad-devuelto.xlsx"]');
    await expect.poll(() => card.locator(".finance-file-status").textContent()).toBe("Se puede aplicar; los conflictos quedarán para revisar");
    expect(await card.locator(".finance-counts").textContent()).toBe("0 líneas añadidas · 0 cambiadas · 0 quitadas · 1 conflicto");
    await card.getByRole("button", { name: "Aplicar" }).click();
    await expect.poll(() => card.locator(".finance-file-status").textContent()).toBe("Aplicado");
    await dialog.getByRole("button", { name: "Revisar los conflictos (1)" }).click();
    const panel = page.getByRole("dialog", { name: "Conflictos de importación" });
    const row = panel.locator(".finance-conflict").first();
    await expect.poll(() => row.locator(".finance-conflict-where").textContent()).toMatch(/ · DGM\/IGM · Prioridad$/);
    expect(await row.getAttribute("aria-label")).toBe("Sensibilizar y capacitar a delegados de migración · DGM/IGM · columna «Prioridad»");
    // Behind the panel, the matrix marks the action's cell in that column (not its budget).
    expect(await page.locator(".col--custom[data-conflicts='1']").count()).toBe(1);
    expect(await page.locator(".col--budget[data-conflicts]").count()).toBe(0);
    expect(await row.locator(".finance-side--base .finance-side-value").textContent()).toBe("Baja");
    expect(await row.locator(".finance-side--plan .finance-side-value").textContent()).toBe("Alta");
    expect(await row.locator(".finance-side--returned .finance-side-value").textContent()).toBe("Media");
    await screenshot(page, "finance-column-conflict.png");
    await row.getByRole("button", { name: "Tomar el del archivo" }).click();
    await expect.poll(() => panel.locator(".finance-conflict-count").textContent()).toContain("No hay conflictos por resolver.");
    const act1 = (await planDocument()).pillars.flatMap((p) => p.needs.flatMap((n) => n.actions)).find((a) => a.id === "act-1")!;
    expect(act1.custom?.priority).toBe("Media");
    expect(session!.problems).toEqual([]);
  });

  it("resolves every open conflict at once, taking the returned values", async () => {
    const { page, dir } = await start();
    const exported = await exportFor(dir, "dgm.xlsx", "DGM/IGM");
    await call("edit.budgetLine", { actionId: "act-1", line: { id: "line-1", institution: "DGM/IGM", year: 2018, amount: 111, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" } });
    await call("edit.budgetLine", { actionId: "act-1", line: { id: "line-2", institution: "DGM/IGM", year: 2019, amount: 222, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" } });
    const returned = path.join(dir, "dgm-todos.xlsx");
    await editWorkbook(exported.path, returned, [
      { action: "act-1", key: "amount:2018", value: 1000 },
      { action: "act-1", key: "amount:2019", value: 2000 },
    ]);
    await call("finance.apply", { files: [{ handle: core!.choose(returned, "spreadsheet") }] });
    // The bar counts the open conflicts once the plan changed.
    const button = page.getByRole("button", { name: "Conflictos (2)" });
    await button.click();
    const panel = page.getByRole("dialog", { name: "Conflictos de importación" });
    await panel.getByRole("button", { name: "Todos: tomar los del archivo" }).click();
    await expect.poll(() => panel.locator(".finance-conflict-count").textContent()).toBe("2 conflictos resueltos. No hay conflictos por resolver.");
    expect([await amountOf("line-1"), await amountOf("line-2")]).toEqual([1000, 2000]);
    expect(session!.problems).toEqual([]);
  });

  it("reopens a resolved conflict on Ctrl+Z (the bar, the column's count, the cell's mark and the panel follow) and resolves it again on Ctrl+Y", async () => {
    const { page, dir } = await start();
    const exported = await exportFor(dir, "dgm.xlsx", "DGM/IGM");
    await call("edit.budgetLine", { actionId: "act-1", line: { id: "line-1", institution: "DGM/IGM", year: 2018, amount: 111, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" } });
    await call("edit.budgetLine", { actionId: "act-1", line: { id: "line-2", institution: "DGM/IGM", year: 2019, amount: 222, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" } });
    const returned = path.join(dir, "dgm-deshacer.xlsx");
    await editWorkbook(exported.path, returned, [
      { action: "act-1", key: "amount:2018", value: 1000 },
      { action: "act-1", key: "amount:2019", value: 2000 },
    ]);
    await call("finance.apply", { files: [{ handle: core!.choose(returned, "spreadsheet") }] });
    const bar = page.locator(".finance-bar-conflicts");
    const headerCount = page.locator("thead .col--budget .conflict-count > [aria-hidden]");
    const cell = page.locator('tr[data-key="a:act-1"] .col--budget');
    const shown = async () => [await bar.textContent().catch(() => null), await headerCount.textContent().catch(() => null), await cell.getAttribute("data-conflicts")];
    await expect.poll(shown).toEqual(["Conflictos (2)", "2", "2"]);

    // Resolved in the panel, then the panel closed.
    await bar.click();
    const panel = page.getByRole("dialog", { name: "Conflictos de importación" });
    await panel.locator(".finance-conflict").first().getByRole("button", { name: "Tomar el del archivo" }).click();
    await expect.poll(() => panel.locator(".finance-conflict").count()).toBe(1);
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    await expect.poll(shown).toEqual(["Conflictos (1)", "1", "1"]);
    expect(await amountOf("line-1")).toBe(1000);
    const undo = page.locator(".session-history button").first();
    expect(await undo.getAttribute("aria-label")).toBe("Deshacer: conflicto resuelto: se tomó el del archivo");

    // Ctrl+Z in the matrix: the plan's value is back and the conflict is open again, everywhere.
    await page.locator("#matrix-grid").focus();
    await page.keyboard.press("Control+z");
    await expect.poll(shown).toEqual(["Conflictos (2)", "2", "2"]);
    expect(await amountOf("line-1")).toBe(111);
    await screenshot(page, "finance-conflict-reopened.png");
    // Ctrl+Y takes the file's value again and closes it.
    await page.keyboard.press("Control+y");
    await expect.poll(shown).toEqual(["Conflictos (1)", "1", "1"]);
    expect(await amountOf("line-1")).toBe(1000);
    await bar.click();
    await expect.poll(() => panel.locator(".finance-conflict").count()).toBe(1);
    expect(await panel.locator(".finance-conflict .finance-side--returned .finance-side-value").textContent()).toBe("2,000.00");
    expect(session!.problems).toEqual([]);
  });

  it("refuses a file that is not a spreadsheet and one with unreadable cells, naming file, sheet, row and column, and changes nothing", async () => {
    const { page, dir, pick } = await start();
    const broken = write(dir, "roto.xlsx", Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0xfe, 0x00, 0x10]));
    const badRows = await returnedWorkbook(dir, "DGM/IGM", "celdas-malas.xlsx", [{ action: "act-1", key: "amount:2019", value: "mucho dinero" }]);
    const before = await planData();

    pick.files = [broken, badRows];
    await page.getByRole("button", { name: "Importar archivos devueltos…" }).click();
    const dialog = page.getByRole("dialog", { name: "Importar archivos devueltos" });
    const brokenCard = dialog.locator('[data-file="roto.xlsx"]');
    const badCard = dialog.locator('[data-file="celdas-malas.xlsx"]');
    await expect.poll(() => badCard.locator(".finance-file-status").textContent()).toBe("No se puede aplicar");
    expect(await brokenCard.locator(".finance-file-status").textContent()).toBe("No se puede aplicar");
    expect(await brokenCard.getByRole("alert").textContent()).toBe("«roto.xlsx» no es una hoja de cálculo (se leen .xlsx, .xls, .ods y .csv). No se cambió nada.");
    expect(await badCard.getByRole("alert").textContent()).toBe("1 celda no se pudo leer; corríjala en el archivo e impórtelo de nuevo. No se cambió nada.");
    const table = badCard.getByRole("table", { name: "Filas que no se pudieron leer" });
    expect(await table.locator("thead th").allTextContents()).toEqual(["Archivo", "Hoja", "Fila", "Columna", "Se encontró", "Se esperaba"]);
    const cells = await table.locator("tbody tr").first().locator("td").allTextContents();
    expect(cells.slice(0, 5)).toEqual(["celdas-malas.xlsx", "Acciones", "3", "Monto 2019", "mucho dinero"]);
    expect(cells[5]).toMatch(/monto/i);
    expect(await badCard.getByRole("button", { name: "Aplicar" }).isDisabled()).toBe(true);
    expect(await brokenCard.getByRole("button", { name: "Aplicar" }).isDisabled()).toBe(true);
    expect(await dialog.getByRole("button", { name: "Aplicar todos (0)" }).isDisabled()).toBe(true);
    await screenshot(page, "finance-bad-files.png");

    await dialog.getByRole("button", { name: "Cancelar todos" }).click();
    expect(await brokenCard.locator(".finance-file-status").textContent()).toBe("Cancelado: no se aplicó");
    expect(await planData()).toEqual(before);
    expect(session!.problems).toEqual([]);
  });

  it("exports an institution's workbook from the export dialog, chosen by acronym", async () => {
    const { page, dir } = await start();
    await page.getByRole("button", { name: "Exportar para instituciones…" }).click();
    const dialog = page.getByRole("dialog", { name: "Exportar el libro financiero" });
    await dialog.getByRole("searchbox").fill("sbs");
    await dialog.getByRole("radio", { name: /^SBS/ }).check();
    await dialog.getByRole("radio", { name: "English" }).check();
    await dialog.getByRole("button", { name: "Exportar…" }).click();
    await expect.poll(() => dialog.locator(".finance-notice").textContent()).toMatch(/con 1 fila\. Mostrar en la carpeta$/);
    const saved = fs.readdirSync(dir).filter((f) => f.endsWith(".xlsx"));
    expect(saved).toEqual(["gt - SBS.xlsx"]);
    await dialog.getByRole("button", { name: "Mostrar en la carpeta" }).click();
    await expect.poll(() => core!.shownInFolder).toEqual([path.join(dir, "gt - SBS.xlsx")]);
    expect(session!.problems).toEqual([]);
  });

  it("opens the export dialog on the whole plan from File › Export the whole plan for planners…", async () => {
    const { page, dir } = await start();
    // What the shell sends when the menu item is clicked.
    await page.evaluate(() => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit({ type: "finance", command: "exportPlan" }));
    const dialog = page.getByRole("dialog", { name: "Exportar el libro financiero" });
    expect(await dialog.getByRole("radio", { name: "Plan completo, para planificación" }).isChecked()).toBe(true);
    await dialog.getByRole("button", { name: "Exportar…" }).click();
    await expect.poll(() => dialog.locator(".finance-notice").textContent()).toMatch(/con 5 filas\. Mostrar en la carpeta$/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".xlsx"))).toEqual(["gt - plan completo.xlsx"]);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(session!.problems).toEqual([]);
  });
});
