/**
 * Returned workbooks arrive by e-mail from dozens of ministries: untrusted input
 * (issue 10). Each case here was accepted, misread or stopped the batch before;
 * each is now refused with file, sheet and cell named, read right, or imported,
 * and a refusal leaves the plan byte for byte as it was.
 */
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import * as XLSX from "xlsx";
import { afterEach, describe, expect, it, vi } from "vitest";
import { contract } from "../../src/api/contract";
import { runCli } from "../../src/cli/main";
import { isMatrizError } from "../../src/domain/errors";
import { errorMessage } from "../../src/i18n";
import { importReturnedFile } from "../../src/spreadsheet/apply";
import { readSpreadsheet } from "../../src/spreadsheet/read";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { PlanEditor } from "../../src/storage/edits";
import type { PlanStore } from "../../src/storage/plan-store";
import { editWorkbook, financePlan, linesOf, planData, write } from "./fixture";
import { sameReading } from "./readings";
import { buildZip, deflatedPart, partContent, zerosPart, zipParts } from "./zip-craft";

async function setup(institution = "DGM/IGM", language: "es" | "en" = "en") {
  const plan = financePlan();
  const exported = path.join(plan.dir, "dgm.xlsx");
  await exportFinanceWorkbook(plan.store.db, exported, { institution, language });
  return { ...plan, exported };
}

function revision(store: PlanStore) {
  return store.db.prepare("SELECT coalesce(max(id), 0) AS r FROM change_set").get();
}

/** The import is refused with `code`; the message names the file and ends as every refusal does; the plan did not move. */
function refused(store: PlanStore, file: string, code: string, options: Record<string, unknown> = {}) {
  const before = { data: planData(store), revision: revision(store), imported: store.db.prepare("SELECT count(*) AS n FROM imported_file").get() };
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
  expect(message).toMatch(/Nothing was changed\.$/);
  expect(message).not.toMatch(/\{\w+\}/);
  expect(errorMessage("es", error.code as never, error.params)).toMatch(/No se cambió nada\.$/);
  expect({ data: planData(store), revision: revision(store), imported: store.db.prepare("SELECT count(*) AS n FROM imported_file").get() }).toEqual(before);
  return message;
}

/** The exported workbook's "Actions" rows as text, ready to be edited and saved as CSV. */
function actionRows(exported: string) {
  const book = XLSX.read(fs.readFileSync(exported));
  const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets["Actions"] ?? book.Sheets["Acciones"]!, { header: 1, defval: "", raw: false, blankrows: false });
  const keys = rows[0]!.map((k) => (k.startsWith("{") ? "manifest" : k));
  const row = (id: string) => rows.find((r, i) => i >= 2 && r[keys.indexOf("action_id")] === id)!;
  const set = (id: string, key: string, value: string) => (row(id)[keys.indexOf(key)] = value);
  const csv = () => XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(rows));
  return { rows, keys, set, csv };
}

describe("1. zip bombs and archives that tell two stories", () => {
  it("refuses a workbook whose end record counts one part fewer in total than on its disk (a hidden part SheetJS would inflate)", async () => {
    const { store, dir, exported } = await setup();
    const parts = zipParts(fs.readFileSync(exported));
    const hidden = zerosPart("xl/media/hidden.bin", 4 * 1024 * 1024);
    const bomb = write(dir, "bomb.xlsx", buildZip([...parts, hidden], { onThisDisk: parts.length + 1, total: parts.length }));
    expect(refused(store, bomb, "spreadsheet_corrupt")).toContain("counts disagree");
    store.close();
  });

  it("refuses parts listed twice, data no directory entry lists, and parts that fail their checksum", async () => {
    const { store, dir, exported } = await setup();
    const parts = zipParts(fs.readFileSync(exported));
    const sheet = parts.find((p) => p.name === "xl/worksheets/sheet2.xml")!;
    refused(store, write(dir, "twice.xlsx", buildZip([...parts, sheet])), "spreadsheet_corrupt");
    // A part whose local header is in the file but whose directory entry was dropped.
    const listed = buildZip(parts);
    const withHidden = buildZip([zerosPart("hidden.bin", 1024 * 1024), ...parts]);
    const directoryAt = withHidden.readUInt32LE(withHidden.length - 6);
    const hiddenEntryLength = 46 + "hidden.bin".length;
    const end = Buffer.from(withHidden.subarray(withHidden.length - 22));
    end.writeUInt16LE(parts.length, 8);
    end.writeUInt16LE(parts.length, 10);
    end.writeUInt32LE(end.readUInt32LE(12) - hiddenEntryLength, 12);
    end.writeUInt32LE(directoryAt + hiddenEntryLength, 16);
    const unlisted = Buffer.concat([withHidden.subarray(0, withHidden.length - 22), end]);
    expect(listed.length).toBeLessThan(unlisted.length);
    refused(store, write(dir, "unlisted.xlsx", unlisted), "spreadsheet_corrupt");
    const flipped = parts.map((p) => (p === sheet ? deflatedPart(p.name, partContent(p).toString().replace("DGM", "XYZ")) : p));
    const changed = flipped.find((p) => p.name === sheet.name)!;
    changed.crc = (changed.crc ^ 1) >>> 0;
    expect(refused(store, write(dir, "checksum.xlsx", buildZip(flipped)), "spreadsheet_corrupt")).toContain("checksum");
    store.close();
  });

  it("reads a workbook whose content types, workbook and relationships end in 100,000 tags never closed (each was scanned to the end: minutes)", async () => {
    const { store, exported } = await setup();
    const padding: Record<string, string> = { "[Content_Types].xml": "<Override", "xl/workbook.xml": "<sheet ", "xl/_rels/workbook.xml.rels": "<Relationship" };
    const parts = zipParts(fs.readFileSync(exported)).map((p) => (padding[p.name] ? deflatedPart(p.name, partContent(p).toString() + padding[p.name]!.repeat(100_000)) : p));
    expect(parts.filter((p) => padding[p.name])).toHaveLength(3);
    // Read as the unpadded workbook is, by the plain-xlsx reader, and the same by SheetJS alone.
    expect(sameReading(buildZip(parts))).toBe("plain");
    store.close();
  });

  it("reads an OpenDocument sheet holding a '<' and a million letters with no '>' (its cells were counted by trying every shorter name: minutes)", () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["action", 1], ["other", 2]]), "Actions");
    const parts = zipParts(XLSX.write(book, { type: "buffer", bookType: "ods" }) as Buffer);
    const content = partContent(parts.find((p) => p.name === "content.xml")!).toString();
    const padded = content.replace("<table:table-row", `<${"a".repeat(1_000_000)}<table:table-row`);
    expect(padded).not.toBe(content);
    const cells = (bytes: Buffer) => readSpreadsheet(bytes, "returned.ods").sheets.map((grid) => Array.from({ length: grid.rows }, (_, r) => grid.row(r)?.map((cell) => cell?.v)));
    const clean = cells(buildZip(parts));
    expect(clean).toEqual([[["action", 1], ["other", 2]]]);
    expect(cells(buildZip(parts.map((p) => (p.name === "content.xml" ? deflatedPart(p.name, padded) : p))))).toEqual(clean);
  });
});

describe("2. reads before checks", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reads the returned file once: what is hashed and kept is what was parsed", async () => {
    const { store, dir, exported } = await setup();
    const returned = path.join(dir, "back.xlsx");
    await editWorkbook(exported, returned, [{ action: "act-1", key: "amount:2018", value: 5 }]);
    const opened: string[] = [];
    const openSync = fs.openSync;
    const readFileSync = fs.readFileSync;
    vi.spyOn(fs, "openSync").mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      if (String(file) === returned) opened.push("open");
      return (openSync as (...args: unknown[]) => number)(file, ...rest);
    }) as typeof fs.openSync);
    vi.spyOn(fs, "readFileSync").mockImplementation(((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (String(file) === returned) opened.push("readFile");
      return (readFileSync as (...args: unknown[]) => unknown)(file, ...rest);
    }) as typeof fs.readFileSync);
    const outcome = importReturnedFile(store.db, returned, { author: "x" });
    expect(opened).toEqual(["open"]);
    const kept = store.db.prepare("SELECT sha256, content FROM imported_file WHERE id = ?").get(outcome.importedFileId) as { sha256: string; content: Buffer };
    expect(kept.content.equals(fs.readFileSync(returned))).toBe(true);
    expect(kept.sha256).toBe(outcome.preview.sha256);
    store.close();
  });

  it("refuses a folder named like a workbook before reading it", async () => {
    const { store, dir } = await setup();
    const folder = path.join(dir, "folder.xlsx");
    fs.mkdirSync(folder);
    refused(store, folder, "spreadsheet_not_a_file");
    store.close();
  });

  it("caps a paste's cells before checking each one (edit.paste of 100,000 × 50)", () => {
    const row = Array.from({ length: 50 }, () => "x");
    const rows = Array.from({ length: 100_000 }, () => row);
    const input = { actionIds: [], columns: ["action"], rows, appendToNeed: "need-1" };
    const parsed = contract["edit.paste"].input.safeParse(input);
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues;
    // One issue about the size, none about a cell: the cells were never looked at one by one.
    expect(issues).toHaveLength(1);
    // Named by its catalogue key (doc.issue.custom.pasteTooLarge): the boundary says it in the user's language.
    expect(issues[0]).toMatchObject({ message: "pasteTooLarge", params: { cells: 5_000_000 } });
    // A paste of the size the editor really sends still passes.
    const small = { ...input, rows: rows.slice(0, 1000) };
    expect(contract["edit.paste"].input.safeParse(small).success).toBe(true);
  });
});

describe("3. one damaged file does not stop the batch", () => {
  function cli(args: string[], cwd: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: "en_US.UTF-8" }, cwd });
    return Promise.resolve(code).then((c) => ({ code: c, out: out.join("\n"), err: err.join("\n") }));
  }

  it("refuses a workbook listing a sheet SheetJS could not load, naming file and sheet, and imports the files after it", async () => {
    const { store, file, dir, exported } = await setup();
    store.close();
    const parts = zipParts(fs.readFileSync(exported));
    // The workbook still lists "Instructions", whose part is gone.
    const damaged = write(dir, "damaged.xlsx", buildZip(parts.filter((p) => p.name !== "xl/worksheets/sheet1.xml")));
    await editWorkbook(exported, path.join(dir, "good.xlsx"), [{ action: "act-1", key: "amount:2018", value: 5 }]);
    const result = await cli(["import", file, "damaged.xlsx", "good.xlsx"], dir);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^matriz: “damaged\.xlsx”, sheet “Instructions”: the sheet is damaged and cannot be read\. Nothing was changed\.$/);
    expect(result.err).not.toMatch(/Internal error/);
    expect(result.out).toContain("good.xlsx: 0 lines added, 1 changed, 0 removed; 0 conflicts (applied)");
    void damaged;
  });
});

describe("4. no silent wrong values", () => {
  it("refuses an Excel error value in an amount cell by the cell's name instead of importing its code (7 for #DIV/0!)", async () => {
    const { store, dir, exported } = await setup();
    const returned = path.join(dir, "error.xlsx");
    await editWorkbook(exported, returned, [{ action: "act-1", key: "amount:2018", value: { error: "#DIV/0!" } as ExcelJS.CellErrorValue }]);
    const message = refused(store, returned, "spreadsheet_error_value");
    expect(message).toContain("#DIV/0!");
    expect(message).toContain("cell G3");
    expect(message).toContain("sheet “Actions”");
    store.close();
  });

  it("reads a CSV saved as Windows-1252 as such, and says so in the preview", async () => {
    const { store, dir, exported } = await setup();
    const sheet = actionRows(exported);
    sheet.set("act-1", "note", "Educación de la niñez");
    sheet.set("act-1", "amount:2018", "1000");
    const file = write(dir, "ansi.csv", Buffer.from(sheet.csv(), "latin1"));
    const preview = importReturnedFile(store.db, file, { author: "x", language: "en", dryRun: true }).preview;
    expect(preview.notices).toEqual([{ code: "spreadsheet_encoding", params: { file: "ansi.csv", encoding: "Windows-1252" } }]);
    importReturnedFile(store.db, file, { author: "x" });
    expect(linesOf(store).find((l) => l.id === "line-1")).toMatchObject({ amount: 100_000 });
    expect(store.db.prepare("SELECT note FROM budget_line WHERE id = 'line-1'").get()).toEqual({ note: "Educación de la niñez" });
    store.close();
  });

  it("reads $1,000 in a Spanish-language Guatemala plan the way Guatemala writes it: a thousand", async () => {
    const { store, dir, exported } = await setup("DGM/IGM", "es");
    const returned = path.join(dir, "dolares.xlsx");
    await editWorkbook(exported, returned, [{ action: "act-1", key: "amount:2018", value: "$1,000" }]);
    importReturnedFile(store.db, returned, { author: "x" });
    expect(linesOf(store).find((l) => l.id === "line-1")).toMatchObject({ amount: 100_000 });
    store.close();
  });

  it("refuses 1,000 by its cell when the file's own amounts use both decimal marks", async () => {
    const { store, dir, exported } = await setup();
    const returned = path.join(dir, "mixed.xlsx");
    await editWorkbook(exported, returned, [
      { action: "act-1", key: "amount:2018", value: "1.250.000,50" },
      { action: "act-1", key: "amount:2019", value: "2,500,000.25" },
      { action: "act-3", key: "amount:2020", value: "1,000" },
    ]);
    const errors = importReturnedFile(store.db, returned, { author: "x", language: "en", dryRun: true }).preview.errors;
    expect(errors).toEqual([expect.objectContaining({ sheet: "Actions", row: 5, column: "Amount 2020", found: "1,000", expected: expect.stringContaining("reads one way only") })]);
    refused(store, returned, "spreadsheet_bad_rows");
    store.close();
  });

  it("refuses amounts more precise than cents instead of rounding them", async () => {
    const { store, dir, exported } = await setup();
    const returned = path.join(dir, "precise.xlsx");
    await editWorkbook(exported, returned, [
      { action: "act-1", key: "amount:2018", value: 0.001 },
      { action: "act-1", key: "amount:2019", value: "123456.789" },
      // What Excel saves for =0.1+0.2 pasted as a value is the 0.30 it shows.
      { action: "act-3", key: "amount:2020", value: 0.30000000000000004 },
    ]);
    const errors = importReturnedFile(store.db, returned, { author: "x", language: "en", dryRun: true }).preview.errors;
    expect(errors.map((e) => [e.row, e.column, e.found, e.expected])).toEqual([
      [3, "Amount 2018", "0.001", "an amount with at most two decimals (cents)"],
      [3, "Amount 2019", "123456.789", "an amount with at most two decimals (cents)"],
    ]);
    expect(refused(store, returned, "spreadsheet_bad_rows")).toContain("0.001");
    store.close();
  });
});

describe("5. older exports", () => {
  it("imports a workbook filled from an older export against its own base, with the plan's later changes as conflicts", async () => {
    const { store, dir, exported } = await setup();
    const editor = new PlanEditor(store, (label) => ({ author: "secretariat", source: "typed", label }));
    editor.saveBudgetLine("act-1", { id: "line-2", institution: "DGM/IGM", year: 2019, amount: 7, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" });
    await exportFinanceWorkbook(store.db, path.join(dir, "dgm-newer.xlsx"), { institution: "DGM/IGM" });
    const returned = path.join(dir, "older-filled.xlsx");
    await editWorkbook(exported, returned, [
      { action: "act-1", key: "amount:2018", value: 222 },
      { action: "act-1", key: "amount:2019", value: 333 },
    ]);
    const outcome = importReturnedFile(store.db, returned, { author: "DGM UDAF" });
    expect(outcome.status).toBe("conflicts");
    expect(outcome.preview.counts).toEqual({ added: 0, changed: 1, removed: 0, conflicts: 1 });
    expect(outcome.preview.conflicts[0]).toMatchObject({ key: "line-2", field: "amount", base: 13_000_000, plan: 700, returned: 33_300 });
    expect(linesOf(store).find((l) => l.id === "line-1")!.amount).toBe(22_200);
    store.close();
  });
});
