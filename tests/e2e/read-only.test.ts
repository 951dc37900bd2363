/**
 * A plan whose file cannot be written opens read-only: the app says so above the
 * matrix and typing, deleting or pasting changes nothing and says why.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { bindReadOnly, unmountAll } from "../helpers/mounts";
import { browserSuite, createCore, REPO_ROOT, screenshot, type Core, type Session } from "./harness";

const suite = browserSuite("read-only");
let session: Session | undefined;

afterEach(async () => {
  // The page and core close first (the suite's own afterEach), then the mount goes.
  await session?.close().catch(() => {});
  session = undefined;
  unmountAll();
});

async function openReadOnlyPlan(): Promise<{ page: Page; file: string; before: Buffer; core: Core }> {
  const dir = suite.tempDir("matriz-e2e-read-only-");
  const file = path.join(dir, "guatemala-solo-lectura.matriz");
  createPlanFromDocument(file, readDocumentFile(path.join(REPO_ROOT, "resources", "examples", "guatemala.json")), { author: "t", source: "cli" }, { language: "en" }).close();
  const before = fs.readFileSync(file);
  bindReadOnly(file);
  const core = createCore(dir);
  core.dialogAnswers.open = file;
  session = await suite.open(core);
  const page = session.page;
  await page.getByRole("button", { name: "Abrir un plan…" }).click();
  await page.locator("table.matrix").waitFor();
  return { page, file, before, core };
}

describe("a read-only plan in the app", () => {
  it("shows a note and takes no edit, saying why", async () => {
    const { page, file, before } = await openReadOnlyPlan();
    const note = page.locator(".plan-notice--read-only");
    expect(await note.textContent()).toContain("Solo lectura");
    expect(await note.textContent()).toContain("Guardar una copia como");
    // Typing on an action cell would start editing it.
    await page.locator("td.col--action").first().click();
    await page.keyboard.press("x");
    expect(await page.locator(".matrix textarea, .matrix input").count()).toBe(0);
    await expect.poll(() => page.locator(".editor-notice").textContent()).toContain("solo para lectura");
    await page.keyboard.press("Delete");
    await page.keyboard.press("Control+z");
    expect(await page.getByRole("alert").count()).toBe(0);
    // The plan outside the matrix offers no edit either: no settings, no list buttons, no row details.
    expect(await page.getByRole("button", { name: "Ajustes del plan…" }).count()).toBe(0);
    await page.keyboard.press("Control+i");
    expect(await page.getByRole("dialog").count()).toBe(0);
    for (const tab of ["Actividades existentes", "Brechas", "Recomendaciones", "Consultas"]) {
      await page.getByRole("tab", { name: tab }).click();
      expect(await page.locator(".plan-panel button").count(), tab).toBe(0);
    }
    await page.getByRole("tab", { name: "Matriz" }).click();
    await page.locator("table.matrix").waitFor();
    for (const [width, height] of [
      [1024, 768],
      [1280, 720],
    ] as const) {
      await page.setViewportSize({ width, height });
      await screenshot(page, `read-only-plan-${width}x${height}.png`);
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(expect.not.arrayContaining([`${path.basename(file)}-wal`]));
    expect(session?.problems ?? []).toEqual([]);
  }, 120_000);

  it("says Read-only where Saved would be, offers no editing or import, and keeps exports and printing", async () => {
    const { page, file, before, core } = await openReadOnlyPlan();
    const session = page.getByRole("region", { name: "Sesión de consulta" });
    expect(await session.locator(".save-state").textContent()).toBe("Solo lectura — no se puede escribir en el archivo");
    expect(await session.textContent()).not.toContain("Guardado");
    expect(await session.getByRole("button", { name: /Deshacer|Rehacer|Nueva consulta/ }).count()).toBe(0);
    const toolbar = page.getByRole("toolbar");
    for (const name of ["Acción debajo", "Nueva necesidad", "Subir", "Bajar", "Mover a…", "Presupuesto…", "Borrar la fila…"]) expect(await toolbar.getByRole("button", { name }).count(), name).toBe(0);
    expect(await toolbar.getByRole("button", { name: "Historial" }).count()).toBe(1);
    const financeBar = page.locator(".finance-bar");
    expect(await financeBar.getByRole("button", { name: "Importar archivos devueltos…" }).isDisabled()).toBe(true);
    expect(await financeBar.getByRole("button", { name: "Exportar para instituciones…" }).isDisabled()).toBe(true);
    expect(await financeBar.textContent()).toContain("Solo lectura: exportar para instituciones e importar escriben en el plan.");
    // A file dropped on the window (or File › Import) says why nothing is imported.
    await page.evaluate(() => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit({ type: "finance", command: "import" }));
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("solo para lectura");
    await screenshot(page, "read-only-session-bar.png");

    // File › Export › national workbook still writes, beside the plan in a folder that can be written.
    const out = path.join(suite.tempDir("matriz-e2e-read-only-out-"), "nacional.xlsx");
    core.dialogAnswers.save = out;
    await page.evaluate(() => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit({ type: "export", format: "xlsx" }));
    await expect.poll(() => page.locator(".notice-bar").textContent(), { timeout: 30_000 }).toContain("Se guardó el libro nacional");
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
    await page.getByRole("tab", { name: "Resúmenes" }).click();
    expect(await page.getByRole("button", { name: "Imprimir / PDF" }).isEnabled()).toBe(true);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  }, 120_000);
});
