/**
 * Undoing a conflict's resolution reopens the conflict: the value the plan had
 * comes back and the conflict is open again (listed, counted by the exports'
 * warning); redo resolves it again. Budget lines, the plan's own columns and
 * monitoring values alike, through the same API the app calls.
 */
import ExcelJS from "exceljs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/api/dispatch";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import { exportMonitoringWorkbook } from "../../src/monitoring/workbook-export";
import { openConflictCounts } from "../../src/spreadsheet/conflicts";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { PlanEditor } from "../../src/storage/edits";
import { historyState } from "../../src/storage/history";
import { editWorkbook, financePlan, linesOf } from "../spreadsheet/fixture";
import { monitoringAddress } from "../monitoring/addresses";
import { monitoringPlan } from "../monitoring/fixture";
import { callerOf } from "../helpers/api";
import { RESOURCES_DIR, tempDir } from "../helpers/temp";

function open(file: string, dir: string) {
  const settings = new SettingsStore(path.join(dir, "settings.json"), "es-GT", "Secretaría");
  const workspace = new Workspace({ resourcesDir: RESOURCES_DIR, examplesDir: tempDir(), settings, version: "test" });
  const dispatch = createDispatcher(workspace.handlers, () => settings.language);
  const call = callerOf(dispatch);
  workspace.openPlan(file);
  const db = () => workspace.current!.db;
  const openIds = async () => ((await call("finance.conflicts")) as Array<{ id: string }>).map((c) => c.id).sort();
  return { call, workspace, db, openIds, chosen: (f: string) => ({ handle: workspace.grants.grant(f, "spreadsheet") }) };
}

/** Two budget conflicts from one returned file: the plan changed both amounts, so did the institution. */
async function budgetConflicts() {
  const plan = financePlan();
  const exported = path.join(plan.dir, "dgm.xlsx");
  await exportFinanceWorkbook(plan.store.db, exported, { institution: "DGM/IGM" });
  const editor = new PlanEditor(plan.store, (label) => ({ author: "Secretaría", source: "typed", label }));
  editor.saveBudgetLine("act-1", { id: "line-1", institution: "DGM/IGM", year: 2018, amount: 111, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" });
  editor.saveBudgetLine("act-1", { id: "line-2", institution: "DGM/IGM", year: 2019, amount: 222, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" });
  plan.store.close();
  const returned = path.join(plan.dir, "returned.xlsx");
  await editWorkbook(exported, returned, [
    { action: "act-1", key: "amount:2018", value: 1000 },
    { action: "act-1", key: "amount:2019", value: 2000 },
  ]);
  const app = open(plan.file, plan.dir);
  const applied = await app.call("finance.apply", { files: [app.chosen(returned)] });
  expect(applied.results[0].status).toBe("conflicts");
  const amount = (id: string) => linesOf(app.workspace.current!).find((l) => l.id === id)!.amount;
  return { ...app, amount };
}

describe("undoing a conflict's resolution", () => {
  it("reopens a budget conflict with the plan's value, and redo resolves it again with the file's", async () => {
    const { call, db, openIds, amount } = await budgetConflicts();
    // Listed as imported: 2018's amount, then 2019's.
    const [first, second] = ((await call("finance.conflicts")) as Array<{ id: string }>).map((c) => c.id);
    expect(openConflictCounts(db()).open).toBe(2);

    await call("finance.resolve", { ids: [first], take: "returned" });
    expect(await openIds()).toEqual([second]);
    expect(amount("line-1")).toBe(100_000);

    const undone = await call("edit.undo");
    expect(undone).toMatchObject({ done: true, conflicts: true });
    expect(await openIds()).toEqual([first, second].sort());
    expect(openConflictCounts(db()).open).toBe(2);
    expect([amount("line-1"), amount("line-2")]).toEqual([11_100, 22_200]);
    expect((await call("finance.conflicts")).find((c: any) => c.id === first)).toMatchObject({ status: "open", resolution: null });

    expect(await call("edit.redo")).toMatchObject({ done: true, conflicts: true });
    expect(await openIds()).toEqual([second]);
    expect(amount("line-1")).toBe(100_000);
    expect((await call("finance.conflicts", { all: true })).find((c: any) => c.id === first)).toMatchObject({ status: "resolved", resolution: "returned" });
    expect(openConflictCounts(db()).open).toBe(1);
  });

  it("takes back a resolution that kept the plan's or the exported value, and a bulk one in one step", async () => {
    const { call, openIds, amount, db } = await budgetConflicts();
    const both = await openIds();
    // Keeping the plan's value changes no value, yet undo still reopens the conflict.
    await call("finance.resolve", { ids: [both[0]], take: "plan" });
    expect(await openIds()).toEqual([both[1]]);
    expect(historyState(db(), "Secretaría").undo).not.toBeNull();
    await call("edit.undo");
    expect(await openIds()).toEqual(both);

    // The exported value, for every conflict at once: one undo reopens them all.
    await call("finance.resolve", { all: true, take: "base" });
    expect(await openIds()).toEqual([]);
    expect([amount("line-1"), amount("line-2")]).toEqual([12_500_050, 13_000_000]);
    const undone = await call("edit.undo");
    expect(undone.conflicts).toBe(true);
    expect(await openIds()).toEqual(both);
    expect([amount("line-1"), amount("line-2")]).toEqual([11_100, 22_200]);
    // An ordinary edit's undo says no conflict changed.
    await call("edit.cell", { kind: "action", id: "act-2", field: "text", value: "Capacitar" });
    expect((await call("edit.undo")).conflicts).toBe(false);
  });

  it("reopens a plan column's conflict", async () => {
    const plan = financePlan();
    plan.store.close();
    const app = open(plan.file, plan.dir);
    await app.call("edit.column", { op: "add", heading_es: "Prioridad", heading_en: "Priority", kind: "list", options: ["Alta", "Media", "Baja"], open: true });
    await app.call("edit.custom", { actionId: "act-1", column: "priority", value: "Baja" });
    const exported = path.join(plan.dir, "dgm.xlsx");
    await exportFinanceWorkbook(app.db(), exported, { institution: "DGM/IGM" });
    await app.call("edit.custom", { actionId: "act-1", column: "priority", value: "Alta" });
    const returned = path.join(plan.dir, "returned.xlsx");
    await editWorkbook(exported, returned, [{ action: "act-1", institution: "DGM/IGM", key: "custom:priority", value: "Media" }]);
    const [id] = (await app.call("finance.apply", { files: [app.chosen(returned)] })).results[0].conflictIds;
    const priority = async () => (await app.call("plan.document")).pillars[0].needs[0].actions[0].custom?.priority;

    await app.call("finance.resolve", { ids: [id], take: "returned" });
    expect(await priority()).toBe("Media");
    expect(await app.openIds()).toEqual([]);
    await app.call("edit.undo");
    expect(await priority()).toBe("Alta");
    expect(await app.openIds()).toEqual([id]);
    await app.call("edit.redo");
    expect(await priority()).toBe("Media");
    expect(await app.openIds()).toEqual([]);
  });

  it("reopens a monitoring conflict", async () => {
    const dir = tempDir();
    const { store, file } = monitoringPlan(dir);
    const exported = path.join(dir, "IGM-2018.xlsx");
    await exportMonitoringWorkbook(store.db, exported, { institution: "IGM", period: "2018", language: "es" });
    new PlanEditor(store, (label) => ({ author: "Secretaría", source: "typed", label })).setActionStatus("act-train", "delayed", "2019-01-05");
    store.close();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(exported);
    const at = monitoringAddress(exported, { action: "act-train" }, "status");
    book.getWorksheet(at.sheet)!.getCell(at.cell).value = "Cumplida";
    const returned = path.join(dir, "returned.xlsx");
    await book.xlsx.writeFile(returned);

    const app = open(file, dir);
    const [id] = (await app.call("finance.apply", { files: [app.chosen(returned)] })).results[0].conflictIds;
    const status = async () => (await app.call("plan.document")).pillars.flatMap((p: any) => p.needs.flatMap((n: any) => n.actions)).find((a: any) => a.id === "act-train").status;
    await app.call("finance.resolve", { ids: [id], take: "returned" });
    expect(await status()).toBe("done");
    await app.call("edit.undo");
    expect(await status()).toBe("delayed");
    expect(await app.openIds()).toEqual([id]);
    await app.call("edit.redo");
    expect(await status()).toBe("done");
    expect(await app.openIds()).toEqual([]);
  });
});
