/**
 * Accessible to everyone in the room: axe-core on every screen (no critical or
 * serious violation, headings in order, a level-one heading), the cell cursor on
 * every band in both modes, and the keyboard: F6 / Shift+F6 from area to area,
 * Tab out of the grid, every panel reachable, a filter that goes to its first match
 * and says when nothing matches, and a picker that cancels on the first Esc.
 */
import path from "node:path";
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { LiveState } from "../../src/api/contract";
import type { PlanDocument } from "../../src/domain/document";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { fixturePath } from "../helpers/temp";
import { editWorkbook, financePlan } from "../spreadsheet/fixture";
import { axeViolations, type AxeFinding } from "./axe";
import { browserSuite, createCore, screenshot, type Core, type Session } from "./harness";

const suite = browserSuite("a11y");
let core: Core | undefined;
let session: Session | undefined;

async function start(prepare?: (core: Core) => void): Promise<Page> {
  core = createCore(suite.tempDir("matriz-e2e-a11y-"));
  prepare?.(core);
  session = await suite.open(core);
  session.page.setDefaultTimeout(10_000);
  await session.page.setViewportSize({ width: 1280, height: 720 });
  return session.page;
}

const grid = (page: Page) => page.locator("#matrix-grid");
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { id: el?.id ?? "", label: el?.getAttribute("aria-label") ?? el?.textContent?.trim() ?? "", region: el?.closest("[data-region]")?.getAttribute("data-region") ?? null };
  });

async function openExample(page: Page, example: string) {
  await page.locator(`[data-example="${example}"]`).click();
  await grid(page).waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
}

/** What must be fixed: critical and serious findings, and the heading rules the issue names (moderate in axe). */
const MUST_PASS = new Set(["heading-order", "page-has-heading-one"]);
const blocking = (found: AxeFinding[]) => found.filter((f) => f.impact === "critical" || f.impact === "serious" || MUST_PASS.has(f.id));

/** Runs axe on the page as it is and files what it finds under the screen's name. */
function auditor(page: Page) {
  const findings: Record<string, AxeFinding[]> = {};
  const audit = async (screen: string) => {
    findings[screen] = blocking(await axeViolations(page));
  };
  return { findings, audit };
}

async function cursorOn(page: Page, kind: "row-pillar" | "row-need" | "row-action") {
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < 4; i++) {
    const row = await page.evaluate(() => document.getElementById(document.getElementById("matrix-grid")!.getAttribute("aria-activedescendant")!)?.closest("tr")?.className ?? "");
    if (row.split(" ").includes(kind)) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`no ${kind} near the top`);
}

describe("Accessibility", () => {
  it("finds no critical or serious axe violation on the welcome screen, the editor in both modes, the tabs, panels, dialogs and the regional view", async () => {
    const dir = suite.tempDir("matriz-e2e-a11y-plans-");
    // Two national plans for the regional view, with amounts in one currency.
    const files = ["guatemala", "honduras"].map((id) => {
      const doc: PlanDocument = readDocumentFile(fixturePath(id));
      for (const action of doc.pillars.flatMap((p) => p.needs.flatMap((n) => n.actions))) {
        action.institutions = action.institutions.length ? action.institutions : ["SRE"];
        action.lead = action.institutions[0]!;
        action.budget_lines = [{ institution: action.lead, year: 2018, amount: 500, currency: "USD" }];
      }
      const file = path.join(dir, `${id}.matriz`);
      createPlanFromDocument(file, doc, { author: "t", source: "example" }).close();
      return file;
    });
    const page = await start((c) => (c.dialogs.pickRegionalSources = async () => files));
    const { findings, audit } = auditor(page);

    await page.locator(".example-card").first().waitFor();
    await audit("welcome");
    await openExample(page, "guatemala");
    for (const mode of ["normal", "projector"] as const) {
      if (mode === "projector") await page.keyboard.press("F5");
      // The cursor on every band: the plan opens with it on the first pillar's band.
      for (const band of ["row-pillar", "row-need", "row-action"] as const) {
        await cursorOn(page, band);
        await audit(`matrix ${mode}, cursor on ${band}`);
      }
      await page.keyboard.press("Shift+ArrowDown");
      await page.keyboard.press("Shift+ArrowUp");
      await page.keyboard.press("Shift+ArrowUp");
      await audit(`matrix ${mode}, block selected over the bands`);
      await screenshot(page, `a11y-matrix-${mode}.png`);
      if (mode === "projector") await page.keyboard.press("F5");
    }

    await cursorOn(page, "row-action");
    await page.keyboard.press("Control+Shift+H");
    await page.locator(".history-panel").waitFor();
    await audit("history panel");
    await page.keyboard.press("Control+Shift+H");
    await page.keyboard.press("Control+b");
    await page.getByRole("dialog", { name: "Presupuesto de la acción" }).waitFor();
    await audit("budget panel");
    await page.keyboard.press("Escape");
    await cursorOn(page, "row-need");
    await page.keyboard.press("Control+Delete");
    await page.getByRole("alertdialog").waitFor();
    await audit("delete dialog");
    await page.keyboard.press("Escape");

    for (const tab of ["Actividades existentes", "Brechas", "Resúmenes", "Instituciones", "Devoluciones"]) {
      await page.getByRole("tab", { name: tab }).click();
      if (tab === "Resúmenes") await page.locator(".summary-chart").first().waitFor();
      await audit(`tab ${tab}`);
    }

    await page.getByRole("button", { name: "Cerrar plan" }).click();
    await page.getByRole("button", { name: "Consolidación regional…" }).click();
    await page.getByRole("button", { name: "Añadir planes…" }).click();
    await page.locator(".regional-by-country").waitFor();
    await audit("regional view");
    await screenshot(page, "a11y-regional.png");

    expect(findings).toEqual(Object.fromEntries(Object.keys(findings).map((screen) => [screen, []])));
    expect(Object.keys(findings)).toHaveLength(18);
    expect(session!.problems).toEqual([]);
  }, 120_000);

  it("finds no critical or serious axe violation in the finance export and import dialogs and the conflicts panel", async () => {
    const dir = suite.tempDir("matriz-e2e-a11y-finance-");
    const plan = financePlan(dir);
    plan.store.close();
    const pick = { files: [] as string[] };
    const page = await start((c) => {
      const dialogs = c.dialogs;
      dialogs.pickSpreadsheetsToImport = async () => pick.files;
      dialogs.pickExportPath = async (name) => path.join(dir, name);
      c.workspace.openPlan(plan.file);
    });
    await page.locator(".finance-bar").waitFor();
    const { findings, audit } = auditor(page);

    await page.getByRole("button", { name: "Exportar para instituciones…" }).click();
    const exportDialog = page.getByRole("dialog", { name: "Exportar el libro financiero" });
    await exportDialog.getByRole("radio").first().waitFor();
    await audit("export dialog");
    await page.keyboard.press("Escape");

    // A returned workbook whose amounts were also changed in the plan: conflicts.
    // Exported by the core as File › Export does (the save dialog aside).
    await exportFinanceWorkbook(core!.workspace.current!.db, path.join(dir, "dgm.xlsx"), { institution: "DGM/IGM", language: "es" });
    await core!.dispatch("edit.budgetLine", { actionId: "act-1", line: { id: "line-1", institution: "DGM/IGM", year: 2018, amount: 111, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" } });
    const returned = path.join(dir, "dgm-devuelto.xlsx");
    await editWorkbook(path.join(dir, "dgm.xlsx"), returned, [
      { action: "act-1", key: "amount:2018", value: 1000 },
      { action: "act-1", key: "amount:2019", value: 2000 },
    ]);
    pick.files = [returned];
    await page.getByRole("button", { name: "Importar archivos devueltos…" }).click();
    const importDialog = page.getByRole("dialog", { name: "Importar archivos devueltos" });
    const card = importDialog.locator('[data-file="dgm-devuelto.xlsx"]');
    await expect.poll(() => card.locator(".finance-file-status").textContent()).toBe("Se puede aplicar; los conflictos quedarán para revisar");
    await card.getByText("Detalles").click();
    await audit("import dialog");
    await card.getByRole("button", { name: "Aplicar" }).click();
    await expect.poll(() => card.locator(".finance-file-status").textContent()).toBe("Aplicado");
    await importDialog.getByRole("button", { name: "Cerrar" }).click();
    await importDialog.waitFor({ state: "detached" });
    // The matrix marks the cell in conflict and counts it in its column's heading.
    await expect.poll(() => page.locator("#matrix-grid td.has-conflict").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await audit("matrix with conflict marks");
    await page.getByRole("button", { name: /^Conflictos/ }).first().click();
    const panel = page.getByRole("dialog", { name: "Conflictos de importación" });
    await expect.poll(() => panel.locator(".finance-conflict").count()).toBe(1);
    expect(await panel.locator(".finance-conflict-count").textContent()).toBe("1 conflicto abierto");
    await audit("conflicts panel");
    await panel.locator(".finance-conflict").first().getByRole("button", { name: "Tomar el del archivo" }).click();
    await expect.poll(() => panel.locator(".finance-conflict-count").textContent()).toBe("1 conflicto resuelto. No hay conflictos por resolver.");
    await page.keyboard.press("Escape");
    await page.getByRole("tab", { name: "Resúmenes" }).click();
    await page.locator(".summary-chart").first().waitFor();
    await audit("summaries with charts");

    expect(findings).toEqual({ "export dialog": [], "import dialog": [], "matrix with conflict marks": [], "conflicts panel": [], "summaries with charts": [] });
    expect(session!.problems).toEqual([]);
  }, 60_000);

  it("finds no critical or serious axe violation in the live workshop: host panel, projected code, join dialog with a refusal, a laptop's panel, cursors on the grid, a refusal, a merged copy and its conflicts", async () => {
    const page = await start();
    await openExample(page, "costa-rica");
    const { findings, audit } = auditor(page);
    // Laptop B: its own core and page, joining this one on 127.0.0.1.
    const dirB = suite.tempDir("matriz-e2e-a11y-live-b-");
    const coreB = createCore(dirB);
    await coreB.dispatch("settings.update", { userName: "Relatora" });
    const pageB = (await suite.openAnother(coreB)).page;
    pageB.setDefaultTimeout(10_000);
    await pageB.setViewportSize({ width: 1280, height: 720 });
    const auditB = async (screen: string) => {
      findings[screen] = blocking(await axeViolations(pageB));
    };

    await page.locator("[data-live-status]").click();
    await audit("live panel, not live");
    await page.getByRole("button", { name: "Ser anfitrión de este taller" }).click();
    const code = (await page.locator(".modal--live [data-code]").getAttribute("data-code"))!;
    const address = (await page.locator(".modal--live [data-address]").first().getAttribute("data-address"))!;

    // The host's invitation link opened on laptop B (a QR code scanned, a message clicked): the Join dialog, filled.
    const hosting = ((await core!.dispatch("live.state", undefined)) as { ok: true; value: LiveState }).value.hosting!;
    expect((await coreB.invite(hosting.links[0]!)).ok).toBe(true);
    const invited = pageB.getByRole("dialog", { name: "Unirse a un taller" });
    await invited.locator("[data-live-invitation]").waitFor();
    await auditB("join dialog filled from an invitation link");
    await invited.getByRole("button", { name: "Cancelar" }).click();

    await pageB.getByRole("button", { name: "Unirse a un taller en vivo…" }).click();
    const join = pageB.getByRole("dialog", { name: "Unirse a un taller" });
    await join.getByLabel("Dirección del anfitrión").fill(address);
    await join.getByLabel("Código de emparejamiento o enlace para unirse").fill(code.replace(/^..../, code.startsWith("ZZZZ") ? "YYYY" : "ZZZZ"));
    await join.getByRole("button", { name: "Unirse", exact: true }).click();
    await pageB.locator("[data-live-problem]").waitFor();
    await auditB("join dialog with a refusal");
    await join.getByLabel("Código de emparejamiento o enlace para unirse").fill(code);
    await join.getByRole("button", { name: "Unirse", exact: true }).click();
    await grid(pageB).waitFor();
    await pageB.locator('[data-live-status="online"]').waitFor();
    await page.locator(".live-person", { hasText: "Relatora" }).waitFor();
    await audit("live panel, hosting, with who is here and the locks");
    await page.getByRole("button", { name: "Cerrar", exact: true }).click();

    // Each sees the other's cursor.
    await pageB.locator("tr.row-action td.col--schedule").first().click();
    await page.locator(".peer-name", { hasText: "Relatora" }).waitFor();
    await audit("matrix with another person's cursor");
    await pageB.locator("[data-live-status]").click();
    await pageB.locator(".live-person", { hasText: "Tester" }).waitFor();
    await auditB("live panel on a laptop");
    await pageB.getByRole("button", { name: "Cerrar", exact: true }).click();

    // A refusal: B's pillar is 1, and it clears a cell of pillar 2 (done through the core, as the Delete key does).
    await page.locator("[data-live-status]").click();
    await page.getByLabel("Qué edita Relatora").selectOption({ index: 1 });
    await page.getByRole("button", { name: "Cerrar", exact: true }).click();
    await expect.poll(async () => ((await coreB.dispatch("live.state", undefined)) as { ok: true; value: { scope: unknown } }).value.scope).not.toBeNull();
    const two = coreB.workspace.current!.db.prepare("SELECT a.id FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id WHERE p.number = 2 LIMIT 1").pluck().get() as string;
    await coreB.dispatch("edit.cell", { kind: "action", id: two, field: "schedule", value: null });
    await pageB.locator("[data-live-refusals]").waitFor();
    await auditB("a refusal from the host");

    await page.keyboard.press("F5");
    await page.locator("[data-show-code]").click();
    await page.locator("[data-projected-code] .pairing-qr").waitFor();
    await audit("projector with the code");
    await page.locator("[data-show-code]").click();
    await page.keyboard.press("F5");

    // A copy edited apart, merged from File › Merge a copy…: the result, then its conflict in the panel.
    await core!.dispatch("live.stop", undefined);
    const copy = path.join(dirB, "copia.matriz");
    core!.workspace.current!.saveCopy(copy);
    const action = core!.workspace.current!.db.prepare("SELECT a.id FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id WHERE p.number = 1 LIMIT 1").pluck().get() as string;
    const { PlanStore } = await import("../../src/storage/plan-store");
    const away = PlanStore.open(copy, { device: { id: "laptop-plane", name: "Laptop avión" } });
    const { PlanEditor } = await import("../../src/storage/edits");
    new PlanEditor(away, (label) => ({ author: "Planificadora", source: "typed", label })).setActionSchedule(action, "En 2019");
    away.close();
    await core!.dispatch("edit.cell", { kind: "action", id: action, field: "schedule", value: "En 2018" });
    core!.dialogAnswers.open = copy;
    await page.evaluate(() => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit({ type: "live-command", command: "mergeCopy" }));
    const merged = page.getByRole("dialog", { name: "Copia fusionada" });
    await merged.waitFor();
    await audit("merged copy");
    await merged.getByRole("button", { name: "Revisar los conflictos" }).click();
    await page.locator("[data-live-conflict]").first().waitFor();
    await audit("conflicts panel with live conflicts");
    await screenshot(page, "a11y-live-conflicts.png");

    expect(findings).toEqual(Object.fromEntries(Object.keys(findings).map((screen) => [screen, []])));
    expect(Object.keys(findings)).toHaveLength(10);
    expect(session!.problems).toEqual([]);
  }, 120_000);
  it("finds no critical or serious axe violation on a read-only plan, and with an export under way in the task bar", async () => {
    const dir = suite.tempDir("matriz-e2e-a11y-read-only-");
    const plan = financePlan(dir);
    plan.store.close();
    // A change log naming a table Matriz does not know: the plan opens read-only (reason: history).
    const db = new Database(plan.file);
    const set = db.prepare("INSERT INTO change_set (at, author, source, label) VALUES ('2026-01-01T00:00:00Z', 'x', 'typed', 'x')").run().lastInsertRowid;
    db.prepare("INSERT INTO change (change_set_id, entity, entity_id, op) VALUES (?, 'not_a_table', 'x', 'insert')").run(set);
    db.close();
    let release = () => {};
    const page = await start((c) => {
      c.dialogs.pickExportPath = async (name) => path.join(dir, name);
      c.workspace.openPlan(plan.file);
      // The export waits at the door until the audit is done, so its task shows.
      const dispatch = c.dispatch;
      c.dispatch = async (method, input) => {
        if (method === "dialog.exportNational") await new Promise<void>((resolve) => (release = resolve));
        return dispatch(method, input);
      };
    });
    const { findings, audit } = auditor(page);
    await page.locator("#matrix-grid").waitFor();
    expect(await page.locator(".save-state").textContent()).toBe("Solo lectura — el historial de cambios está dañado");
    await audit("read-only plan");
    await screenshot(page, "a11y-read-only.png");
    await page.evaluate(() => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit({ type: "export", format: "hxl" }));
    await page.locator(".task-item").waitFor();
    await audit("task bar");
    await screenshot(page, "a11y-task-bar.png");
    release();
    await expect.poll(() => page.locator(".notice-bar").textContent(), { timeout: 20_000 }).toContain("HXL");
    expect(findings).toEqual({ "read-only plan": [], "task bar": [] });
    expect(session!.problems).toEqual([]);
  }, 60_000);

  it("goes from area to area with F6 and Shift+F6, out of the grid with Tab, and into every panel", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    const order: Array<string | null> = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press("F6");
      order.push((await focused(page)).region);
    }
    expect(order).toEqual(["top", "finance", "tabs", "session", "filter", "toolbar", "matrix"]);
    expect((await focused(page)).id).toBe("matrix-grid");
    await page.keyboard.press("Shift+F6");
    expect((await focused(page)).region).toBe("toolbar");
    await page.keyboard.press("F6");
    expect((await focused(page)).id).toBe("matrix-grid");

    // Tab walks along an action's row and then leaves the grid; Shift+Tab from its first cell goes back to the toolbar.
    await cursorOn(page, "row-action");
    await page.keyboard.press("Home");
    for (let i = 0; i < 12 && (await focused(page)).id === "matrix-grid"; i++) await page.keyboard.press("Tab");
    expect((await focused(page)).id).not.toBe("matrix-grid");
    await grid(page).focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toMatchObject({ region: "toolbar", label: "Ampliar" });

    // Every panel is reached: the stocktaking's text by F6 and by Tab past the session bar, the history panel by F6.
    await page.getByRole("tab", { name: "Matriz" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.getByRole("tab", { name: "Actividades existentes" }).getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("F6");
    await page.keyboard.press("F6");
    expect((await focused(page)).id).toBe("panel-stocktaking");
    await page.getByRole("tab", { name: "Actividades existentes" }).focus();
    for (let i = 0; i < 10 && (await focused(page)).id !== "panel-stocktaking"; i++) await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("panel-stocktaking");
    // Focused, it scrolls by keyboard.
    await page.keyboard.press("PageDown");
    await expect.poll(() => page.locator("#panel-stocktaking").evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    await page.getByRole("tab", { name: "Matriz" }).click();
    await grid(page).waitFor();
    await grid(page).focus();
    await page.keyboard.press("Control+Shift+H");
    await page.locator(".history-panel").waitFor();
    await page.keyboard.press("F6");
    expect((await focused(page)).region).toBe("history");
    await page.keyboard.press("Shift+F6");
    expect((await focused(page)).id).toBe("matrix-grid");
    await page.keyboard.press("Control+Shift+H");

    // Projector mode: the slim bar and the matrix, and Shift+Tab reaches the way out.
    await page.keyboard.press("F5");
    await page.locator(".projector-bar").waitFor();
    const projectorOrder: Array<string | null> = [];
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press("F6");
      projectorOrder.push((await focused(page)).region);
    }
    expect(projectorOrder).toEqual(["projector", "matrix"]);
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+Tab");
    expect((await focused(page)).label).toContain("Salir del modo proyector");
    expect(session!.problems).toEqual([]);
  });

  it("takes a filter to its first match, says when nothing matches, and clears it", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    await page.keyboard.press("Control+End");
    const scrolled = () => page.locator(".matrix-scroll").evaluate((el) => el.scrollTop);
    await expect.poll(scrolled).toBeGreaterThan(500);
    await page.keyboard.press("Control+f");
    await page.keyboard.type("asylum");
    await expect.poll(() => page.locator(".filter-count").textContent()).toMatch(/^[1-9]\d* de 32 acciones$/);
    await page.keyboard.press("Enter");
    const cursor = async () => {
      const id = await grid(page).getAttribute("aria-activedescendant");
      const cell = page.locator(`[id="${id}"]`);
      return { row: (await cell.evaluate((td) => td.closest("tr")!.className)).split(" ")[0], text: (await cell.textContent()) ?? "", inView: await cell.isVisible() };
    };
    await expect.poll(cursor).toMatchObject({ row: "row-action", text: expect.stringMatching(/asylum/i), inView: true });
    const first = (await page.locator(".row-action .action-text").first().textContent()) ?? "";
    expect((await cursor()).text).toBe(first);
    expect(await scrolled()).toBeLessThan(100);

    await page.keyboard.press("Control+f");
    await page.keyboard.type("ninguna acción dice esto");
    const nothing = page.locator(".matrix-nothing");
    await expect.poll(() => nothing.textContent()).toContain("Ninguna acción coincide con este filtro.");
    expect(await page.locator(".filter-count").textContent()).toBe("0 de 32 acciones");
    await screenshot(page, "a11y-filter-nothing.png");
    await nothing.getByRole("button", { name: "Quitar filtros" }).click();
    await expect.poll(() => nothing.count()).toBe(0);
    expect(await page.locator("#matrix-filter-text").inputValue()).toBe("");
    expect(await page.locator(".filter-count").textContent()).toBe("32 acciones");
    expect((await focused(page)).id).toBe("matrix-grid");
    expect(session!.problems).toEqual([]);
  });

  it("cancels the institution picker on the first Esc, as its hint says", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    await cursorOn(page, "row-action");
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    const before = await page.locator(".row-action").first().locator("td.col--institutions").textContent();
    await page.keyboard.press("Enter");
    await page.locator(".picker-input").waitFor();
    expect(await page.locator(".cell-editor-hint").textContent()).toContain("Esc: cancelar");
    await page.keyboard.type("MIN");
    await page.keyboard.press("Escape");
    await page.locator(".picker").waitFor({ state: "detached" });
    expect((await focused(page)).id).toBe("matrix-grid");
    expect(await page.locator(".row-action").first().locator("td.col--institutions").textContent()).toBe(before);
    expect(session!.problems).toEqual([]);
  });
});
