/**
 * Importing returned files: conflicts and their resolution, files whose hidden
 * ids were lost, CSV with sorted rows and numbers as text, and every kind of
 * bad input refused with its message and the plan left as it was.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import * as XLSX from "xlsx";
import { afterEach, describe, expect, it } from "vitest";
import { createPlanFromDocument } from "../../src/app/plans";
import { runCli } from "../../src/cli/main";
import { isMatrizError } from "../../src/domain/errors";
import { errorMessage } from "../../src/i18n";
import { importReturnedFile } from "../../src/spreadsheet/apply";
import { listConflicts, resolveAll, resolveConflict } from "../../src/spreadsheet/conflicts";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { LIMITS } from "../../src/spreadsheet/read";
import { PlanEditor } from "../../src/storage/edits";
import { editWorkbook, financePlan, financePlanDocument, linesOf, planData, write } from "./fixture";

async function setup(institution = "DGM/IGM") {
  const plan = financePlan();
  const exported = path.join(plan.dir, "dgm.xlsx");
  await exportFinanceWorkbook(plan.store.db, exported, { institution, language: "en" });
  const editor = new PlanEditor(plan.store, (label) => ({ author: "secretariat", source: "typed", label }));
  return { ...plan, exported, editor };
}

/** The import fails with `code`, its message names the file, and nothing in the plan moved. */
function expectRefused(store: ReturnType<typeof financePlan>["store"], file: string, code: string, options: Record<string, unknown> = {}) {
  const before = planData(store);
  const imported = store.db.prepare("SELECT count(*) AS n FROM imported_file").get();
  let caught: unknown;
  try {
    importReturnedFile(store.db, file, { author: "x", language: "en", ...options });
  } catch (error) {
    caught = error;
  }
  expect(isMatrizError(caught), String(caught)).toBe(true);
  const error = caught as { code: string; params: Record<string, string> };
  expect(error.code).toBe(code);
  const message = errorMessage("en", error.code as never, error.params);
  expect(message).toContain(path.basename(file));
  expect(message).not.toMatch(/\{\w+\}/);
  expect(planData(store)).toEqual(before);
  expect(store.db.prepare("SELECT count(*) AS n FROM imported_file").get()).toEqual(imported);
  return message;
}

describe("three-way merge against the plan", () => {
  it("applies one-sided changes, holds both-sided ones as conflicts, and resolves them with provenance", async () => {
    const { store, dir, exported, editor } = await setup();
    // The secretariat edits after the export: line-1 amount, and deletes line-4.
    editor.saveBudgetLine("act-1", { id: "line-1", institution: "DGM/IGM", year: 2018, amount: 111, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" });
    editor.removeBudgetLine("line-4");
    const returned = path.join(dir, "returned.xlsx");
    await editWorkbook(exported, returned, [
      { action: "act-1", key: "amount:2018", value: 222 },
      { action: "act-1", key: "amount:2019", value: 333 },
      { action: "act-3", key: "amount:2020", value: 444 },
    ]);
    const outcome = importReturnedFile(store.db, returned, { author: "DGM UDAF" });
    expect(outcome.status).toBe("conflicts");
    expect(outcome.preview.counts).toEqual({ added: 0, changed: 1, removed: 0, conflicts: 2 });
    const lines = linesOf(store);
    expect(lines.find((l) => l.id === "line-1")!.amount).toBe(11100); // not overwritten
    expect(lines.find((l) => l.id === "line-2")!.amount).toBe(33300);
    const open = listConflicts(store.db);
    expect(open.map((c) => [c.lineKey, c.kind, c.field, c.base, c.plan, c.returned])).toEqual([
      ["line-1", "both_changed", "amount", 12_500_050, 11100, 22200],
      ["line-4", "edit_vs_delete", null, expect.objectContaining({ amount: 4_200_000 }), null, expect.objectContaining({ amount: 44_400 })],
    ]);
    // Nothing of the conflict went into a cell as text.
    expect(JSON.stringify(linesOf(store))).not.toMatch(/<<<|>>>|conflict/i);
    resolveConflict(store.db, open[0]!.id, "returned", { author: "secretariat" });
    expect(linesOf(store).find((l) => l.id === "line-1")!.amount).toBe(22200);
    const set = store.db.prepare("SELECT source, source_file FROM change_set ORDER BY id DESC LIMIT 1").get();
    expect(set).toEqual({ source: "imported", source_file: outcome.importedFileId });
    expect(() => resolveConflict(store.db, open[0]!.id, "base", { author: "x" })).toThrow(expect.objectContaining({ code: "conflict_resolved" }));
    expect(resolveAll(store.db, "base", { author: "secretariat" })).toBe(1);
    expect(linesOf(store).find((l) => l.id === "line-4")).toMatchObject({ amount: 4_200_000, year: 2020 });
    expect(listConflicts(store.db)).toEqual([]);
    store.close();
  });

  it("reports a line added on both sides and refuses to apply unreadable cells", async () => {
    const { store, dir, exported, editor } = await setup();
    editor.saveBudgetLine("act-2", { institution: "DGM/IGM", year: 2019, amount: 10, currency: "GTQ" });
    const returned = path.join(dir, "returned.xlsx");
    await editWorkbook(exported, returned, [{ action: "act-2", key: "amount:2019", value: 20 }]);
    const outcome = importReturnedFile(store.db, returned, { author: "x" });
    expect(outcome.preview.conflicts.map((c) => c.kind)).toEqual(["added_twice"]);

    const bad = path.join(dir, "bad.xlsx");
    await editWorkbook(exported, bad, [
      { action: "act-1", key: "amount:2018", value: "mucho dinero" },
      { action: "act-1", key: "currency", value: "PESOS" },
      { action: "act-3", key: "funding_source", value: "lottery" },
    ]);
    const preview = importReturnedFile(store.db, bad, { author: "x", dryRun: true, language: "en" }).preview;
    expect(preview.errors).toEqual([
      { file: "bad.xlsx", sheet: "Actions", row: 3, column: "Currency", found: "PESOS", expected: "an ISO 4217 code (GTQ, USD…)" },
      { file: "bad.xlsx", sheet: "Actions", row: 3, column: "Amount 2018", found: "mucho dinero", expected: "an amount (e.g. 1,250,000.50)" },
      { file: "bad.xlsx", sheet: "Actions", row: 5, column: "Funding source", found: "lottery", expected: "a source from the list" },
    ]);
    const message = expectRefused(store, bad, "spreadsheet_bad_rows");
    expect(message).toContain("PESOS");
    store.close();
  });

  it("reads a CSV with rows sorted, numbers typed as text in either locale, and changes outside the open columns shown", async () => {
    const { store, dir, exported } = await setup();
    const book = XLSX.read(fs.readFileSync(exported));
    const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets["Actions"]!, { header: 1, defval: "", raw: false, blankrows: false });
    const keys = rows[0]!.map((k) => (k.startsWith("{") ? "manifest" : k));
    const data = rows.slice(2).filter((r) => r[keys.indexOf("action_id")]).reverse();
    const row = (id: string) => data.find((r) => r[keys.indexOf("action_id")] === id)!;
    row("act-1")[keys.indexOf("amount:2018")] = "1,250,000.50";
    row("act-1")[keys.indexOf("amount:2020")] = "Q 99.000,25";
    row("act-3")[keys.indexOf("action")] = "Otro texto";
    const csv = XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet([rows[0]!, rows[1]!, ["extra"], ...data].map((r, i) => (i === 2 ? [] : r))));
    const file = write(dir, "dgm.csv", `\uFEFF${csv}`);
    const outcome = importReturnedFile(store.db, file, { author: "x" });
    expect(outcome.preview.errors).toEqual([]);
    expect(outcome.preview.outside).toEqual([expect.objectContaining({ actionId: "act-3", found: "Otro texto", base: "Fortalecer los albergues de la SBS" })]);
    const lines = linesOf(store);
    expect(lines.find((l) => l.id === "line-1")!.amount).toBe(125_000_050);
    expect(lines.find((l) => l.action === "act-1" && l.year === 2020)!.amount).toBe(9_900_025);
    expect(store.db.prepare("SELECT text FROM action WHERE id = 'act-3'").get()).toEqual({ text: "Fortalecer los albergues de la SBS" });
    store.close();
  });

  it("matches rows by their text when the hidden ids were lost, and applies only once confirmed", async () => {
    const { store, dir, exported } = await setup();
    const book = XLSX.read(fs.readFileSync(exported));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Actions"]!, { header: 1, defval: "" });
    // Copied by hand into a new workbook: the visible header and cells only.
    const visible = rows.slice(1).map((r) => r.slice(0, 15));
    visible[1]![6] = 999; // act-1, Amount 2018
    const copy = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(copy, XLSX.utils.aoa_to_sheet(visible), "Hoja1");
    const file = write(dir, "copia.xlsx", XLSX.write(copy, { type: "buffer", bookType: "xlsx" }));
    expectRefused(store, file, "spreadsheet_no_manifest");
    expectRefused(store, file, "spreadsheet_unconfirmed_matches", { institution: "DGM/IGM" });
    const preview = importReturnedFile(store.db, file, { author: "x", institution: "DGM/IGM", dryRun: true }).preview;
    expect(preview.matches.map((m) => m.actionId)).toEqual(["act-1", "act-2", "act-3"]);
    const outcome = importReturnedFile(store.db, file, { author: "x", institution: "DGM/IGM", confirmMatches: true });
    expect(outcome.preview.counts).toMatchObject({ changed: 1, conflicts: 0 });
    expect(linesOf(store).find((l) => l.id === "line-1")!.amount).toBe(99_900);
    store.close();
  });
});

function zipOf(name: string, data: Buffer, declaredSize: number): Buffer {
  const compressed = zlib.deflateRawSync(data);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(declaredSize, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const centralOffset = 30 + nameBytes.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, compressed, central, nameBytes, end]);
}

describe("bad input is refused with a clear message and changes nothing", () => {
  const saved = { ...LIMITS };
  afterEach(() => Object.assign(LIMITS, saved));

  it("refuses files that are not spreadsheets, damaged, protected or too large", async () => {
    const { store, dir, exported } = await setup();
    const bytes = fs.readFileSync(exported);
    expectRefused(store, write(dir, "photo.xlsx", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), "spreadsheet_unreadable");
    expectRefused(store, write(dir, "cut.xlsx", bytes.subarray(0, Math.floor(bytes.length / 2))), "spreadsheet_corrupt");
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, "EncryptionInfo", Buffer.alloc(64, 1));
    XLSX.CFB.utils.cfb_add(cfb, "EncryptedPackage", Buffer.alloc(4096, 7));
    expectRefused(store, write(dir, "secret.xlsx", Buffer.from(XLSX.CFB.write(cfb, { type: "buffer" }) as Uint8Array)), "spreadsheet_password");
    LIMITS.unzippedBytes = 1024 * 1024;
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    expect(expectRefused(store, write(dir, "bomb.xlsx", zipOf("xl/worksheets/sheet1.xml", zeros, zeros.length)), "spreadsheet_too_large")).toContain("MB");
    // A bomb that lies about its size is caught while inflating, with the output capped at what it declares.
    expect(expectRefused(store, write(dir, "liar.xlsx", zipOf("xl/worksheets/sheet1.xml", zeros, 100)), "spreadsheet_corrupt")).toContain("larger than it says");
    Object.assign(LIMITS, saved);
    const header = "pillar,need,action,institutions,schedule,institution,amount:2018,action_id,line_ids\n";
    const huge = header + "x\n" + "1,n,a,i,s,DGM/IGM,5,,\n".repeat(100_000);
    expect(expectRefused(store, write(dir, "huge.csv", huge), "spreadsheet_too_many_rows")).toContain("50000");
    store.close();
  });

  it("refuses a workbook of another plan, another institution or without the actions sheet", async () => {
    const { store, dir, exported } = await setup();
    const other = createPlanFromDocument(path.join(dir, "other.matriz"), { ...financePlanDocument(), id: "plan-other" }, { author: "x", source: "example" });
    const otherFile = path.join(dir, "other.xlsx");
    await exportFinanceWorkbook(other.db, otherFile, { institution: "DGM/IGM" });
    other.close();
    expectRefused(store, otherFile, "spreadsheet_other_plan");
    expectRefused(store, exported, "spreadsheet_other_institution", { institution: "MINEX" });
    const wrong = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wrong, XLSX.utils.aoa_to_sheet([["Presupuesto"], [1, 2, 3]]), "Hoja1");
    expectRefused(store, write(dir, "wrong.xlsx", XLSX.write(wrong, { type: "buffer", bookType: "xlsx" })), "spreadsheet_wrong_sheet");
    store.close();
  });

  it("refuses formulas, merged cells and dates typed into the open cells", async () => {
    const { store, dir, exported } = await setup();
    const formula = path.join(dir, "formula.xlsx");
    await editWorkbook(exported, formula, [{ action: "act-1", key: "amount:2018", value: { formula: "1000*3", result: 3000 } }]);
    expect(expectRefused(store, formula, "spreadsheet_formula")).toContain("G3");
    const merged = path.join(dir, "merged.xlsx");
    await editWorkbook(exported, merged, [], (sheet) => sheet.mergeCells("G4:H4"));
    expect(expectRefused(store, merged, "spreadsheet_merged_cells")).toContain("G4:H4");
    const dated = path.join(dir, "dated.xlsx");
    await editWorkbook(exported, dated, [], (sheet) => {
      const cell = sheet.getCell("H3");
      cell.value = new Date(Date.UTC(2019, 0, 15));
      // A style of its own: exceljs shares style objects between cells of a row.
      cell.style = { ...cell.style, numFmt: "dd/mm/yyyy" };
    });
    expect(expectRefused(store, dated, "spreadsheet_date_serial")).toContain("H3");
    store.close();
  });
});

describe("matriz export / import / conflicts / resolve", () => {
  function cli(args: string[], cwd: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: "en_US.UTF-8" }, cwd });
    return Promise.resolve(code).then((c) => ({ code: c, out: out.join("\n"), err: err.join("\n") }));
  }

  it("runs the round trip with the documented exit codes", async () => {
    const { store, file, dir } = financePlan();
    store.close();
    const exported = await cli(["export", file, "--out", "dgm.xlsx", "--institution", "dgm/igm", "--lang", "en"], dir);
    expect(exported).toMatchObject({ code: 0, err: "" });
    expect(exported.out).toMatch(/dgm\.xlsx\t3 rows\texport /);
    await editWorkbook(path.join(dir, "dgm.xlsx"), path.join(dir, "back.xlsx"), [{ action: "act-1", key: "amount:2018", value: 5 }]);
    const dry = await cli(["import", file, "back.xlsx", "--dry-run", "--json"], dir);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)[0]).toMatchObject({ status: "preview", counts: { changed: 1 } });
    write(dir, "junk.xlsx", "not a workbook at all \u0001");
    const mixed = await cli(["import", file, "junk.xlsx", "back.xlsx"], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/^matriz: “junk\.xlsx” is not a spreadsheet/);
    expect(mixed.out).toContain("back.xlsx: 0 lines added, 1 changed, 0 removed; 0 conflicts (applied)");
    expect((await cli(["import", file, "back.xlsx"], dir)).out).toContain("already imported");
    // A later edit on both sides waits for review (exit 3) until resolved.
    await editWorkbook(path.join(dir, "dgm.xlsx"), path.join(dir, "back2.xlsx"), [{ action: "act-1", key: "amount:2018", value: 7 }]);
    expect((await cli(["import", file, "back2.xlsx"], dir)).code).toBe(3);
    const conflicts = await cli(["conflicts", file, "--json"], dir);
    const [conflict] = JSON.parse(conflicts.out);
    expect(conflict).toMatchObject({ field: "amount", base: 12_500_050, plan: 500, returned: 700 });
    expect(await cli(["resolve", file, conflict.id, "--take", "returned"], dir)).toMatchObject({ code: 0 });
    expect((await cli(["conflicts", file, "--json"], dir)).out).toBe("[]");
    expect((await cli(["resolve", file, "nope", "--take", "sideways"], dir)).code).toBe(64);
  });
});
