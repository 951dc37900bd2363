/**
 * No returned file may push the process past 500 MB (issue 10): zip bombs,
 * files that are too large, files that are not files, and workbooks that ask
 * SheetJS for millions of cells in a few bytes are refused in bounded memory.
 * Each import runs in a child process of its own, whose peak resident memory
 * (process.resourceUsage().maxRSS) is what is measured; each has a time limit,
 * so a FIFO that would block the read fails the test instead of hanging it.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { REPO_ROOT } from "../helpers/temp";
import { financePlan, write } from "./fixture";
import { buildZip, deflatedPart, partContent, zerosPart, zipParts } from "./zip-craft";

const LIMIT_MB = 500;
const SCRIPT = path.join(REPO_ROOT, "tests", "fixtures-scripts", "import-one.ts");

interface ChildResult {
  status: string;
  code?: string;
  peakMB: number;
}

/** Imports `file` into `plan` in a child process; killed after `seconds`. */
function importInChild(plan: string, file: string, seconds = 60): Promise<ChildResult | { status: "timed out" | "died"; detail: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, plan, file], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), seconds * 1000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").pop() ?? "";
      if (signal === "SIGKILL") resolve({ status: "timed out", detail: err.slice(-500) });
      else if (code !== 0 || !line.startsWith("{")) resolve({ status: "died", detail: `exit ${code}: ${err.slice(-500)}` });
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

describe("memory: hostile files are refused without the process passing 500 MB", () => {
  it("refuses each one, in bounded time and memory", { timeout: 300_000 }, async () => {
    const { store, file: plan, dir } = financePlan();
    const exported = path.join(dir, "dgm.xlsx");
    await exportFinanceWorkbook(store.db, exported, { institution: "DGM/IGM", language: "en" });
    store.close();
    const parts = zipParts(fs.readFileSync(exported));

    // The issue's zip bomb: 1 GiB of zeros in a part only the count SheetJS reads includes.
    const hidden = zerosPart("xl/media/image1.bin", 1024 * 1024 * 1024);
    const bomb = write(dir, "bomb.xlsx", buildZip([...parts, hidden], { onThisDisk: parts.length + 1, total: parts.length }));
    // Over the size cap: read before, now refused by fstat (sparse: it takes no disk).
    const huge = path.join(dir, "huge.csv");
    fs.writeFileSync(huge, "pillar,need,action\n");
    fs.truncateSync(huge, 200 * 1024 * 1024);
    const fifo = path.join(dir, "x.xlsx");
    execFileSync("mkfifo", [fifo]);
    // A few hundred bytes of OpenDocument asking for 50,000 rows of 16,000 cells each.
    const ods = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(ods, XLSX.utils.aoa_to_sheet([["a", 1]]), "S");
    const odsParts = zipParts(XLSX.write(ods, { type: "buffer", bookType: "ods" }) as Buffer);
    const content = partContent(odsParts.find((p) => p.name === "content.xml")!).toString();
    const repeated = content
      .replace("<table:table-row>", '<table:table-row table:number-rows-repeated="50000">')
      .replace('<table:table-cell office:value-type="float"', '<table:table-cell table:number-columns-repeated="16000" office:value-type="float"');
    expect(repeated).not.toBe(content);
    const odsBomb = write(dir, "repeat.ods", buildZip(odsParts.map((p) => (p.name === "content.xml" ? deflatedPart(p.name, repeated) : p))));
    // 1.5 million cells in a sheet that compresses to a quarter of a megabyte.
    const sheet = partContent(parts.find((p) => p.name === "xl/worksheets/sheet2.xml")!).toString();
    const rows = Array.from({ length: 50_000 }, (_, r) => `<row r="${r + 3}">${"<c><v>1</v></c>".repeat(30)}</row>`).join("");
    const cells = sheet.replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${rows}</sheetData>`);
    const cellBomb = write(dir, "cells.xlsx", buildZip(parts.map((p) => (p.name === "xl/worksheets/sheet2.xml" ? deflatedPart(p.name, cells) : p))));
    // 90 MB of text in shared strings, which SheetJS would copy about six times.
    const text = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${`<si><t>${"ñ".repeat(15_000)}</t></si>`.repeat(3000)}</sst>`;
    const textBomb = write(dir, "text.xlsx", buildZip(parts.map((p) => (p.name === "xl/sharedStrings.xml" ? deflatedPart(p.name, text) : p))));

    const cases: Array<[string, string, string]> = [
      ["zip bomb hidden by the end record's counts", bomb, "spreadsheet_corrupt"],
      ["200 MB CSV", huge, "spreadsheet_too_large"],
      ["/dev/zero", "/dev/zero", "spreadsheet_not_a_file"],
      ["FIFO named x.xlsx", fifo, "spreadsheet_not_a_file"],
      ["OpenDocument repeat bomb", odsBomb, "spreadsheet_too_large"],
      ["1.5 million cells", cellBomb, "spreadsheet_too_large"],
      ["90 MB of shared strings", textBomb, "spreadsheet_too_large"],
    ];
    const seen: Array<[string, unknown]> = [];
    for (const [label, file, code] of cases) {
      const result = await importInChild(plan, file);
      seen.push([label, result]);
      expect(result, label).toMatchObject({ status: "refused", code });
      expect((result as ChildResult).peakMB, label).toBeLessThan(LIMIT_MB);
    }
    // The figures, for whoever reads the test log.
    console.log(seen.map(([label, r]) => `${label}: ${JSON.stringify(r)}`).join("\n"));
  });
});
