/**
 * What the faster import must keep: files applied several per commit are each
 * still all or nothing; the plan side read without the structure is the same as
 * the snapshot's; the one-pass tag count of the zip guard counts what the
 * patterns it replaced counted.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importReturnedFile, importReturnedFiles, importReturnedGroup } from "../../src/spreadsheet/apply";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import * as XLSX from "xlsx";
import { checkText, readSpreadsheet, scanXmlPart } from "../../src/spreadsheet/read";
import { currentLines, takeSnapshot } from "../../src/spreadsheet/snapshot";
import { PlanEditor } from "../../src/storage/edits";
import { editWorkbook, financePlan, linesOf, planData } from "./fixture";

async function plan() {
  const made = financePlan();
  const exported = path.join(made.dir, "dgm.xlsx");
  await exportFinanceWorkbook(made.store.db, exported, { institution: "DGM/IGM", language: "en" });
  return { ...made, exported };
}

const changeSets = (db: ReturnType<typeof financePlan>["store"]["db"]) =>
  db.prepare("SELECT label FROM change_set WHERE source = 'imported' ORDER BY id").pluck().all() as string[];

describe("files applied several per commit", () => {
  it("applies each good file as its own change set, and a refused file between them leaves nothing", async () => {
    const { store, dir, exported } = await plan();
    const first = path.join(dir, "first.xlsx");
    const second = path.join(dir, "second.xlsx");
    await editWorkbook(exported, first, [{ action: "act-1", key: "amount:2019", value: 140_000 }]);
    await editWorkbook(exported, second, [{ action: "act-1", key: "amount:2018", value: 126_000 }]);
    const broken = path.join(dir, "broken.xlsx");
    fs.writeFileSync(broken, fs.readFileSync(first).subarray(0, 2000));
    // The same file twice in one group: the second sees the first inside the transaction.
    const files = [first, broken, second, first].map((file) => ({ path: file, options: { author: "UDAF" } }));
    const outcomes = importReturnedGroup(store.db, files, () => true);
    expect(outcomes.map((o) => o.outcome?.status ?? (o.error as { code: string }).code)).toEqual(["applied", "spreadsheet_corrupt", "applied", "already_imported"]);
    expect(changeSets(store.db)).toEqual(["import first.xlsx", "import second.xlsx"]);
    const lines = linesOf(store);
    expect(lines.find((l) => l.id === "line-1")!.amount).toBe(12_600_000);
    expect(lines.find((l) => l.id === "line-2")!.amount).toBe(14_000_000);
    expect(store.db.prepare("SELECT count(*) FROM imported_file").pluck().get()).toBe(2);
  });

  it("stops taking files when told, and the whole list goes through in groups", async () => {
    const { store, dir, exported } = await plan();
    const files = [];
    for (let i = 0; i < 5; i++) {
      const file = path.join(dir, `r${i}.xlsx`);
      await editWorkbook(exported, file, [{ action: "act-1", key: "amount:2019", value: 140_000 + i }]);
      files.push({ path: file, options: { author: "UDAF" } });
    }
    let asked = 0;
    expect(importReturnedGroup(store.db, files, () => ++asked < 2)).toHaveLength(2);
    const rest = importReturnedFiles(store.db, files.slice(2));
    // The first applied; the others changed the same amount again: conflicts, each file recorded.
    expect(rest.map((o) => o.outcome?.status)).toEqual(["conflicts", "conflicts", "conflicts"]);
    expect(changeSets(store.db)).toEqual(["import r0.xlsx"]);
    expect(store.db.prepare("SELECT count(*) FROM imported_file").pluck().get()).toBe(5);
  });

  it("a group that cannot commit applies none of its files, and says so for each", async () => {
    const { store, dir, exported } = await plan();
    const file = path.join(dir, "r.xlsx");
    await editWorkbook(exported, file, [{ action: "act-1", key: "amount:2019", value: 140_000 }]);
    const before = planData(store);
    // A commit refused by the database, as a full disk would refuse it.
    store.db.exec("CREATE TRIGGER refuse_commit AFTER INSERT ON imported_file BEGIN SELECT RAISE(ROLLBACK, 'disk full'); END");
    const outcomes = importReturnedGroup(store.db, [{ path: file, options: { author: "UDAF" } }, { path: file, options: { author: "UDAF" } }], () => true);
    store.db.exec("DROP TRIGGER refuse_commit");
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.outcome).toBeNull();
    expect(store.db.inTransaction).toBe(false);
    expect(planData(store)).toEqual(before);
    expect(importReturnedFile(store.db, file, { author: "UDAF" }).status).toBe("applied");
  });
});

describe("reading the actions sheet alone", () => {
  it("reads only the sheet asked for when the workbook has it, and every sheet when it was renamed", async () => {
    const { store, dir, exported } = await plan();
    const returned = path.join(dir, "r.xlsx");
    await editWorkbook(exported, returned, [{ action: "act-1", key: "amount:2019", value: 140_000 }]);
    const alone = readSpreadsheet(fs.readFileSync(returned), "r.xlsx", { sheets: ["Actions", "Acciones"] });
    expect([alone.partial, alone.sheets.map((s) => s.name)]).toEqual([true, ["Actions"]]);
    expect(readSpreadsheet(fs.readFileSync(returned), "r.xlsx").sheets.map((s) => s.name)).toEqual(["Instructions", "Actions", "Lists"]);
    // Renamed by the ministry: found by its hidden key row among every sheet.
    const book = XLSX.read(fs.readFileSync(returned));
    book.SheetNames[1] = "Datos 2019";
    book.Sheets["Datos 2019"] = book.Sheets["Actions"]!;
    delete book.Sheets["Actions"];
    const renamed = path.join(dir, "renamed.xlsx");
    fs.writeFileSync(renamed, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    const outcome = importReturnedFile(store.db, renamed, { author: "UDAF" });
    expect([outcome.status, outcome.preview.sheet, outcome.preview.counts.changed]).toEqual(["applied", "Datos 2019", 1]);
  });
});

describe("the plan side of the merge", () => {
  it("is the snapshot's lines: an institution's lines on the actions it is still responsible for", async () => {
    const { store } = await plan();
    const editor = new PlanEditor(store, (label) => ({ author: "s", source: "typed", label }));
    const dgm = store.db.prepare("SELECT id FROM institution WHERE label = 'DGM/IGM'").pluck().get() as string;
    editor.saveBudgetLine("act-1", { institution: "DGM/IGM", year: 2020, amount: 7, currency: "GTQ" });
    // A line left behind on an action the institution no longer answers for.
    store.db.prepare("DELETE FROM action_institution WHERE action_id = 'act-2' AND institution_id = ?").run(dgm);
    store.db.prepare("INSERT INTO budget_line (id, action_id, institution_id, year, currency) VALUES ('stray', 'act-2', ?, 2019, 'GTQ')").run(dgm);
    for (const who of [dgm, null]) {
      const lines = currentLines(store.db, who);
      expect(Object.entries(lines)).toEqual(Object.entries(takeSnapshot(store.db, who).lines));
    }
    expect(Object.keys(currentLines(store.db, dgm))).not.toContain("stray");
  });
});

describe("the zip guard's tag count", () => {
  const rows = (xml: string) => [...xml.matchAll(/<\/(?:\w+:)?row>/g)].length;
  const cells = (xml: string) => [...xml.matchAll(/<(?:\w+:)?c[ />]/g)].length;
  const text = fc.stringMatching(/^[<>/:a-z_0-9 wcro"=x.]{0,80}$/);

  it("counts rows and cells as the patterns do, prefixes and attributes included", () => {
    const xml = '<x:row><x:c r="A1"/><c>1</c><c/></x:row><row a="<c d"></row><cc/><a:b:c /><c_:c>';
    expect(scanXmlPart({ name: "xl/worksheets/sheet1.xml", data: Buffer.from(xml, "latin1") }, "f.xlsx")).toMatchObject({ rows: rows(xml), cells: cells(xml) });
    fc.assert(
      fc.property(text, (xml) => {
        const part = { name: "part.xml", data: Buffer.from(xml, "latin1") };
        const counted = scanXmlPart(part, "f.xlsx");
        expect([counted.rows, counted.cells, counted.text]).toEqual([rows(xml), cells(xml), checkText(part, "f.xlsx")]);
      }),
      { numRuns: 2000, seed: 10 },
    );
  });
});
