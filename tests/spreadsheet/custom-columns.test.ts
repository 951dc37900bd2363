/**
 * The plan's own columns through the finance round trip, as the app does it:
 * columns added through the contract, the institution's workbook exported, filled
 * in LibreOffice (an open list column, an open number column, a locked text
 * column changed anyway) and imported back. Open values apply with the file as
 * their source; a locked one is only shown; a value the plan changed meanwhile is
 * kept and stored as a conflict, resolved by side in the app and on the command line.
 * A file that lost its hidden key row still has its plan columns read, by heading.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/api/dispatch";
import { runCli as runCliMain } from "../../src/cli/main";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import type { PlanDocument } from "../../src/domain/document";
import { fillWithLibreOffice } from "../helpers/libreoffice";
import { callerOf } from "../helpers/api";
import { RESOURCES_DIR } from "../helpers/temp";
import { addressOf } from "./fixture";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-custom-lo-"));
let exported = "";
let wholePlan = "";
let filled = "";
const workspaces: Workspace[] = [];

async function openPlan(file?: string) {
  const settings = new SettingsStore(path.join(dir, `settings-${workspaces.length}.json`), "es-GT", "Secretaría");
  const answers = { exportPath: null as string | null };
  const workspace = new Workspace({
    resourcesDir: RESOURCES_DIR,
    examplesDir: path.join(dir, `examples-${workspaces.length}`),
    settings,
    version: "test",
    dialogs: { pickPlanToOpen: async () => null, pickPlanToSave: async () => null, pickExportPath: async () => answers.exportPath },
  });
  workspaces.push(workspace);
  const dispatch = createDispatcher(workspace.handlers, () => settings.language);
  const call = callerOf(dispatch);
  if (file) workspace.openPlan(file);
  else await call("plan.openExample", { example: "guatemala" });
  /** Export as File › Export for an institution does, the save dialog answering `out`. */
  const exportTo = async (out: string, institution: string | null, language: "es" | "en") => {
    answers.exportPath = out;
    await call("dialog.exportFinance", { institution, language });
  };
  /** A returned file as the import dialog hands it to the page: by handle. */
  const chosen = (file: string) => ({ handle: workspace.grants.grant(file, "spreadsheet") });
  return { call, doc: (): Promise<PlanDocument> => call("plan.document"), exportTo, chosen, workspace };
}

/** The command line in-process, as a secretariat's script runs it. */
async function runCli(args: string[], options: { env: NodeJS.ProcessEnv }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCliMain(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: options.env, cwd: dir });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A consistent copy of the plan as exported (File › Save a copy as…), one per test. */
let copyPlan: (name: string) => Promise<string>;
let sbsActions: string[] = [];

beforeAll(async () => {
  const { call, doc, exportTo, workspace } = await openPlan();
  await call("edit.column", { op: "add", heading_es: "Prioridad", heading_en: "Priority", kind: "list", options: ["Alta", "Media", "Baja"], open: true });
  await call("edit.column", { op: "add", heading_es: "Personas alcanzadas", heading_en: "People reached", kind: "number", open: true });
  await call("edit.column", { op: "add", heading_es: "Observación de la secretaría", heading_en: "Secretariat remark", kind: "text" });
  const actions = (await doc()).pillars.flatMap((p) => p.needs.flatMap((n) => n.actions)).filter((a) => a.institutions.includes("SBS"));
  sbsActions = actions.map((a) => a.id!);
  expect(sbsActions.length).toBeGreaterThanOrEqual(2);
  await call("edit.custom", { actionId: sbsActions[0], column: "secretariat_remark", value: "Validada en la consulta" });
  await call("edit.custom", { actionId: sbsActions[1], column: "priority", value: "Baja" });
  exported = path.join(dir, "sbs.xlsx");
  await exportTo(exported, "SBS", "es");
  wholePlan = path.join(dir, "whole-plan.xlsx");
  await exportTo(wholePlan, null, "en");
  copyPlan = async (name) => workspace.current!.saveCopy(path.join(dir, name));

  const at = (action: string, key: string) => ({ sheet: "Acciones", cell: addressOf(exported, action, key) });
  filled = path.join(dir, "sbs-filled.xlsx");
  await fillWithLibreOffice([
    {
      in: exported,
      edits: [
        { ...at(sbsActions[0]!, "custom:priority"), text: "alta" },
        { ...at(sbsActions[0]!, "custom:people_reached"), number: 1250 },
        { ...at(sbsActions[0]!, "custom:secretariat_remark"), text: "Cambiada por la SBS" },
        { ...at(sbsActions[1]!, "custom:priority"), text: "Media" },
      ],
      out: [{ path: filled, format: "xlsx" }],
    },
  ]);
}, 120_000);

afterAll(() => {
  for (const w of workspaces) w.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the plan's own columns in the institution workbook", () => {
  it("are written after the structure: open ones unlocked with their list, locked ones locked", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(exported);
    const sheet = book.worksheets.find((s) => s.getCell("A1").value === "pillar")!;
    const keys = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(keys.slice(5, 8)).toEqual(["custom:priority", "custom:people_reached", "custom:secretariat_remark"]);
    const headers = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
    expect(headers.slice(5, 8)).toEqual(["Prioridad", "Personas alcanzadas", "Observación de la secretaría"]);
    const column = (key: string) => keys.indexOf(key) + 1;
    const row = sheet.getRow(3);
    expect(row.getCell(column("custom:priority")).protection?.locked).toBe(false);
    expect(row.getCell(column("custom:people_reached")).protection?.locked).toBe(false);
    expect(row.getCell(column("custom:secretariat_remark")).protection?.locked).not.toBe(false);
    expect(row.getCell(column("custom:secretariat_remark")).value).toBe("Validada en la consulta");
    expect(row.getCell(column("custom:priority")).dataValidation).toMatchObject({ type: "list", formulae: ['"Alta,Media,Baja"'] });
  });

  it("are in the whole-plan workbook too, headed in its language", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(wholePlan);
    const sheet = book.worksheets.find((s) => s.getCell("A1").value === "pillar")!;
    const keys = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const headers = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
    expect(keys.slice(5, 8)).toEqual(["custom:priority", "custom:people_reached", "custom:secretariat_remark"]);
    expect(headers.slice(5, 8)).toEqual(["Priority", "People reached", "Secretariat remark"]);
  });

  it("come back from LibreOffice: open values applied with the file as source, the locked one only shown, the plan's own change kept as a conflict", async () => {
    // Meanwhile the secretariat changed the second action's priority itself.
    const { call, doc, chosen } = await openPlan(await copyPlan("plan-copy.matriz"));
    await call("edit.custom", { actionId: sbsActions[1], column: "priority", value: "Alta" });

    const [preview] = await call("finance.preview", { files: [chosen(filled)] });
    expect(preview.errors).toEqual([]);
    expect(preview.columns).toEqual([
      expect.objectContaining({ column: "Prioridad", base: "", plan: "", returned: "Alta", status: "apply" }),
      expect.objectContaining({ column: "Personas alcanzadas", base: "", plan: "", returned: "1250", status: "apply" }),
      expect.objectContaining({ column: "Prioridad", base: "Baja", plan: "Alta", returned: "Media", status: "conflict" }),
    ]);
    expect(preview.outside).toEqual([expect.objectContaining({ column: "Observación de la secretaría", base: "Validada en la consulta", found: "Cambiada por la SBS" })]);

    // The value changed on both sides is a conflict like a budget one: counted, and listed with the others.
    expect(preview.status).toBe("conflicts");
    expect(preview.counts.conflicts).toBe(1);
    expect(preview.conflicts).toEqual([
      expect.objectContaining({ field: "custom:priority", column: { es: "Prioridad", en: "Priority" }, year: null, base: "Baja", plan: "Alta", returned: "Media" }),
    ]);

    const applied = await call("finance.apply", { files: [chosen(filled)] });
    expect(applied.results[0]).toMatchObject({ status: "conflicts", counts: expect.objectContaining({ conflicts: 1 }), conflictIds: [expect.any(String)] });
    const [conflict] = await call("finance.conflicts");
    expect(conflict).toMatchObject({ id: applied.results[0].conflictIds[0], field: "custom:priority", column: { es: "Prioridad", en: "Priority" }, year: null, institution: "SBS", base: "Baja", plan: "Alta", returned: "Media", status: "open" });
    const actions = (await doc()).pillars.flatMap((p) => p.needs.flatMap((n) => n.actions));
    const byId = (id: string) => actions.find((a) => a.id === id)!;
    expect(byId(sbsActions[0]!).custom).toEqual({ priority: "Alta", people_reached: "1250", secretariat_remark: "Validada en la consulta" });
    expect(byId(sbsActions[1]!).custom).toEqual({ priority: "Alta" });
    // The imported value carries the file as its source in the history.
    const history = await call("history.row", { entity: "action", id: sbsActions[0] });
    expect(history.find((h: any) => h.entity === "custom_value" && h.newValue?.value === "Alta")).toMatchObject({ source: "imported" });
    // And one undo takes the import back.
    await call("edit.undo");
    const after = (await doc()).pillars.flatMap((p) => p.needs.flatMap((n) => n.actions)).find((a) => a.id === sbsActions[0])!;
    expect(after.custom).toEqual({ secretariat_remark: "Validada en la consulta" });
  });

  it("resolves a plan column's conflict by taking the file's value (its source the file), or the exported one, one undo each", async () => {
    const { call, doc, chosen } = await openPlan(await copyPlan("plan-copy-resolve.matriz"));
    await call("edit.custom", { actionId: sbsActions[1], column: "priority", value: "Alta" });
    const applied = await call("finance.apply", { files: [chosen(filled)] });
    const [id] = applied.results[0].conflictIds;
    const priority = async () => (await doc()).pillars.flatMap((p) => p.needs.flatMap((n) => n.actions)).find((a) => a.id === sbsActions[1])!.custom?.priority;

    await call("finance.resolve", { ids: [id], take: "returned" });
    expect(await priority()).toBe("Media");
    expect(await call("finance.conflicts")).toEqual([]);
    const history = await call("history.row", { entity: "action", id: sbsActions[1] });
    expect(history.find((h: any) => h.entity === "custom_value" && h.newValue === "Media")).toMatchObject({ source: "imported" });
    // The resolution is one change: one undo puts the plan's value back.
    await call("edit.undo");
    expect(await priority()).toBe("Alta");
  });

  it("lists a plan column's conflict on the command line by its heading, and resolves it there", async () => {
    const { call, chosen, workspace } = await openPlan(await copyPlan("plan-copy-cli.matriz"));
    await call("edit.custom", { actionId: sbsActions[1], column: "priority", value: "Alta" });
    const [id] = (await call("finance.apply", { files: [chosen(filled)] })).results[0].conflictIds;
    const file = workspace.current!.path;
    workspace.closePlan();
    const listed = await runCli(["conflicts", file], { env: { LANG: "es_GT.UTF-8" } });
    expect(listed.code).toBe(3);
    const row = listed.out.split("\n").find((line) => line.startsWith(id))!;
    expect(row.split(/\s{2,}/)).toEqual([id, expect.any(String), "SBS", "—", "Prioridad", "Baja", "Alta", "Media"]);
    const resolved = await runCli(["resolve", file, id, "--take", "base"], { env: { LANG: "es_GT.UTF-8" } });
    expect(resolved.code).toBe(0);
    const again = await openPlan(file);
    const actions = (await again.doc()).pillars.flatMap((p) => p.needs.flatMap((n) => n.actions));
    expect(actions.find((a) => a.id === sbsActions[1])!.custom?.priority).toBe("Baja");
    const all = await runCli(["conflicts", file, "--all", "--lang", "en"], { env: {} });
    expect(all.out).toContain("Priority");
    expect(all.out).toContain("resolved: back to the exported value");
  });

  it("says when a plan column's conflict cannot take the file's value because the column is gone, and keeps the plan's", async () => {
    const { call, doc, chosen } = await openPlan(await copyPlan("plan-copy-gone.matriz"));
    await call("edit.custom", { actionId: sbsActions[1], column: "priority", value: "Alta" });
    const [id] = (await call("finance.apply", { files: [chosen(filled)] })).results[0].conflictIds;
    await call("edit.column", { op: "remove", key: "priority" });
    // Named still by the heading it had when the workbook was made.
    expect((await call("finance.conflicts"))[0]).toMatchObject({ id, column: { es: "Prioridad", en: "Priority" } });
    await expect(call("finance.resolve", { ids: [id], take: "returned" })).rejects.toThrow("No se puede tomar ese valor: la columna «Prioridad» ya no está en el plan. Deje el valor del plan.");
    await call("finance.resolve", { ids: [id], take: "plan" });
    expect(await call("finance.conflicts")).toEqual([]);
  });

  it("reads the plan's columns by their heading (either language) in a file that lost its hidden key row", async () => {
    const keyless = path.join(dir, "sbs-keyless.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(filled);
    const sheet = book.worksheets.find((s) => s.getCell("A1").value === "pillar")!;
    const keys = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    // The English heading where the Spanish one was: either language is read.
    sheet.getRow(2).getCell(keys.indexOf("custom:people_reached") + 1).value = "People reached";
    sheet.spliceRows(1, 1);
    await book.xlsx.writeFile(keyless);
    const { call, doc, chosen } = await openPlan(await copyPlan("plan-copy-keyless.matriz"));
    const [preview] = await call("finance.preview", { files: [{ ...chosen(keyless), institution: "SBS" }] });
    expect(preview.errors).toEqual([]);
    expect(preview.columns).toEqual([
      expect.objectContaining({ column: "Prioridad", returned: "Alta", status: "apply" }),
      expect.objectContaining({ column: "People reached", returned: "1250", status: "apply" }),
      expect.objectContaining({ column: "Prioridad", base: "Baja", returned: "Media", status: "apply" }),
    ]);
    await call("finance.apply", { files: [{ ...chosen(keyless), institution: "SBS", confirmMatches: true }] });
    const byId = (id: string, actions: any[]) => actions.find((a) => a.id === id)!;
    const actions = (await doc()).pillars.flatMap((p) => p.needs.flatMap((n) => n.actions));
    expect(byId(sbsActions[0]!, actions).custom).toMatchObject({ priority: "Alta", people_reached: "1250" });
    expect(byId(sbsActions[1]!, actions).custom).toMatchObject({ priority: "Media" });
  });

  it("refuses a returned value that is not one of the list's choices, naming the row and column", async () => {
    const wrong = path.join(dir, "sbs-wrong.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(exported);
    const sheet = book.worksheets.find((s) => s.getCell("A1").value === "pillar")!;
    const keys = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    sheet.getRow(3).getCell(keys.indexOf("custom:priority") + 1).value = "Urgente";
    await book.xlsx.writeFile(wrong);
    const { call, chosen } = await openPlan(await copyPlan("plan-copy-2.matriz"));
    const [preview] = await call("finance.preview", { files: [chosen(wrong)] });
    expect(preview.status).toBe("rejected");
    expect(preview.errors).toEqual([expect.objectContaining({ row: 3, column: "Prioridad", found: "Urgente", expected: "una de estas opciones: Alta, Media, Baja" })]);
  });
});
