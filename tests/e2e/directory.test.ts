/**
 * The institution directory, the returns tracker, the history's changed words and
 * conflict marks, end to end in Chromium: a secretariat merges the spellings of
 * one body and renames another (undone and redone), reads what changed in a long
 * action text and a budget line, sees which cells hold open conflicts, and is
 * asked before printing a chapter while conflicts are open.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { FULL_NAME, VARIANT, planWithOpenConflict, spellingsPlan } from "../directory/fixture";
import { browserSuite, type Core, createCore, screenshot, type Session } from "./harness";
import { planDocumentOf, saved } from "../helpers/e2e-steps";

const suite = browserSuite("directory");
let core: Core | undefined;
let session: Session | undefined;

/** Opens a plan made by `make` in the app (through the core, as File › Open would). */
async function start(make: (dir: string) => Promise<{ file: string; store: { close(): void } }> | { file: string; store: { close(): void } }): Promise<Page> {
  const dir = suite.tempDir("matriz-e2e-directory-");
  const plan = await make(dir);
  plan.store.close();
  core = createCore(dir);
  core.workspace.openPlan(plan.file);
  session = await suite.open(core);
  session.page.setDefaultTimeout(8000);
  await session.page.locator("#matrix-grid").waitFor();
  return session.page;
}

const planDocument = () => planDocumentOf(core!);

const actionOf = async (id: string) => (await planDocument()).pillars.flatMap((p) => p.needs.flatMap((n) => n.actions)).find((a) => a.id === id)!;
const directoryRow = (page: Page, label: string) => page.locator(`.directory-table tbody tr[data-institution="${label}"]`);

describe("the institution directory", () => {
  it("merges a spelling into another entry with one undo, and redo merges again", async () => {
    const page = await start((dir) => spellingsPlan(dir));
    await page.getByRole("tab", { name: "Instituciones" }).click();
    await directoryRow(page, VARIANT).waitFor();
    // The likely duplicates are suggested together.
    const suggestion = page.locator(".directory-suggestion").filter({ hasText: FULL_NAME });
    await expect.poll(() => suggestion.locator(".tag").allTextContents()).toEqual(["SBS", VARIANT, FULL_NAME]);
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, "directory-1280x720.png");
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, "directory-1024x768.png");

    await directoryRow(page, VARIANT).getByRole("button", { name: `Fusionar en… ${VARIANT}` }).click();
    const dialog = page.getByRole("dialog", { name: `Fusionar «${VARIANT}»` });
    await dialog.getByRole("combobox").selectOption({ label: "SBS" });
    await expect.poll(() => dialog.locator(".directory-merge-explain").textContent()).toBe(
      "Sus 2 acciones y 2 líneas de presupuesto pasan a «SBS», y con ellas las exportaciones y el historial. Ctrl+Z lo deshace.",
    );
    await dialog.getByRole("button", { name: "Fusionar", exact: true }).click();
    await directoryRow(page, VARIANT).waitFor({ state: "detached" });
    await expect.poll(() => directoryRow(page, "SBS").locator(".directory-merged").textContent()).toBe(`Incluye: ${VARIANT}`);
    await expect.poll(() => directoryRow(page, "SBS").locator("td.num").allTextContents()).toEqual(["2", "3"]);
    expect(await actionOf("act-both")).toMatchObject({ institutions: ["SBS", "PGN"], lead: "SBS" });

    // The matrix shows one institution where there were two spellings.
    await page.getByRole("tab", { name: "Matriz" }).click();
    const both = page.locator('tr[data-key="a:act-both"] .col--institutions');
    await expect.poll(() => both.locator(".institution").allTextContents()).toEqual(["SBS coordina", "PGN"]);

    // One undo brings both spellings back, with the lead where it was; redo merges again.
    await page.locator("#matrix-grid").focus();
    await page.keyboard.press("Control+z");
    await saved(page);
    await expect.poll(async () => (await actionOf("act-both")).institutions).toEqual(["SBS", VARIANT, "PGN"]);
    expect((await actionOf("act-both")).lead).toBe(VARIANT);
    await expect.poll(() => both.locator(".institution").allTextContents()).toEqual([`${VARIANT} coordina`, "SBS", "PGN"]);
    await page.keyboard.press("Control+y");
    await saved(page);
    await expect.poll(async () => (await actionOf("act-both")).institutions).toEqual(["SBS", "PGN"]);
    expect(session!.problems).toEqual([]);
  });

  it("renames an entry and keeps its details; one undo takes the whole edit back", async () => {
    const page = await start((dir) => spellingsPlan(dir));
    await page.getByRole("tab", { name: "Instituciones" }).click();
    await directoryRow(page, "PGN").getByRole("button", { name: "Editar: PGN" }).click();
    const dialog = page.getByRole("dialog", { name: "PGN" });
    await dialog.getByLabel("Nombre en la matriz").fill("Procuraduría General de la Nación (PGN)");
    await dialog.getByLabel("Sigla").fill("PGN");
    await dialog.getByLabel("Tipo de institución").selectOption({ label: "Entidad autónoma" });
    await dialog.getByLabel("Punto focal: nombre").fill("Ana Pérez");
    await dialog.getByLabel("Correo electrónico").fill("aperez@pgn.gob.gt");
    await dialog.getByLabel("Teléfono").fill("+502 2414 8787");
    await dialog.getByLabel("Nivel").selectOption({ label: "Político" });
    await dialog.getByRole("button", { name: "Guardar" }).click();
    const row = directoryRow(page, "Procuraduría General de la Nación (PGN)");
    await expect.poll(() => row.locator("td").nth(0).textContent()).toBe("Entidad autónoma");
    await expect.poll(() => row.locator("td").nth(3).textContent()).toBe("Ana Pérezaperez@pgn.gob.gt+502 2414 8787Político");
    expect((await actionOf("act-mineduc")).institutions).toEqual(["MINEDUC", "Procuraduría General de la Nación (PGN)"]);
    await screenshot(page, "directory-edited.png");

    // One step: the name and the details together.
    await page.locator(".directory-done").getByRole("button", { name: "Deshacer" }).click();
    const back = directoryRow(page, "PGN");
    await expect.poll(() => back.locator("td").nth(0).textContent()).toBe("");
    await expect.poll(async () => (await actionOf("act-mineduc")).institutions).toEqual(["MINEDUC", "PGN"]);
    await page.getByRole("tab", { name: "Matriz" }).click();
    await page.locator("#matrix-grid").focus();
    await page.keyboard.press("Control+y");
    await expect.poll(async () => (await actionOf("act-mineduc")).institutions).toEqual(["MINEDUC", "Procuraduría General de la Nación (PGN)"]);
    expect(session!.problems).toEqual([]);
  });

  it("refuses a rename onto another entry's name, saying to merge, and changes nothing", async () => {
    const page = await start((dir) => spellingsPlan(dir));
    const before = await planDocument();
    await page.getByRole("tab", { name: "Instituciones" }).click();
    await directoryRow(page, VARIANT).getByRole("button", { name: `Editar: ${VARIANT}` }).click();
    const dialog = page.getByRole("dialog", { name: VARIANT });
    await dialog.getByLabel("Nombre en la matriz").fill("SBS");
    await dialog.getByRole("button", { name: "Guardar" }).click();
    await expect.poll(() => page.locator(".error-banner").textContent()).toContain("fusiónelas en el directorio de instituciones");
    expect(await dialog.isVisible()).toBe(true);
    const { revision: _a, ...now } = await planDocument();
    const { revision: _b, ...then } = before;
    expect(now).toEqual(then);
  });

  it("offers every directory entry with its counts in the export dialog, none chosen", async () => {
    const page = await start((dir) => spellingsPlan(dir));
    await page.getByRole("button", { name: "Exportar para instituciones…" }).click();
    const dialog = page.getByRole("dialog", { name: "Exportar el libro financiero" });
    await expect.poll(() => dialog.locator(".finance-choice").count()).toBe(7);
    expect(await dialog.locator("input[type=radio][name=finance-institution]:checked").count()).toBe(0);
    expect(await dialog.getByRole("button", { name: "Exportar…" }).isDisabled()).toBe(true);
    await expect.poll(() => dialog.locator(".finance-choice", { hasText: VARIANT }).locator(".finance-choice-counts").textContent()).toBe("2 acciones · 2 líneas de presupuesto");
  });
});

describe("the history of a row", () => {
  it("shows the words changed at the end of a long action text, and a budget line with year, amount and currency", async () => {
    const page = await start((dir) => spellingsPlan(dir));
    const text = page.locator('tr[data-key="a:act-both"] .col--action');
    await text.click();
    await page.keyboard.press("F2");
    await page.locator(".cell-editor-input").waitFor();
    await page.keyboard.type(", in Guatemala City, Quetzaltenango and Tecún Umán");
    await page.keyboard.press("Enter");
    await saved(page);
    const line = await core!.dispatch("edit.budgetLine", { actionId: "act-both", line: { institution: "PGN", year: 2019, amount: 125000, currency: "GTQ" } });
    expect(line.ok).toBe(true);
    // Enter moved the cursor down: back to the row whose history is wanted.
    await text.click();
    await page.getByRole("button", { name: "Historial" }).click();
    const panel = page.getByRole("complementary", { name: "Historial de la fila" });
    await expect.poll(() => panel.locator(".history-detail").first().textContent()).toBe("línea añadida: 2019 · 125,000.00 GTQ · PGN");
    const diff = panel.locator(".history-diff").first();
    await expect.poll(() => diff.locator("ins").allTextContents()).toEqual([", in Guatemala City, Quetzaltenango and Tecún Umán"]);
    expect(await diff.locator(".history-gap").count()).toBe(1);
    await screenshot(page, "history-diff.png");

    // Undone and redone: each is an entry of its own, the diff the other way round.
    await page.locator("#matrix-grid").focus();
    await page.keyboard.press("Control+z");
    await page.keyboard.press("Control+z");
    await saved(page);
    await expect.poll(async () => (await actionOf("act-both")).text).toBe("Strengthen the shelters for unaccompanied migrant children and adolescents");
    await expect.poll(() => panel.locator(".history-diff").first().locator("del").allTextContents()).toEqual([", in Guatemala City, Quetzaltenango and Tecún Umán"]);
    await page.keyboard.press("Control+y");
    await expect.poll(async () => (await actionOf("act-both")).text).toContain("Tecún Umán");
    expect(session!.problems).toEqual([]);
  });
});

describe("open conflicts", () => {
  it("mark their cells and the column's header, fill the returns tracker, and ask before the chapter is printed", async () => {
    const page = await start((dir) => planWithOpenConflict(dir));
    const cell = page.locator('tr[data-key="a:act-variant"] td.col--budget');
    await expect.poll(() => cell.getAttribute("class")).toContain("has-conflict");
    expect(await cell.locator(".conflict-mark").textContent()).toBe("!1 conflicto abierto en esta celda");
    expect(await page.locator("td.has-conflict").count()).toBe(1);
    expect(await page.locator("thead th.col--budget .conflict-count").textContent()).toBe("11 conflicto abierto en esta columna");
    await screenshot(page, "conflict-marks.png");

    await page.getByRole("tab", { name: "Devoluciones" }).click();
    const row = page.locator(`.returns-table tr[data-institution="${VARIANT}"]`);
    await expect.poll(() => row.locator(".returns-status").textContent()).toBe("Devuelto con conflictos");
    expect(await row.textContent()).toContain("variant-filled.xlsx · importó Luis");
    expect(await page.locator('.returns-table tr[data-institution="MINEDUC"] .returns-status').textContent()).toBe("Sin enviar");
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, "returns-1024x768.png");

    await page.getByRole("tab", { name: "Resúmenes" }).click();
    core!.dialogAnswers.save = null;
    await page.getByRole("button", { name: "Imprimir / PDF" }).click();
    const ask = page.getByRole("alertdialog");
    await expect.poll(() => ask.locator("p").textContent()).toBe(
      "Hay 1 conflicto abierto entre archivos devueltos y el plan. El documento lo indicará y sus cifras pueden cambiar. ¿Exportar igualmente?",
    );
    expect(core!.exportDialogs).toBe(0);
    await ask.getByRole("button", { name: "Revisar los conflictos" }).click();
    await page.getByRole("dialog", { name: "Conflictos de importación" }).waitFor();
  });

  it("are said by the notice after a national export from the menu", async () => {
    const page = await start((dir) => planWithOpenConflict(dir));
    core!.dialogAnswers.save = `${core!.dir}/nacional.xlsx`;
    const result = await core!.dispatch("dialog.exportNational", { format: "xlsx" });
    expect(result.ok).toBe(true);
    await expect.poll(() => page.locator(".notice-warning").textContent()).toBe("Con 1 conflicto abierto: el archivo lo indica.");
  });
});
