/**
 * The plan's own columns through the finance round trip, as the app does it:
 * columns added through the contract, the institution's workbook exported, filled
 * in LibreOffice (an open list column, an open number column, a locked text
 * column changed anyway) and imported back. Open values apply with the file as
 * their source; a locked one is only shown; a value the plan changed meanwhile is kept.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/api/dispatch";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import type { PlanDocument } from "../../src/domain/document";
import { fillWithLibreOffice } from "../helpers/libreoffice";
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
  const call = async (method: string, input?: unknown): Promise<any> => {
    const result = await dispatch(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value;
  };
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

  it("come back from LibreOffice: open values applied with the file as source, the locked one only shown, the plan's own change kept", async () => {
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

    const applied = await call("finance.apply", { files: [chosen(filled)] });
    expect(applied.results[0].status).toBe("applied");
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
