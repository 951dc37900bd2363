/**
 * Long work the page starts shows its progress and can be cancelled: the national
 * exports (File › Export and the Summaries' print button), an institution's
 * workbook from the export dialog, the regional workbook and the regional
 * consolidation. The call is held at the shell's door until the test has pressed
 * Cancel, so the cancel always lands while the export is under way, as a user's
 * would on a large plan; then the core must write nothing and the page say so.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { financePlan } from "../spreadsheet/fixture";
import { fixturePath, sha256 } from "../helpers/temp";
import { browserSuite, type Core, createCore, screenshot } from "./harness";

const suite = browserSuite("tasks");

interface Held {
  input: Record<string, unknown>;
  release(): void;
}

/** Holds the page's calls of `method` at the door until released; the others go through. */
function hold(core: Core, method: string): Held[] {
  const held: Held[] = [];
  const dispatch = core.dispatch;
  core.dispatch = async (m, input) => {
    if (m === method) await new Promise<void>((release) => held.push({ input: input as Record<string, unknown>, release }));
    return dispatch(m, input);
  };
  return held;
}

async function heldCall(held: Held[]): Promise<Held> {
  await expect.poll(() => held.length, { timeout: 8000 }).toBeGreaterThan(0);
  return held.shift()!;
}

async function openPlan(dir: string, file: string): Promise<{ core: Core; page: Page }> {
  const core = createCore(dir);
  core.dialogs.pickExportPath = async (name) => path.join(dir, name);
  core.workspace.openPlan(file);
  const session = await suite.open(core);
  session.page.setDefaultTimeout(8000);
  await session.page.locator(".finance-bar").waitFor();
  return { core, page: session.page };
}

const emit = (page: Page, event: unknown) => page.evaluate((e) => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit(e), event);
const written = (dir: string, ext: string) => fs.readdirSync(dir).filter((f) => f.endsWith(ext));

describe("progress and cancel for exports", () => {
  it("File › Export › national workbook shows its progress; Cancel leaves no file and says so; not cancelled, it writes", async () => {
    const dir = suite.tempDir();
    const plan = financePlan(dir);
    plan.store.close();
    const { core, page } = await openPlan(dir, plan.file);
    const held = hold(core, "dialog.exportNational");

    // What the shell sends when the menu item is clicked.
    await emit(page, { type: "export", format: "xlsx" });
    const call = await heldCall(held);
    expect(call.input).toMatchObject({ format: "xlsx", task: expect.stringMatching(/^exportNational-/) });
    const bar = page.locator(".task-bar");
    await expect.poll(() => bar.textContent()).toContain("Exportando el libro nacional");
    await screenshot(page, "task-export-running.png");
    await bar.getByRole("button", { name: "Cancelar" }).click();
    await expect.poll(() => bar.textContent()).toContain("cancelando");
    call.release();
    await expect.poll(() => bar.textContent()).toContain("Exportación cancelada: no se escribió ningún archivo.");
    expect(written(dir, ".xlsx")).toEqual([]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(await page.locator(".notice-bar").textContent()).toBe("");

    // The same export, not cancelled: the bar goes, the notice names the file.
    await emit(page, { type: "export", format: "xlsx" });
    const again = await heldCall(held);
    await expect.poll(() => bar.locator("progress").count()).toBe(1);
    again.release();
    await expect.poll(() => page.locator(".notice-bar").textContent()).toContain("Se guardó el libro nacional");
    await expect.poll(() => bar.count()).toBe(0);
    expect(written(dir, ".xlsx")).toEqual(["gt.xlsx"]);
  }, 60_000);

  it("the Summaries' print button runs the chapter as a task that Cancel stops before any PDF is written", async () => {
    const dir = suite.tempDir();
    const plan = financePlan(dir);
    plan.store.close();
    const { core, page } = await openPlan(dir, plan.file);
    const held = hold(core, "dialog.exportNational");
    await page.getByRole("tab", { name: "Resúmenes" }).click();
    const print = page.getByRole("button", { name: "Imprimir / PDF" });
    await print.click();
    const call = await heldCall(held);
    expect(call.input).toMatchObject({ format: "pdf", task: expect.any(String) });
    const bar = page.locator(".task-bar");
    await expect.poll(() => bar.textContent()).toContain("Exportando el capítulo nacional (PDF)");
    await bar.getByRole("button", { name: "Cancelar" }).click();
    call.release();
    await expect.poll(() => bar.textContent(), { timeout: 30_000 }).toContain("Exportación cancelada");
    await expect.poll(() => print.isEnabled()).toBe(true);
    expect(written(dir, ".pdf")).toEqual([]);
  }, 60_000);

  it("an institution's workbook cancelled from the export dialog leaves no file and no export record", async () => {
    const dir = suite.tempDir();
    const plan = financePlan(dir);
    plan.store.close();
    const { core, page } = await openPlan(dir, plan.file);
    const records = () => core.workspace.current!.db.prepare("SELECT count(*) FROM export_record").pluck().get();
    const before = records();
    const held = hold(core, "dialog.exportFinance");
    await page.getByRole("button", { name: "Exportar para instituciones…" }).click();
    const dialog = page.getByRole("dialog", { name: "Exportar el libro financiero" });
    await dialog.getByRole("radio", { name: /^SBS/ }).check();
    await dialog.getByRole("button", { name: "Exportar…" }).click();
    const call = await heldCall(held);
    expect(call.input).toMatchObject({ institution: expect.any(String), task: expect.stringMatching(/^exportFinance-/) });
    const bar = page.locator(".task-bar");
    await expect.poll(() => bar.textContent()).toContain("Exportando el libro de la institución");
    await screenshot(page, "task-export-finance-running.png");
    await bar.getByRole("button", { name: "Cancelar" }).click();
    call.release();
    await expect.poll(() => bar.textContent()).toContain("no se escribió ningún archivo ni quedó registrada");
    expect(written(dir, ".xlsx")).toEqual([]);
    expect(records()).toBe(before);
    expect(await dialog.locator(".finance-notice").count()).toBe(0);
  }, 60_000);

  it("the regional consolidation and the regional workbook can be cancelled: the view and the folder stay as they were", async () => {
    const dir = suite.tempDir();
    const files = ["guatemala", "panama"].map((id) => {
      const doc: PlanDocument = readDocumentFile(fixturePath(id));
      for (const need of doc.pillars.flatMap((p) => p.needs))
        for (const action of need.actions) {
          action.institutions = action.institutions.length ? action.institutions : ["Secretaría"];
          action.lead = action.institutions[0]!;
          action.budget_lines = [{ institution: action.lead, year: 2018, amount: 100, currency: "USD" }];
        }
      const file = path.join(dir, `${id}.matriz`);
      createPlanFromDocument(file, doc, { author: "t", source: "example" }).close();
      return file;
    });
    const hashes = files.map(sha256);
    const core = createCore(dir);
    core.dialogs.pickRegionalSources = async () => files;
    core.dialogs.pickExportPath = async () => path.join(dir, "regional.xlsx");
    const session = await suite.open(core);
    const page = session.page;
    page.setDefaultTimeout(8000);
    const consolidations = hold(core, "regional.consolidate");

    await page.getByRole("button", { name: "Consolidación regional…" }).click();
    await page.getByRole("button", { name: "Añadir planes…" }).click();
    const first = await heldCall(consolidations);
    expect(first.input).toMatchObject({ task: expect.stringMatching(/^consolidate-/) });
    const bar = page.locator(".task-bar");
    await expect.poll(() => bar.textContent()).toContain("Leyendo los planes nacionales");
    await bar.getByRole("button", { name: "Cancelar" }).click();
    first.release();
    await expect.poll(() => bar.textContent()).toContain("Consolidación cancelada: la vista no cambió.");
    expect(await page.locator("tr.regional-total").count()).toBe(0);

    // Asked again (the currency retyped), it consolidates; then the workbook's export is cancelled.
    const currency = page.locator(".regional-currency");
    await currency.fill("US");
    await currency.fill("USD");
    const second = await heldCall(consolidations);
    second.release();
    await page.locator("tr.regional-total").waitFor();
    const total = await page.locator("tr.regional-total").textContent();
    const exports = hold(core, "dialog.exportRegional");
    await page.getByRole("button", { name: "Exportar libro regional…" }).click();
    const out = await heldCall(exports);
    await expect.poll(() => bar.textContent()).toContain("Exportando el libro regional");
    await bar.getByRole("button", { name: "Cancelar" }).click();
    out.release();
    await expect.poll(() => bar.textContent()).toContain("Exportación cancelada: no se escribió ningún archivo.");
    expect(written(dir, ".xlsx")).toEqual([]);
    expect(await page.locator("tr.regional-total").textContent()).toBe(total);
    expect(files.map(sha256)).toEqual(hashes);
    expect(session.problems).toEqual([]);
  }, 60_000);
});
