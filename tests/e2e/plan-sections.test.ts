/**
 * The whole plan editable end to end, as a facilitator would do it in Chromium:
 * the plan's settings, an existing activity, a gap, Belize's overarching
 * recommendations, a consultation round with its attendance, a need's theme and an
 * action's status, and a column of the plan's own, each undone and redone from the
 * session bar. Screenshots for people to look at go to test-results/.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, type Core, createCore, screenshot, type Session } from "./harness";
import { pasteTsv, planDocumentOf, saved } from "../helpers/e2e-steps";

const suite = browserSuite("sections");
let core: Core | undefined;
let session: Session | undefined;

async function start(example: string, viewport?: { width: number; height: number }): Promise<Page> {
  core = createCore(suite.tempDir());
  session = await suite.open(core);
  const page = session.page;
  if (viewport) await page.setViewportSize(viewport);
  await page.locator(`[data-example="${example}"]`).click();
  await page.locator("#matrix-grid").waitFor();
  return page;
}

const planDocument = () => planDocumentOf(core!);

const undo = (page: Page) => page.getByRole("button", { name: /^Deshacer/ }).click();
const redo = (page: Page) => page.getByRole("button", { name: /^Rehacer/ }).click();
const tab = (page: Page, name: string) => page.getByRole("tab", { name }).click();


describe("The whole plan, edited in the app", () => {
  it("changes the plan's title, period and currency, and undoes and redoes it", async () => {
    const page = await start("guatemala");
    // The example opened in a Spanish window has a Spanish title.
    await expect.poll(() => page.locator(".plan-title").textContent()).toBe("Plan de acción nacional MIRPS — Guatemala");
    await page.getByRole("button", { name: "Ajustes del plan…" }).click();
    const dialog = page.getByRole("dialog", { name: "Ajustes del plan" });
    await dialog.getByLabel("Título del plan").fill("Plan nacional de protección y soluciones — Guatemala");
    await dialog.getByLabel("Último año").fill("2022");
    await dialog.getByLabel(/Moneda base/).fill("usd");
    await screenshot(page, "sections-plan-settings.png");
    await dialog.getByRole("button", { name: "Guardar" }).click();
    await saved(page);
    await expect.poll(() => page.locator(".plan-title").textContent()).toBe("Plan nacional de protección y soluciones — Guatemala");
    await expect.poll(() => page.locator(".plan-facts").textContent()).toContain("2018–2022");
    await expect.poll(() => page.locator(".plan-facts").textContent()).toContain("USD");
    expect(await page.evaluate(() => document.title)).toContain("Plan nacional de protección");
    await expect.poll(() => page.locator(".session-undo-label").textContent()).toBe("ajustes del plan");

    await undo(page);
    await expect.poll(() => page.locator(".plan-title").textContent()).toBe("Plan de acción nacional MIRPS — Guatemala");
    expect((await planDocument()).period).toEqual({ start: 2018, end: 2020 });
    await redo(page);
    await expect.poll(async () => (await planDocument()).base_currency).toBe("USD");
    expect(session!.problems).toEqual([]);
  });

  it("adds, edits, moves and deletes an existing activity and a gap", async () => {
    const page = await start("guatemala");
    await tab(page, "Actividades existentes");
    const pillarOneRows = async () => (await planDocument()).stocktaking.filter((r) => r.pillar === 1);
    const before = (await pillarOneRows()).length;
    await page.locator("tbody").first().getByRole("button", { name: "+ Añadir actividad" }).click();
    await page.getByLabel("Actividad existente", { exact: true }).fill("Mesa técnica de protección en Tecún Umán");
    await page.getByLabel("Compromisos, separados por punto y coma").fill("Cartagena 84; SJAS");
    await page.getByLabel("Supervisores", { exact: true }).fill("MINEX, SBS");
    await screenshot(page, "sections-stocktaking-form.png");
    await page.getByRole("button", { name: "Guardar" }).click();
    await saved(page);
    await expect.poll(async () => (await pillarOneRows()).length).toBe(before + 1);
    const added = (await pillarOneRows()).at(-1)!;
    expect(added).toMatchObject({ activity: "Mesa técnica de protección en Tecún Umán", commitments: ["Cartagena 84", "SJAS"], supervisors: "MINEX, SBS" });
    // Focus came back to the new row's Edit button.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`list-edit-${added.id}`);

    const tools = page.getByRole("group", { name: /Mesa técnica de protección/ });
    await tools.getByRole("button", { name: "Subir" }).click();
    await saved(page);
    await expect.poll(async () => (await pillarOneRows()).at(-2)!.id).toBe(added.id);
    await tools.getByRole("button", { name: "Editar" }).click();
    // By role: a label wrapping a filled text box also "contains" its text.
    await page.getByRole("textbox", { name: "Actividad existente", exact: true }).fill("Mesa técnica de protección y asilo");
    await page.keyboard.press("Control+Enter");
    await saved(page);
    await expect.poll(async () => (await planDocument()).stocktaking.find((r) => r.id === added.id)?.activity).toBe("Mesa técnica de protección y asilo");
    await screenshot(page, "sections-stocktaking.png");
    await page.getByRole("group", { name: /Mesa técnica de protección y asilo/ }).getByRole("button", { name: "Borrar" }).click();
    await saved(page);
    await expect.poll(async () => (await planDocument()).stocktaking.some((r) => r.id === added.id)).toBe(false);
    await undo(page);
    await expect.poll(async () => (await planDocument()).stocktaking.find((r) => r.id === added.id)?.activity).toBe("Mesa técnica de protección y asilo");
    await expect.poll(() => page.getByText("Mesa técnica de protección y asilo").count()).toBe(1);

    await tab(page, "Brechas");
    await page.locator(".section-bar").getByRole("button", { name: "+ Añadir brecha" }).click();
    await page.getByLabel("Pilar").selectOption("2");
    await page.getByLabel("Brecha", { exact: true }).fill("Faltan albergues en la frontera sur");
    await page.getByRole("button", { name: "Guardar" }).click();
    await saved(page);
    await expect.poll(async () => (await planDocument()).gap_records!.find((g) => g.text === "Faltan albergues en la frontera sur")?.pillar).toBe(2);
    await screenshot(page, "sections-gaps.png");
    // Ctrl+Z works on this tab too, outside the text boxes.
    await page.locator(".gap-list .item-text").first().click();
    await page.keyboard.press("Control+z");
    await expect.poll(() => page.getByText("Faltan albergues en la frontera sur").count()).toBe(0);
    await redo(page);
    await expect.poll(() => page.getByText("Faltan albergues en la frontera sur").count()).toBe(1);
    expect(session!.problems).toEqual([]);
  });

  it("shows Belize's overarching recommendations and edits them", async () => {
    const page = await start("belize");
    await tab(page, "Recomendaciones");
    await expect.poll(() => page.locator(".recommendations .item-text").count()).toBe(6);
    await page.getByRole("button", { name: "+ Añadir recomendación" }).click();
    await page.getByLabel("Recomendación", { exact: true }).fill("Belize will publish a yearly progress report");
    await page.getByRole("button", { name: "Guardar" }).click();
    await saved(page);
    await expect.poll(() => page.locator(".recommendations .item-text").count()).toBe(7);
    await screenshot(page, "sections-overarching.png");
    await undo(page);
    await expect.poll(() => page.locator(".recommendations .item-text").count()).toBe(6);
    await redo(page);
    await expect.poll(async () => (await planDocument()).overarching_recommendations!.at(-1)!.text).toBe("Belize will publish a yearly progress report");
    expect(session!.problems).toEqual([]);
  });

  it("records a consultation round's place, attendance by sex, objectives and outcome", async () => {
    const page = await start("guatemala");
    await tab(page, "Consultas");
    await page.locator(".section-bar").getByRole("button", { name: "+ Nueva consulta" }).click();
    const form = page.getByRole("form", { name: "Consulta 1" });
    await form.getByLabel("Fecha").fill("2017-10-18");
    await form.getByLabel("Lugar").fill("Ciudad de Guatemala");
    await form.getByRole("button", { name: "+ Añadir fila" }).click();
    await form.getByLabel("Institución o sector", { exact: true }).fill("SBS");
    await form.getByLabel("Total").fill("5");
    await form.getByLabel("Mujeres").fill("3");
    await form.getByLabel("Hombres").fill("2");
    await form.getByLabel("Objetivos").fill("Validar la parte financiera");
    await form.getByLabel("Resultado").fill("Se añadieron las columnas PEI y POA");
    await screenshot(page, "sections-round-form.png");
    await form.getByRole("button", { name: "Guardar" }).click();
    await saved(page);
    await expect.poll(async () => (await planDocument()).consultation_rounds?.[0]).toMatchObject({
      number: 1,
      date: "2017-10-18",
      place: "Ciudad de Guatemala",
      attendance: [{ name: "SBS", kind: "institution", total: 5, women: 3, men: 2 }],
      objectives: "Validar la parte financiera",
      progress: "Se añadieron las columnas PEI y POA",
    });
    await expect.poll(() => page.locator(".round-totals").textContent()).toBe("5 participantes · 3 mujeres · 2 hombres");
    // The session bar shows the new round as current.
    await expect.poll(() => page.locator("#session-round option:checked").textContent()).toContain("Consulta 1");
    await screenshot(page, "sections-rounds.png");
    await undo(page);
    await expect.poll(async () => (await planDocument()).consultation_rounds?.[0]?.place ?? null).toBeNull();
    await redo(page);
    await expect.poll(async () => (await planDocument()).consultation_rounds?.[0]?.place).toBe("Ciudad de Guatemala");
    expect(session!.problems).toEqual([]);
  });

  it("gives a need its theme and an action its status from the grid, by keyboard", async () => {
    const page = await start("guatemala");
    const key = (k: string) => page.keyboard.press(k);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    // Row 0 is pillar 1, row 1 its first need, row 2 that need's first action.
    await key("ArrowDown");
    await key("Control+i");
    const needDialog = page.getByRole("dialog", { name: "Detalles de la necesidad" });
    await needDialog.getByLabel("Tema").fill("Protección en frontera");
    await needDialog.getByRole("button", { name: "Guardar" }).click();
    await saved(page);
    await expect.poll(() => page.locator(".theme-badge").first().textContent()).toBe("Protección en frontera");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    await key("ArrowDown");
    await key("Control+i");
    const actionDialog = page.getByRole("dialog", { name: "Estado de la acción" });
    await actionDialog.getByLabel("En curso").check();
    await actionDialog.getByRole("button", { name: "Guardar" }).click();
    await saved(page);
    // The status column (monitoring) shows it, dated.
    const firstStatus = page.locator(".row-action").first().locator(".col--status .status-badge");
    await expect.poll(() => firstStatus.textContent()).toBe("En curso");
    await screenshot(page, "sections-status.png");
    await key("Control+z");
    await expect.poll(() => firstStatus.textContent()).toBe("No iniciada");
    await key("Control+z");
    await expect.poll(() => page.locator(".theme-badge").count()).toBe(0);
    await key("Control+y");
    await expect.poll(async () => (await planDocument()).pillars[0]!.needs[0]!.theme).toBe("Protección en frontera");
    expect(session!.problems).toEqual([]);
  });

  it("opens the row's details, its progress panel, the columns and the history from the menu (Edit and View)", async () => {
    const page = await start("guatemala");
    // The shell sends a menu click to the page as an editor command, as it does for Undo.
    const menu = (command: string) => page.evaluate((c) => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit({ type: "command", command: c }), command);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await menu("details");
    const details = page.getByRole("dialog", { name: "Estado de la acción" });
    await details.waitFor();
    await details.getByRole("button", { name: "Cancelar" }).click();
    await menu("monitoring");
    const progress = page.getByRole("dialog", { name: "Avance de la acción" });
    await progress.waitFor();
    await page.keyboard.press("Escape");
    await progress.waitFor({ state: "detached" });
    await menu("columns");
    const columns = page.getByRole("dialog", { name: "Columnas propias del plan" });
    await columns.waitFor();
    await page.keyboard.press("Escape");
    await columns.waitFor({ state: "detached" });
    await menu("history");
    await page.getByRole("complementary", { name: "Historial de la fila" }).waitFor();
    expect(session!.problems).toEqual([]);
  });

  it("adds a list column of the plan's own, fills a cell from its choices, renames, moves and removes it", async () => {
    const page = await start("guatemala", { width: 1280, height: 720 });
    const key = (k: string) => page.keyboard.press(k);
    await key("Control+Shift+K");
    const dialog = page.getByRole("dialog", { name: "Columnas propias del plan" });
    await dialog.getByLabel("Encabezado en español").fill("Prioridad");
    await dialog.getByLabel("Encabezado en inglés").fill("Priority");
    await dialog.getByLabel("Tipo").selectOption("list");
    await dialog.getByLabel("Opciones de la lista, una por línea").fill("Alta\nMedia\nBaja");
    await dialog.getByLabel("Abierta: la institución la completa en su libro").check();
    await dialog.getByRole("button", { name: "Añadir columna" }).click();
    await saved(page);
    await dialog.getByLabel("Encabezado en español").fill("Fecha de aprobación");
    await dialog.getByLabel("Encabezado en inglés").fill("Approval date");
    await dialog.getByLabel("Tipo").selectOption("date");
    await dialog.getByRole("button", { name: "Añadir columna" }).click();
    await saved(page);
    await screenshot(page, "sections-columns-dialog.png");
    expect((await planDocument()).custom_columns!.map((c) => [c.key, c.kind, c.open])).toEqual([
      ["priority", "list", true],
      ["approval_date", "date", false],
    ]);
    await dialog.getByRole("button", { name: "Cerrar" }).click();
    await expect.poll(() => page.locator("th.col--custom").allTextContents()).toEqual(["Prioridad", "Fecha de aprobación"]);

    // The first action's Prioridad cell: a choice typed in any case, then a date written day first.
    await key("ArrowDown");
    await key("ArrowDown");
    await key("End");
    await key("ArrowLeft");
    await page.keyboard.type("alta");
    await page.locator(".cell-editor-understood").getByText("Opciones: Alta · Media · Baja").waitFor();
    await key("Tab");
    await page.keyboard.type("31/03/2018");
    await key("Enter");
    await saved(page);
    const firstAction = async () => (await planDocument()).pillars[0]!.needs[0]!.actions[0]!;
    await expect.poll(async () => (await firstAction()).custom).toEqual({ priority: "Alta", approval_date: "2018-03-31" });
    // A word that is not a choice changes nothing and says so.
    await key("ArrowUp");
    await key("ArrowLeft");
    await page.keyboard.type("urgente");
    await key("Enter");
    await expect.poll(() => page.locator(".editor-notice").textContent()).toContain("Elija una de las opciones");
    expect((await firstAction()).custom).toEqual({ priority: "Alta", approval_date: "2018-03-31" });
    await screenshot(page, "sections-columns-grid.png");

    // The row's history names the column by its heading in the UI's language, with the value: never its key.
    await key("ArrowUp");
    await key("Control+Shift+H");
    const history = page.getByRole("complementary", { name: "Historial de la fila" });
    await expect.poll(() => history.locator(".history-row-title").textContent()).toBe((await firstAction()).text);
    await expect.poll(() => history.locator(".history-entry").first().textContent()).toContain("columna");
    const entries = await history.locator(".history-entry").allTextContents();
    expect(entries[0]).toContain("columna «Fecha de aprobación»");
    expect(entries[0]).toContain("2018-03-31");
    expect(entries[1]).toContain("columna «Prioridad»");
    expect(entries[1]).toContain("Alta");
    expect(entries.join(" ")).not.toMatch(/priority|approval_date|añadido|quitado/);
    await screenshot(page, "sections-columns-history.png");
    await key("Control+Shift+H");

    await key("Control+Shift+K");
    const item = dialog.locator(".column-item").first();
    await item.getByRole("button", { name: "Cambiar" }).click();
    await item.getByLabel("Encabezado en español").fill("Prioridad acordada");
    await item.getByRole("button", { name: "Guardar" }).click();
    await saved(page);
    await dialog.locator(".column-item").nth(1).getByRole("button", { name: "Mover a la izquierda" }).click();
    await saved(page);
    await dialog.locator(".column-item").nth(1).getByRole("button", { name: "Quitar" }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toContain("con su valor");
    await dialog.getByRole("alert").getByRole("button", { name: "Quitar" }).click();
    await saved(page);
    await dialog.getByRole("button", { name: "Cerrar" }).click();
    await expect.poll(() => page.locator("th.col--custom").allTextContents()).toEqual(["Fecha de aprobación"]);
    await key("Control+z");
    await expect.poll(() => page.locator("th.col--custom").allTextContents()).toEqual(["Fecha de aprobación", "Prioridad acordada"]);
    await expect.poll(async () => (await firstAction()).custom).toEqual({ priority: "Alta", approval_date: "2018-03-31" });
    await key("Control+z");
    await expect.poll(() => page.locator("th.col--custom").allTextContents()).toEqual(["Prioridad acordada", "Fecha de aprobación"]);
    await key("Control+y");
    await expect.poll(() => page.locator("th.col--custom").allTextContents()).toEqual(["Fecha de aprobación", "Prioridad acordada"]);
    expect(session!.problems).toEqual([]);
  });

  it("pastes a block copied from a spreadsheet into the plan's own columns, undone in one step, and refuses a cell that does not fit, pasting nothing", async () => {
    const page = await start("guatemala", { width: 1280, height: 720 });
    const key = (k: string) => page.keyboard.press(k);
    await key("Control+Shift+K");
    const dialog = page.getByRole("dialog", { name: "Columnas propias del plan" });
    for (const [es, en, kind] of [["Meta numérica", "Numeric target", "number"], ["Prioridad", "Priority", "list"]] as const) {
      await dialog.getByLabel("Encabezado en español").fill(es);
      await dialog.getByLabel("Encabezado en inglés").fill(en);
      await dialog.getByLabel("Tipo").selectOption(kind);
      if (kind === "list") await dialog.getByLabel("Opciones de la lista, una por línea").fill("Alta\nMedia\nBaja");
      await dialog.getByRole("button", { name: "Añadir columna" }).click();
      await saved(page);
    }
    await dialog.getByRole("button", { name: "Cerrar" }).click();
    await expect.poll(() => page.locator("th.col--custom").allTextContents()).toEqual(["Meta numérica", "Prioridad"]);

    // The first action's Meta numérica cell (the last but one column): two columns, two rows, as a
    // spreadsheet in Guatemala copies them (es-GT writes 1,250,000.5).
    await key("ArrowDown");
    await key("ArrowDown");
    await key("End");
    await key("ArrowLeft");
    const values = async () => (await planDocument()).pillars[0]!.needs[0]!.actions.slice(0, 2).map((a) => a.custom ?? {});
    await pasteTsv(page, "1,250,000.5\talta\r\n7\tBaja\r\n");
    await saved(page);
    await expect.poll(values).toEqual([
      { numeric_target: "1250000.5", priority: "Alta" },
      { numeric_target: "7", priority: "Baja" },
    ]);
    await expect.poll(() => page.locator(".row-action").first().locator(".col--custom").allTextContents()).toEqual(["1,250,000.5", "Alta"]);
    await expect.poll(() => page.locator(".session-undo-label").textContent()).toBe("celdas pegadas");
    // One paste, one Ctrl+Z.
    await key("Control+z");
    await expect.poll(values).toEqual([{}, {}]);

    // A word in the number column: nothing of the block is pasted, and the banner says where and what was expected.
    await pasteTsv(page, "3\tMedia\r\nmucho\tAlta\r\n");
    await expect.poll(() => page.locator(".error-banner").textContent()).toContain("«mucho» (fila 2 de lo pegado, columna «Meta numérica»)");
    // Guatemala writes a decimal point: the example says so.
    expect(await page.locator(".error-banner").textContent()).toContain("se esperaba un número como 1250000.5.");
    expect(await values()).toEqual([{}, {}]);
    await screenshot(page, "sections-paste-custom-refused.png");
    expect(session!.problems).toEqual([]);
  });

  it("fits the new tabs and panels on small screens", async () => {
    const page = await start("belize", { width: 1024, height: 768 });
    await screenshot(page, "sections-1024-matrix.png");
    await tab(page, "Recomendaciones");
    await screenshot(page, "sections-1024-overarching.png");
    await tab(page, "Consultas");
    await screenshot(page, "sections-1024-rounds.png");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    expect(overflow).toBe(false);
  });
});
