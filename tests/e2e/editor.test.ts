/**
 * The matrix editor end to end: a facilitator's whole session by keyboard alone,
 * then the filter, projector mode, the delete confirmation, a budget line typed
 * in a comma-decimal locale, and the grid's screen-reader roles.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { PlanDocument } from "../../src/domain/document";
import { browserSuite, type Core, createCore, screenshot, type Session } from "./harness";
import { pasteTsv, planDocumentOf, saved } from "../helpers/e2e-steps";

const suite = browserSuite("editor");
/** The core and page of the running test; the suite closes them after each test. */
let core: Core | undefined;
let session: Session | undefined;

async function start(options: { dir?: string; locale?: string; prepare?: (core: Core) => void } = {}): Promise<Page> {
  const dir = options.dir ?? suite.tempDir("matriz-e2e-editor-");
  core = createCore(dir, options.locale);
  options.prepare?.(core);
  session = await suite.open(core);
  return session.page;
}

const planDocument = () => planDocumentOf(core!);

const grid = (page: Page) => page.locator("#matrix-grid");

async function openExample(page: Page, example: string) {
  await page.locator(`[data-example="${example}"]`).click();
  await grid(page).waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
}

/** The text of the cell under the cursor, as the grid announces it. */
async function cursorCell(page: Page) {
  const id = await grid(page).getAttribute("aria-activedescendant");
  const cell = page.locator(`[id="${id}"]`);
  return { row: Number(await cell.getAttribute("data-row")), col: Number(await cell.getAttribute("data-col")), text: (await cell.textContent()) ?? "" };
}

async function typeCell(page: Page, text: string, commit: "Enter" | "Control+Enter") {
  await page.locator(".cell-editor-input").waitFor();
  await page.keyboard.type(text);
  await page.keyboard.press(commit);
  if (commit === "Enter") await page.locator(".cell-editor").waitFor({ state: "detached" });
}

function allActions(doc: PlanDocument) {
  return doc.pillars.flatMap((p) => p.needs.flatMap((n) => n.actions.map((a) => ({ pillar: p.number, need: n.title, ...a }))));
}


describe("The matrix editor", () => {
  it("plays a facilitator's whole session by keyboard and keeps it through a restart", async () => {
    const dir = suite.tempDir("matriz-e2e-session-");
    const planPath = `${dir}/consulta.matriz`;
    let page = await start({ dir, prepare: (c) => (c.dialogAnswers.save = planPath) });
    const key = (k: string) => page.keyboard.press(k);

    // A new plan from the Guatemala template, from the welcome screen.
    await page.locator('[data-template="guatemala"]').focus();
    await key("Enter");
    await grid(page).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    expect(await page.locator(".row-empty").count()).toBe(4);

    // Need A in pillar 1 with four actions, typed one after the other.
    await key("Control+Alt+Enter");
    await typeCell(page, "Identificar a las personas con necesidad de protección internacional", "Control+Enter");
    const needA = ["Capacitar a delegados de migración en frontera", "Instalar módulos de información en los puestos fronterizos", "Elaborar un protocolo de derivación", "Publicar una guía para solicitantes"];
    for (const [i, text] of needA.entries()) await typeCell(page, text, i < needA.length - 1 ? "Control+Enter" : "Enter");
    // Enter went down to pillar 2; one up is the need's last action, and a new need follows it.
    await key("ArrowUp");
    await key("Control+Alt+Enter");
    await typeCell(page, "Fortalecer el procedimiento de asilo", "Control+Enter");
    const needB = ["Digitalizar los expedientes de CONARE", "Contratar intérpretes", "Reducir los plazos de resolución"];
    for (const [i, text] of needB.entries()) await typeCell(page, text, i < needB.length - 1 ? "Control+Enter" : "Enter");
    // Now on pillar 2's band: a need at its start.
    expect((await cursorCell(page)).text).toContain("Pilar 2");
    await key("Control+Alt+Enter");
    await typeCell(page, "Atender necesidades inmediatas", "Control+Enter");
    const needC = ["Albergues temporales", "Atención psicosocial", "Kits de higiene"];
    for (const [i, text] of needC.entries()) await typeCell(page, text, i < needC.length - 1 ? "Control+Enter" : "Enter");
    await saved(page);
    let doc = await planDocument();
    expect(allActions(doc).map((a) => a.text)).toEqual([...needA, ...needB, ...needC]);
    expect(doc.pillars[0]!.needs.map((n) => n.title)).toEqual(["Identificar a las personas con necesidad de protección internacional", "Fortalecer el procedimiento de asilo"]);

    // Institutions: new names on the first action, then the typeahead on the second; Shift+Enter marks the lead.
    await key("Control+Home");
    await key("ArrowDown");
    await key("ArrowDown");
    await key("ArrowRight");
    await key("ArrowRight");
    expect((await cursorCell(page)).col).toBe(2);
    await key("Enter");
    await page.locator(".picker-input").waitFor();
    await page.keyboard.type("DGM/IGM");
    await key("Enter");
    await page.keyboard.type("MINEX");
    await key("Shift+Enter");
    await screenshot(page, "editor-institutions-picker.png");
    await key("Enter");
    await page.locator(".picker").waitFor({ state: "detached" });
    expect((await cursorCell(page)).row).toBe(3);
    await key("Enter");
    await page.locator(".picker-input").waitFor();
    await page.keyboard.type("dgm");
    await expect.poll(() => page.locator(".picker-option.is-highlighted").textContent()).toBe("DGM/IGM");
    await key("Shift+Enter");
    await page.keyboard.type("mine");
    await expect.poll(() => page.locator(".picker-option.is-highlighted").textContent()).toBe("MINEX");
    await key("Enter");
    await key("Enter");
    await saved(page);
    doc = await planDocument();
    const [first, second] = doc.pillars[0]!.needs[0]!.actions;
    expect(first).toMatchObject({ institutions: ["DGM/IGM", "MINEX"], lead: "MINEX" });
    expect(second).toMatchObject({ institutions: ["DGM/IGM", "MINEX"], lead: "DGM/IGM" });

    // A 5×3 block pasted on need C's first action: three actions overwritten, two added. Guatemala's
    // third column is the budget, which a paste cannot write: that column is left alone.
    // Pillar 1, need A and its 4 actions, need B and its 3, pillar 2, need C: its first action is row 12.
    await key("Control+Home");
    for (let i = 0; i < 12; i++) await key("ArrowDown");
    await key("ArrowRight");
    expect((await cursorCell(page)).text).toBe("Albergues temporales");
    const block = [
      ["Albergues temporales en Tecún Umán", "SBS, *SOSEP", "2018, 2019"],
      ["Atención psicosocial en albergues", "MSPAS", "2018 - 2020"],
      ["Kits de higiene para familias", "SOSEP", "Durante 2019"],
      ["Espacios amigables para la niñez", "*PGN, UNICEF", "2019"],
      ["Transporte humanitario", "DGM/IGM", "2020"],
    ];
    await pasteTsv(page, block.map((r) => r.join("\t")).join("\r\n") + "\r\n");
    await saved(page);
    await expect.poll(async () => (await planDocument()).pillars[1]!.needs[0]!.actions.length).toBe(5);
    doc = await planDocument();
    const needCActions = doc.pillars[1]!.needs[0]!.actions;
    expect(needCActions.map((a) => a.text)).toEqual(block.map((r) => r[0]));
    expect(needCActions[0]).toMatchObject({ institutions: ["SBS", "SOSEP"], lead: "SOSEP", budget_lines: [] });
    expect(needCActions[3]).toMatchObject({ institutions: ["PGN", "UNICEF"], lead: "PGN" });
    // The last pasted row is below the screen: walking down to it shows it.
    for (let i = 0; i < 4; i++) await key("ArrowDown");
    await expect.poll(() => page.getByText("Transporte humanitario").count()).toBe(1);
    expect((await cursorCell(page)).text).toBe("Transporte humanitario");
    await screenshot(page, "editor-after-paste.png");

    // "Move to…": need B's first action goes to need A.
    await key("Control+Home");
    for (let i = 0; i < 7; i++) await key("ArrowDown");
    await key("ArrowRight");
    expect((await cursorCell(page)).text).toBe("Digitalizar los expedientes de CONARE");
    await key("Control+m");
    await page.getByRole("dialog").waitFor();
    await page.keyboard.type("identificar");
    await key("Enter");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await saved(page);
    const needsOf = async (text: string) => allActions(await planDocument()).find((a) => a.text === text)?.need;
    await expect.poll(() => needsOf("Digitalizar los expedientes de CONARE")).toBe("Identificar a las personas con necesidad de protección internacional");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    // The cursor followed its row.
    await expect.poll(async () => (await cursorCell(page)).text).toBe("Digitalizar los expedientes de CONARE");

    // Undo and redo, by keyboard, with the undo button naming the step.
    await expect.poll(() => page.locator(".session-undo-label").textContent()).toBe("acción movida");
    await key("Control+z");
    await expect.poll(() => needsOf("Digitalizar los expedientes de CONARE")).toBe("Fortalecer el procedimiento de asilo");
    await key("Control+y");
    await expect.poll(() => needsOf("Digitalizar los expedientes de CONARE")).toBe("Identificar a las personas con necesidad de protección internacional");
    await saved(page);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    await screenshot(page, "editor-session.png");
    const before = await planDocument();
    expect(allActions(before)).toHaveLength(12);
    expect(session!.problems).toEqual([]);

    // The app "reopened": a new core on the same settings and files, a fresh page.
    await session!.close();
    core!.dispose();
    session = undefined;
    page = await start({ dir });
    await page.locator(".recent-item").first().focus();
    await page.keyboard.press("Enter");
    await grid(page).waitFor();
    const after = await planDocument();
    const strip = (d: PlanDocument) => allActions(d).map(({ text, need, institutions, lead, schedule, schedule_years }) => ({ text, need, institutions, lead, schedule, schedule_years }));
    expect(strip(after)).toEqual(strip(before));
    // 4 pillars, 3 needs, 12 actions, 2 empty pillars, plus the heading row.
    expect(await grid(page).getAttribute("aria-rowcount")).toBe(String(4 + 3 + 12 + 2 + 1));
    expect(await page.getByText("Digitalizar los expedientes de CONARE").count()).toBe(1);
    expect(await page.locator(".row-action").first().locator(".institution--lead").textContent()).toContain("MINEX");
    await screenshot(page, "editor-reopened.png");
    expect(session!.problems).toEqual([]);
  }, 90_000);

  it("pastes status words copied from a spreadsheet into the status column, and refuses a word that is not one, saying so", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    const key = (k: string) => page.keyboard.press(k);
    // Pillar 1, need 1.1, its first action: the status column is the last one.
    await key("Control+Home");
    await key("ArrowDown");
    await key("ArrowDown");
    await key("End");
    const statuses = async () => (await planDocument()).pillars[0]!.needs[0]!.actions.slice(0, 3).map((a) => a.status ?? "planned");
    await pasteTsv(page, "Cumplida\r\nin progress\r\nRetrasada\r\n");
    await saved(page);
    await expect.poll(statuses).toEqual(["done", "in_progress", "delayed"]);
    await expect.poll(() => page.locator(".row-action").first().locator(".col--status .status-badge").textContent()).toBe("Cumplida");
    // A word that is no status: nothing pasted, and the banner says which word, on which row, and what to write.
    await pasteTsv(page, "En curso\r\nterminado\r\n");
    await expect.poll(() => page.locator(".error-banner").textContent()).toContain("«terminado» (fila 2 de lo pegado) no es un estado");
    expect(await page.locator(".error-banner").textContent()).toContain("No iniciada, En curso, Cumplida, Retrasada, Cancelada");
    expect(await statuses()).toEqual(["done", "in_progress", "delayed"]);
    await screenshot(page, "editor-paste-status-refused.png");
    expect(session!.problems).toEqual([]);
  });

  it("filters by text and institution, showing matching actions with their needs and pillars", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    await page.keyboard.press("Control+f");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("matrix-filter-text");
    await page.keyboard.type("ASILO asylum");
    await expect.poll(() => page.locator(".filter-count").textContent()).toMatch(/^0 de 32 acciones$/);
    await page.locator("#matrix-filter-text").fill("asylum");
    await expect.poll(() => page.locator(".filter-count").textContent()).toMatch(/^[1-9]\d* de 32 acciones$/);
    const texts = await page.locator(".row-action .action-text").allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text.toLowerCase()).toContain("asylum");
    expect(await page.locator(".row-pillar").count()).toBeGreaterThan(0);
    expect(await page.locator(".row-need").count()).toBeGreaterThan(0);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    await page.getByRole("button", { name: "Quitar filtros" }).click();
    await page.getByLabel("Institución", { exact: true }).selectOption("DGM/IGM");
    await expect.poll(() => page.locator(".filter-count").textContent()).toMatch(/^[1-9]\d* de 32 acciones$/);
    for (const cell of await page.locator(".row-action td.col--institutions").allTextContents()) expect(cell).toContain("DGM/IGM");
    await screenshot(page, "editor-filter.png");
    expect(session!.problems).toEqual([]);
  });

  it("switches to projector mode with large type and zooms with Ctrl+plus and Ctrl+0", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    const fontSize = () => grid(page).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await fontSize();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("F5");
    expect(await page.locator("html").getAttribute("class")).toContain("projector");
    expect(await fontSize()).toBeGreaterThan(normal * 1.4);
    await page.keyboard.press("Control+=");
    await expect.poll(() => page.locator(".zoom-level").textContent()).toBe("110 %");
    const zoomed = await fontSize();
    await screenshot(page, "editor-projector.png");
    await page.keyboard.press("Control+0");
    await expect.poll(() => page.locator(".zoom-level").textContent()).toBe("100 %");
    expect(await fontSize()).toBeLessThan(zoomed);
    // The cursor row is lit up.
    const background = await page.locator("td.is-cursor").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe("rgb(255, 255, 255)");
    await page.keyboard.press("F5");
    expect(await page.locator("html").getAttribute("class")).not.toContain("projector");
    expect(session!.problems).toEqual([]);
  });

  it("asks before deleting a need, says what goes, and undo brings it back", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    await page.keyboard.press("ArrowDown");
    expect((await cursorCell(page)).text).toContain("Identify persons in need of international protection");
    const needs = (await planDocument()).pillars[0]!.needs.length;
    await page.keyboard.press("Control+Delete");
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("«Identify persons in need of international protection»");
    expect(await dialog.textContent()).toContain("Se borrará la necesidad con sus 6 acciones y ninguna línea de presupuesto.");
    await screenshot(page, "editor-delete-confirm.png");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect((await planDocument()).pillars[0]!.needs).toHaveLength(needs);
    await page.keyboard.press("Control+Delete");
    await dialog.waitFor();
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await planDocument()).pillars[0]!.needs.length).toBe(needs - 1);
    await expect.poll(() => grid(page).getAttribute("aria-rowcount")).toBe(String(46 - 7));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await planDocument()).pillars[0]!.needs.length).toBe(needs);
    await expect.poll(() => grid(page).getAttribute("aria-rowcount")).toBe("46");
    expect(session!.problems).toEqual([]);
  });

  it("enters a budget line typed as 1.250.000,50 in a comma-decimal locale", async () => {
    const page = await start({ locale: "es-ES" });
    await openExample(page, "guatemala");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    expect(await page.locator("thead th").nth((await cursorCell(page)).col).textContent()).toBe("Presupuesto");
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog", { name: "Presupuesto de la acción" });
    await panel.waitFor();
    await panel.getByLabel("Monto").fill("1.250.000,50");
    expect(await panel.locator("#budget-amount-read").textContent()).toBe("Se guardará como 1.250.000,50");
    await panel.getByLabel("PEI").fill("PEI 2017-2021 R1");
    await panel.getByLabel("Fuente de financiamiento").selectOption("national_budget");
    await panel.getByLabel("Monto").press("Enter");
    await expect.poll(() => panel.locator(".budget-table td.amount").allTextContents()).toEqual(["1.250.000,50"]);
    await saved(page);
    const line = (await planDocument()).pillars[0]!.needs[0]!.actions[0]!.budget_lines![0]!;
    expect(line).toMatchObject({ institution: "DGM/IGM", year: 2018, amount: 1250000.5, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2017-2021 R1" });
    await screenshot(page, "editor-budget.png");
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    expect(await page.locator(".row-action").first().locator(".col--budget .amount").textContent()).toBe("1.250.000,50");
    expect(session!.problems).toEqual([]);
  });

  it("exposes grid, rows, cells, headers, toolbar and status to screen readers", async () => {
    const page = await start();
    await openExample(page, "honduras");
    const matrix = page.getByRole("grid", { name: "Matriz de consulta: Honduras" });
    expect(await matrix.count()).toBe(1);
    expect(Number(await matrix.getAttribute("aria-rowcount"))).toBeGreaterThan(10);
    // Reference, action, institutions, schedule, the five financial columns and the status.
    expect(await matrix.getAttribute("aria-colcount")).toBe("10");
    expect(await page.getByRole("columnheader").count()).toBe(10);
    const rows = page.getByRole("row");
    expect(await rows.first().getAttribute("aria-rowindex")).toBe("1");
    expect(await rows.nth(1).getAttribute("aria-rowindex")).toBe("2");
    expect(await page.getByRole("gridcell").count()).toBeGreaterThan(10);
    const active = await matrix.getAttribute("aria-activedescendant");
    expect(await page.locator(`[id="${active}"]`).getAttribute("role")).toBe("gridcell");
    expect(await page.getByRole("toolbar", { name: "Herramientas de la matriz" }).count()).toBe(1);
    expect(await page.getByRole("search").count()).toBe(1);
    expect(await page.getByRole("status").filter({ hasText: "Guardado" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Nada que deshacer" }).isDisabled()).toBe(true);
    // The row menu is a real menu of menu items.
    await page.keyboard.press("Shift+F10");
    expect(await page.getByRole("menu").getByRole("menuitem").count()).toBeGreaterThan(8);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("menuitem");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    // An editor names itself and its combobox; Esc gives the keyboard back to the grid.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    expect(await page.getByRole("combobox", { name: "Instituciones responsables" }).count()).toBe(1);
    expect(await page.getByRole("listbox").count()).toBe(1);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
    expect(session!.problems).toEqual([]);
  });
});
