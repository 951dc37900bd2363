/**
 * The finance round trip through the API contract: the same dispatcher the
 * shell and the end-to-end tests use, on a real plan file.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { MatrizEvent } from "../../src/api/contract";
import { createDispatcher } from "../../src/api/dispatch";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { PlanEditor } from "../../src/storage/edits";
import { editWorkbook, financePlan, linesOf, planData, proposeRow, write } from "../spreadsheet/fixture";
import { callerOf } from "../helpers/api";
import { RESOURCES_DIR, tempDir } from "../helpers/temp";

function setup(answers: { exportPath?: string | null; importPaths?: string[] } = {}) {
  const plan = financePlan();
  plan.store.close();
  const dir = plan.dir;
  const settings = new SettingsStore(path.join(dir, "settings.json"), "en-US", "Tester");
  const events: MatrizEvent[] = [];
  const workspace = new Workspace({
    resourcesDir: RESOURCES_DIR,
    examplesDir: tempDir(),
    settings,
    version: "test",
    dialogs: {
      pickPlanToOpen: async () => null,
      pickPlanToSave: async () => null,
      pickExportPath: async () => answers.exportPath ?? null,
      pickSpreadsheetsToImport: async () => answers.importPaths ?? [],
    },
    notify: (event) => events.push(event),
  });
  const dispatch = createDispatcher(workspace.handlers, () => settings.language);
  const call = callerOf(dispatch);
  workspace.openPlan(plan.file);
  events.length = 0;
  /** The institution's workbook, as the export dialog writes it (the dialog aside). */
  const exportTo = async (out: string, institution: string | null, language?: "es" | "en") => {
    await exportFinanceWorkbook(workspace.current!.db, out, { institution, language });
    return out;
  };
  /** A returned file as if the user had chosen it in the import dialog: the handle the page sends. */
  const chosen = (file: string) => workspace.grants.grant(file, "spreadsheet");
  return { dir, call, dispatch, workspace, events, exportTo, chosen, answers, store: () => workspace.current! };
}

describe("finance round trip through the API", () => {
  it("lists the institutions a workbook can be exported for", async () => {
    const { call } = setup();
    const list = await call("finance.institutions");
    expect(list.map((i: { label: string; actions: number; lines: number }) => [i.label, i.actions, i.lines])).toEqual([
      ["DGM/IGM", 3, 3],
      ["MINEX", 1, 1],
      ["SBS", 1, 1],
    ]);
  });

  it("a cancelled institution export leaves no file and no export record", async () => {
    const { call, dir, answers, store, events } = setup();
    answers.exportPath = path.join(dir, "dgm.xlsx");
    const records = () => store().db.prepare("SELECT count(*) FROM export_record").pluck().get() as number;
    const before = records();
    // The page's Cancel reached the core before the export's first step.
    expect(await call("task.cancel", { task: "fin-1" })).toEqual({ cancelled: false });
    expect(await call("dialog.exportFinance", { institution: "DGM/IGM", task: "fin-1" })).toBeNull();
    expect(fs.existsSync(answers.exportPath)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes("dgm"))).toEqual([]);
    expect(records()).toBe(before);
    // The same export not cancelled reports its progress and writes both.
    expect(await call("dialog.exportFinance", { institution: "DGM/IGM", task: "fin-2" })).toMatchObject({ name: "dgm.xlsx" });
    expect(events.flatMap((e) => (e.type === "progress" && e.task === "fin-2" ? [e.done] : []))).toEqual([0, 1]);
    expect(records()).toBe(before + 1);
  });

  it("exports one institution's workbook and the whole plan where the save dialog says, and nothing when cancelled", async () => {
    const { call, dir, answers } = setup();
    answers.exportPath = path.join(dir, "dgm.xlsx");
    const one = await call("dialog.exportFinance", { institution: "DGM/IGM", language: "es" });
    expect(one).toMatchObject({ path: path.join(dir, "dgm.xlsx"), name: "dgm.xlsx", handle: expect.any(String), institution: "DGM/IGM", rows: 3 });
    expect(fs.existsSync(one.path)).toBe(true);
    answers.exportPath = path.join(dir, "all.xlsx");
    const all = await call("dialog.exportFinance", { institution: null });
    expect(all.institution).toBeNull();
    expect(all.rows).toBeGreaterThan(one.rows);
    // Cancelled: answers null and writes nothing.
    answers.exportPath = null;
    expect(await call("dialog.exportFinance", { institution: "MINEX" })).toBeNull();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".xlsx")).sort()).toEqual(["all.xlsx", "dgm.xlsx"]);
  });

  it("uses the shell's dialogs for the export path and the files to import, and gives the page handles, not paths to send back", async () => {
    const target = path.join(tempDir(), "minex.xlsx");
    const { call, dispatch } = setup({ exportPath: target, importPaths: ["/tmp/a.xlsx", "/tmp/b.ods"] });
    const made = await call("dialog.exportFinance", { institution: "MINEX", language: "en" });
    expect(made).toMatchObject({ path: target, institution: "MINEX", rows: 1 });
    const picked = await call("dialog.pickReturnedFiles");
    expect(picked).toEqual([
      { handle: expect.stringMatching(/^[A-Za-z0-9_-]{22,}$/), name: "a.xlsx", path: "/tmp/a.xlsx" },
      { handle: expect.stringMatching(/^[A-Za-z0-9_-]{22,}$/), name: "b.ods", path: "/tmp/b.ods" },
    ]);
    // Writing where the page says is no longer a method at all.
    const bad = await dispatch("finance.export", { path: path.join(tempDir(), "x.xlsx"), institution: null });
    expect(bad).toMatchObject({ ok: false, error: { code: "unknown_method" } });
  });

  it("reads a proposed new action with its amounts, and adds it to the need the secretariat picks, as one undoable change", async () => {
    const { call, dispatch, dir, store, exportTo, chosen } = setup();
    const exported = await exportTo(path.join(dir, "dgm.xlsx"), "DGM/IGM", "es");
    const returned = path.join(dir, "dgm-propone.xlsx");
    await editWorkbook(exported, returned, [], (sheet) => {
      proposeRow({
        action: "Kits de información en puestos fronterizos",
        institution: "DGM/IGM",
        "amount:2019": 5000.5,
        "amount:2020": "no sé",
        currency: "USD",
        funding_source: "Cooperación internacional",
        poa: "POA-19",
      })(sheet);
      // Institution left blank in DGM's own workbook; a currency nobody can read; an amount beyond belief.
      proposeRow({ action: "Traductores en albergues", "amount:2018": 700, "amount:2019": 1e20, currency: "Dólares" })(sheet);
      proposeRow({ action: "Brigadas móviles", institution: "dgm/igm", "amount:2018": 900, "amount:2020": 1e20 })(sheet);
      proposeRow({ action: "Mesa interinstitucional", institution: "Oficina Nueva" })(sheet);
      // In the plan's directory but not in DGM's workbook, typed in lower case.
      proposeRow({ action: "Visados humanitarios", institution: "minex", "amount:2018": 10 })(sheet);
    });
    const [preview] = await call("finance.preview", { files: [{ handle: chosen(returned) }] });
    expect(preview.proposed[0]).toEqual({
      row: expect.any(Number),
      text: "Kits de información en puestos fronterizos",
      institution: "DGM/IGM",
      amounts: { "2019": "5000.5", "2020": "no sé" },
      // What could not be read as an amount is shown, not added.
      lines: [{ year: 2019, amount: 5000.5, currency: "USD" }],
      newInstitution: false,
      inPlan: false,
      funding_source: "international_cooperation",
      pei: null,
      poa: "POA-19",
    });
    // Blank: the workbook's own institution. Unreadable currency: no amounts rather than amounts in GTQ.
    expect(preview.proposed[1]).toMatchObject({ institution: "DGM/IGM", lines: [], newInstitution: false });
    // However typed, a directory name is the directory's; an amount too large to store is left out.
    expect(preview.proposed[2]).toMatchObject({ institution: "DGM/IGM", lines: [{ year: 2018, amount: 900, currency: "GTQ" }], newInstitution: false });
    expect(preview.proposed[3]).toMatchObject({ institution: "Oficina Nueva", lines: [], newInstitution: true });
    expect(preview.proposed[4]).toMatchObject({ institution: "MINEX", lines: [{ year: 2018, amount: 10, currency: "GTQ" }], newInstitution: false });
    expect(preview.status).toBe("ready");

    const before = await call("plan.document");
    const need = before.pillars[0].needs[0];
    const p = preview.proposed[0];
    const added = await call("edit.addProposedAction", {
      needId: need.id,
      text: p.text,
      institution: p.institution,
      lines: p.lines.map((l: { year: number; amount: number; currency: string }) => ({ ...l, funding_source: p.funding_source, pei: p.pei, poa: p.poa })),
    });
    const after = await call("plan.document");
    const actions = after.pillars[0].needs[0].actions;
    expect(actions).toHaveLength(need.actions.length + 1);
    expect(actions.at(-1)).toMatchObject({
      id: added.id,
      text: "Kits de información en puestos fronterizos",
      institutions: ["DGM/IGM"],
      lead: "DGM/IGM",
      budget_lines: [{ institution: "DGM/IGM", year: 2019, amount: 5000.5, currency: "USD", funding_source: "international_cooperation", poa: "POA-19" }],
    });
    expect(added.history.undo.label).toBe("add proposed action");
    // Previewed again, the proposal shows as already in the matrix: it is not added twice by mistake.
    expect((await call("finance.preview", { files: [{ handle: chosen(returned) }] }))[0].proposed[0].inPlan).toBe(true);
    await call("edit.undo");
    expect((await call("plan.document")).pillars[0].needs[0].actions).toHaveLength(need.actions.length);
    expect((await call("finance.preview", { files: [{ handle: chosen(returned) }] }))[0].proposed[0].inPlan).toBe(false);
    // The boundary refuses an empty text and two lines for one year.
    const refused = await dispatch("edit.addProposedAction", { needId: need.id, text: "  ", institution: null, lines: [] });
    expect(refused.ok).toBe(false);
    const twice = await dispatch("edit.addProposedAction", {
      needId: need.id,
      text: "x",
      institution: "DGM/IGM",
      lines: [2019, 2019].map((year) => ({ year, amount: 1, currency: "GTQ" })),
    });
    expect(twice.ok).toBe(false);
    void store;
  });

  it("refuses an amount too large to store exactly, naming its row and column, and changes nothing", async () => {
    const { call, dir, store, exportTo, chosen } = setup();
    const exported = await exportTo(path.join(dir, "dgm.xlsx"), "DGM/IGM", "es");
    const returned = path.join(dir, "dgm-enorme.xlsx");
    await editWorkbook(exported, returned, [{ action: "act-1", key: "amount:2019", value: 1e20 }]);
    const before = planData(store());
    const [preview] = await call("finance.preview", { files: [{ handle: chosen(returned) }] });
    expect(preview.status).toBe("rejected");
    expect(preview.errors).toEqual([expect.objectContaining({ file: "dgm-enorme.xlsx", row: expect.any(Number), column: expect.stringContaining("2019"), found: "100000000000000000000" })]);
    const applied = await call("finance.apply", { files: [{ handle: chosen(returned) }] });
    expect(applied.results[0].status).not.toBe("applied");
    expect(planData(store())).toEqual(before);
  });

  it("previews without changing anything, applies, tells the UI, and applies the same file once", async () => {
    const { call, dir, events, store, exportTo, chosen } = setup();
    const exported = await exportTo(path.join(dir, "dgm.xlsx"), "DGM/IGM");
    const returned = path.join(dir, "dgm-returned.xlsx");
    await editWorkbook(exported, returned, [
      { action: "act-1", key: "amount:2019", value: 140000 },
      { action: "act-1", key: "amount:2020", value: 7000 },
      { action: "act-3", key: "amount:2020", value: null },
    ]);
    const before = planData(store());
    const [preview] = await call("finance.preview", { files: [{ handle: chosen(returned) }] });
    expect(planData(store())).toEqual(before);
    expect(preview).toMatchObject({ file: "dgm-returned.xlsx", status: "ready", institution: "DGM/IGM", counts: { added: 1, changed: 1, removed: 1, conflicts: 0 }, error: null, needsConfirmation: false });
    const changed = preview.changes.find((c: { op: string }) => c.op === "changed");
    expect(changed).toMatchObject({ actionId: "act-1", institution: "DGM/IGM", year: 2019, fields: { amount: [130000, 140000] } });
    expect(preview.changes.find((c: { op: string }) => c.op === "added")).toMatchObject({ year: 2020, fields: { amount: [null, 7000] } });
    expect(preview.changes.find((c: { op: string }) => c.op === "removed")).toMatchObject({ actionId: "act-3", fields: { amount: [42000, null] } });
    expect(events).toEqual([]);

    const applied = await call("finance.apply", { files: [{ handle: chosen(returned) }] });
    expect(applied.results[0]).toMatchObject({ status: "applied", counts: { changed: 1, added: 1, removed: 1 }, error: null });
    expect(linesOf(store()).find((l) => l.id === "line-2")!.amount).toBe(14_000_000);
    expect(events).toEqual([{ type: "plan-changed", plan: expect.objectContaining({ revision: applied.revision }) }]);
    // The log names the imported file as the source.
    const set = store().db.prepare("SELECT source, source_file FROM change_set WHERE id = ?").get(applied.revision) as { source: string; source_file: string };
    expect(set.source).toBe("imported");

    const again = await call("finance.apply", { files: [{ handle: chosen(returned) }] });
    expect(again.results[0].status).toBe("already_imported");
    expect(again.revision).toBe(applied.revision);
    expect(events).toHaveLength(1);
  });

  it("reports unreadable rows with file, sheet, row, column, found and expected, and refuses to apply them", async () => {
    const { call, dir, store, exportTo, chosen } = setup();
    const exported = await exportTo(path.join(dir, "dgm.xlsx"), "DGM/IGM", "en");
    const returned = path.join(dir, "bad-rows.xlsx");
    await editWorkbook(exported, returned, [{ action: "act-1", key: "amount:2019", value: "a lot" }]);
    const [preview] = await call("finance.preview", { files: [{ handle: chosen(returned) }] });
    expect(preview.status).toBe("rejected");
    expect(preview.errors).toEqual([expect.objectContaining({ file: "bad-rows.xlsx", sheet: expect.any(String), row: 3, column: "Amount 2019", found: "a lot", expected: expect.any(String) })]);
    const before = planData(store());
    const applied = await call("finance.apply", { files: [{ handle: chosen(returned) }] });
    expect(applied.results[0]).toMatchObject({ status: "rejected", error: { code: "spreadsheet_bad_rows" } });
    expect(applied.results[0].error.message).toContain("bad-rows.xlsx");
    expect(planData(store())).toEqual(before);
  });

  it("answers a refused file with its message and still previews the others", async () => {
    const { call, dir, store, exportTo, chosen } = setup();
    const exported = await exportTo(path.join(dir, "sbs.xlsx"), "SBS");
    const notSheet = write(dir, "notes.csv", Buffer.from([0, 1, 2, 3, 4, 5]));
    const before = planData(store());
    const pdf = write(dir, "informe.pdf", "%PDF-1.4\u0000\u0001");
    const previews = await call("finance.preview", { files: [{ handle: chosen(notSheet) }, { handle: chosen(exported) }, { handle: chosen(pdf) }] });
    expect(previews[2]).toMatchObject({ file: "informe.pdf", status: "rejected", error: { code: "spreadsheet_unreadable" } });
    expect(previews[0]).toMatchObject({ file: "notes.csv", status: "rejected", error: { code: "spreadsheet_unreadable" } });
    expect(previews[0].error.message).toContain("notes.csv");
    expect(previews[1]).toMatchObject({ file: "sbs.xlsx", status: "ready", counts: { added: 0, changed: 0, removed: 0, conflicts: 0 } });
    const applied = await call("finance.apply", { files: [{ handle: chosen(notSheet) }] });
    expect(applied.results[0].status).toBe("rejected");
    expect(planData(store())).toEqual(before);
  });

  it("asks for the institution when the hidden data is lost, and for confirmation of content matches", async () => {
    const { call, dir, store, exportTo, chosen } = setup();
    const exported = await exportTo(path.join(dir, "minex.xlsx"), "MINEX", "en");
    // Retyped into a new workbook: the visible columns only, no hidden ids, no manifest.
    const ExcelJS = (await import("exceljs")).default;
    const source = new ExcelJS.Workbook();
    await source.xlsx.readFile(exported);
    const sheet = source.worksheets.find((s) => String(s.getCell(1, 1).value) === "pillar")!;
    const copy = new ExcelJS.Workbook();
    const target = copy.addWorksheet("Hoja1");
    const visible: number[] = [];
    sheet.getRow(2).eachCell((cell, col) => {
      if (!sheet.getColumn(col).hidden) visible.push(col);
    });
    for (let r = 2; r <= 3; r++) target.addRow(visible.map((c) => sheet.getCell(r, c).value));
    const amount = visible.findIndex((c) => String(sheet.getCell(1, c).value) === "amount:2018") + 1;
    target.getCell(2, amount).value = 6500;
    const retyped = path.join(dir, "retyped.xlsx");
    await copy.xlsx.writeFile(retyped);

    const [first] = await call("finance.preview", { files: [{ handle: chosen(retyped) }] });
    expect(first).toMatchObject({ status: "rejected", needsInstitution: true, error: { code: "spreadsheet_no_manifest" } });
    const [second] = await call("finance.preview", { files: [{ handle: chosen(retyped), institution: "MINEX" }] });
    expect(second).toMatchObject({ status: "ready", needsConfirmation: true, matches: [{ actionId: "act-1" }], counts: { changed: 1 } });
    const refused = await call("finance.apply", { files: [{ handle: chosen(retyped), institution: "MINEX" }] });
    expect(refused.results[0]).toMatchObject({ status: "rejected", error: { code: "spreadsheet_unconfirmed_matches" } });
    const applied = await call("finance.apply", { files: [{ handle: chosen(retyped), institution: "MINEX", confirmMatches: true }] });
    expect(applied.results[0].status).toBe("applied");
    expect(linesOf(store()).find((l) => l.id === "line-3")!.amount).toBe(650_000);
  });

  it("lists conflicts with base, plan and returned side by side and resolves one, some or all", async () => {
    const { call, dir, store, events, exportTo, chosen } = setup();
    const exported = await exportTo(path.join(dir, "dgm.xlsx"), "DGM/IGM");
    const editor = new PlanEditor(store(), (label) => ({ author: "secretariat", source: "typed", label }));
    editor.saveBudgetLine("act-1", { id: "line-1", institution: "DGM/IGM", year: 2018, amount: 111, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" });
    editor.saveBudgetLine("act-1", { id: "line-2", institution: "DGM/IGM", year: 2019, amount: 222, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" });
    const returned = path.join(dir, "conflicting.xlsx");
    await editWorkbook(exported, returned, [
      { action: "act-1", key: "amount:2018", value: 1000 },
      { action: "act-1", key: "amount:2019", value: 2000 },
    ]);
    const [preview] = await call("finance.preview", { files: [{ handle: chosen(returned) }] });
    expect(preview.status).toBe("conflicts");
    expect(preview.conflicts[0]).toMatchObject({ kind: "both_changed", field: "amount", base: 125000.5, plan: 111, returned: 1000 });
    const applied = await call("finance.apply", { files: [{ handle: chosen(returned) }] });
    expect(applied.results[0]).toMatchObject({ status: "conflicts", conflictIds: [expect.any(String), expect.any(String)] });

    const open = await call("finance.conflicts");
    expect(open.map((c: Record<string, unknown>) => [c.action, c.institution, c.year, c.field, c.base, c.plan, c.returned, c.status])).toEqual([
      ["Sensibilizar y capacitar a delegados de migración", "DGM/IGM", 2018, "amount", 125000.5, 111, 1000, "open"],
      ["Sensibilizar y capacitar a delegados de migración", "DGM/IGM", 2019, "amount", 130000, 222, 2000, "open"],
    ]);
    events.length = 0;
    expect(await call("finance.resolve", { ids: [open[0].id], take: "returned" })).toMatchObject({ resolved: 1 });
    expect(linesOf(store()).find((l) => l.id === "line-1")!.amount).toBe(100_000);
    expect(events.map((e) => e.type)).toEqual(["plan-changed"]);
    expect(await call("finance.resolve", { all: true, take: "plan" })).toMatchObject({ resolved: 1 });
    expect(linesOf(store()).find((l) => l.id === "line-2")!.amount).toBe(22_200);
    expect(await call("finance.conflicts")).toEqual([]);
    expect((await call("finance.conflicts", { all: true })).map((c: { resolution: string }) => c.resolution)).toEqual(["returned", "plan"]);
  });

  it("validates resolve input and turns dropped files into an import request for the UI, by handle", async () => {
    const { dispatch, events, workspace } = setup();
    expect((await dispatch("finance.resolve", { take: "plan" })).ok).toBe(false);
    expect((await dispatch("finance.resolve", { ids: ["x"], all: true, take: "plan" })).ok).toBe(false);
    const unknown = await dispatch("finance.resolve", { ids: ["nope"], take: "plan" });
    expect(unknown.ok).toBe(false);
    // The shell hands over what the preload read from the drop; the page only ever sees handles.
    workspace.receiveDroppedFiles(["/tmp/x.xlsx"], "linux");
    expect(events).toEqual([{ type: "finance", command: "import", files: [{ handle: expect.any(String), name: "x.xlsx", path: "/tmp/x.xlsx" }] }]);
  });

  it("refuses network paths dropped on the window on Windows, and keeps the local files of the same drop", async () => {
    const { events, workspace } = setup();
    const granted = workspace.receiveDroppedFiles(["//servidor/compartido/sbs.xlsx", "/home/ana/minex.xlsx"], "win32");
    expect(granted.map((f) => f.name)).toEqual(["minex.xlsx"]);
    const errors = events.filter((e) => e.type === "error");
    expect(errors).toEqual([{ type: "error", error: expect.objectContaining({ code: "network_path", message: expect.stringContaining("//servidor/compartido/sbs.xlsx") }) }]);
    expect(events.filter((e) => e.type === "finance")).toEqual([{ type: "finance", command: "import", files: granted }]);
    // Elsewhere a path starting with two slashes is an ordinary local path.
    expect(workspace.receiveDroppedFiles(["//servidor/compartido/sbs.xlsx"], "linux").map((f) => f.name)).toEqual(["sbs.xlsx"]);
  });
});
