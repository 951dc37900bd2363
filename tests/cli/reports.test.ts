/**
 * `matriz export --national` and `matriz regional` from the command line: the
 * files are written, the totals printed reconcile with the budget lines, and
 * bad arguments are refused with one line, writing nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { readDocumentFile } from "../../src/app/plans";
import { runCli } from "../../src/cli/main";
import type { PlanDocument } from "../../src/domain/document";
import { fillWithLibreOffice } from "../helpers/libreoffice";
import { fixturePath, sha256, tempDir } from "../helpers/temp";

async function cli(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: "en_US.UTF-8" }, cwd });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A fixture with two lines of `perLine` on every action, in `currency`. */
function planWithBudget(dir: string, id: string, currency: string, perLine: number): { file: string; actions: number } {
  const doc: PlanDocument = readDocumentFile(fixturePath(id));
  let actions = 0;
  for (const pillar of doc.pillars)
    for (const need of pillar.needs)
      for (const action of need.actions) {
        actions++;
        if (action.institutions.length === 0) action.institutions = ["Secretaría"];
        action.lead = action.institutions[0]!;
        action.budget_lines = [2018, 2019].map((year) => ({ institution: action.lead!, year, amount: perLine, currency, funding_source: "national_budget" as const }));
      }
  const json = path.join(dir, `${id}.json`);
  fs.writeFileSync(json, JSON.stringify(doc));
  return { file: `${id}.matriz`, actions };
}

describe("matriz export --national and matriz regional", () => {
  it("writes the national workbook, HXL and IATI, and refuses a wrong extension or format", async () => {
    const dir = tempDir();
    const { file } = planWithBudget(dir, "guatemala", "GTQ", 100);
    expect((await cli(["new", file, "--from-json", "guatemala.json"], dir)).code).toBe(0);
    for (const [format, name] of [["xlsx", "gt.xlsx"], ["hxl", "gt.csv"], ["iati", "gt.xml"]] as const) {
      const result = await cli(["export", file, "--national", "--format", format, "--out", name], dir);
      expect(result.code, result.err).toBe(0);
      expect(result.out).toBe(path.join(dir, name));
      expect(fs.statSync(path.join(dir, name)).size).toBeGreaterThan(500);
    }
    expect(fs.readFileSync(path.join(dir, "gt.csv"), "utf8").split("\n")[1]).toContain("#country");
    expect(fs.readFileSync(path.join(dir, "gt.xml"), "utf8")).toContain("<iati-activities");
    const before = fs.readdirSync(dir).sort();
    const wrongExtension = await cli(["export", file, "--national", "--format", "iati", "--out", "gt.txt"], dir);
    expect(wrongExtension.code).toBe(64);
    expect(wrongExtension.err).toMatch(/^matriz: .*\.xml/);
    const wrongFormat = await cli(["export", file, "--national", "--format", "docx", "--out", "gt.docx"], dir);
    expect(wrongFormat.code).toBe(64);
    expect(wrongFormat.err).toContain("docx");
    const wrongPaper = await cli(["export", file, "--national", "--format", "pdf", "--paper", "A3", "--out", "gt.pdf"], dir);
    expect(wrongPaper.err).toContain("A3");
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it("consolidates plans in one currency with the given rates, and leaves the national files untouched", async () => {
    const dir = tempDir();
    const gt = planWithBudget(dir, "guatemala", "GTQ", 1000);
    const hn = planWithBudget(dir, "honduras", "HNL", 500);
    const pa = planWithBudget(dir, "panama", "USD", 10);
    for (const id of ["guatemala", "honduras", "panama"]) expect((await cli(["new", `${id}.matriz`, "--from-json", `${id}.json`], dir)).code).toBe(0);
    fs.writeFileSync(path.join(dir, "rates.csv"), "currency,rate,date\nGTQ,0.125,2018-01-02\nHNL,0.04,2018-01-02\n");
    const hashes = [gt, hn, pa].map((p) => sha256(path.join(dir, p.file)));
    const result = await cli(["regional", gt.file, hn.file, pa.file, "--out", "region.xlsx", "--currency", "usd", "--rates", "rates.csv"], dir);
    expect(result.code, result.err).toBe(0);
    const expected = { GTM: gt.actions * 2 * 1000 * 0.125, HND: hn.actions * 2 * 500 * 0.04, PAN: pa.actions * 2 * 10 };
    const lines = result.out.split("\n");
    const amount = (text: string) => Number(text.replace(/[^\d.]/g, ""));
    for (const [iso3, total] of Object.entries(expected)) {
      const line = lines.find((l) => l.startsWith(iso3))!;
      expect(amount(line.split("\t")[2]!)).toBeCloseTo(total, 2);
    }
    const grand = lines.find((l) => l.startsWith("Total"))!;
    expect(amount(grand.split("\t")[1]!)).toBeCloseTo(expected.GTM + expected.HND + expected.PAN, 2);
    expect(fs.existsSync(path.join(dir, "region.xlsx"))).toBe(true);
    expect([gt, hn, pa].map((p) => sha256(path.join(dir, p.file)))).toEqual(hashes);
  });

  it("refuses a consolidation without a rate for a currency, naming it, and writes no workbook", async () => {
    const dir = tempDir();
    const gt = planWithBudget(dir, "guatemala", "GTQ", 1);
    await cli(["new", gt.file, "--from-json", "guatemala.json"], dir);
    const result = await cli(["regional", gt.file, "--out", "region.xlsx", "--currency", "USD"], dir);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain("GTQ");
    expect(result.err.split("\n")).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, "region.xlsx"))).toBe(false);
  });
});

describe("regional consolidation from national workbooks", () => {
  /** The A1 address of the first action row's cell under the given year header, in the matrix sheet. */
  function firstAmountCell(workbookFile: string, year: number) {
    const workbook = XLSX.read(fs.readFileSync(workbookFile), { type: "buffer" });
    const sheetName = workbook.SheetNames[0]!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[sheetName]!, { header: 1 });
    const col = (rows[0] as unknown[]).findIndex((h) => String(h) === String(year));
    const row = rows.findIndex((r) => /^\d+\.\d+\.\d+$/.test(String((r as unknown[])[0] ?? "")));
    return { sheet: sheetName, cell: XLSX.utils.encode_cell({ r: row, c: col }) };
  }

  it("reads a country's national workbook, as exported or edited and re-saved by LibreOffice, and refuses a bad amount", async () => {
    const dir = tempDir();
    const gt = planWithBudget(dir, "guatemala", "GTQ", 1000);
    const hn = planWithBudget(dir, "honduras", "HNL", 500);
    for (const id of ["guatemala", "honduras"]) expect((await cli(["new", `${id}.matriz`, "--from-json", `${id}.json`], dir)).code).toBe(0);
    fs.writeFileSync(path.join(dir, "rates.csv"), "GTQ,0.125,2018-01-02\nHNL,0.04,2018-01-02\n");
    expect((await cli(["export", hn.file, "--national", "--lang", "es", "--out", "hn.xlsx"], dir)).code).toBe(0);
    const regional = async (...sources: string[]) => {
      const result = await cli(["regional", ...sources, "--out", "region.xlsx", "--currency", "USD", "--rates", "rates.csv"], dir);
      expect(result.code, result.err).toBe(0);
      const line = result.out.split("\n").find((l) => l.startsWith("HND"))!;
      return Number(line.split("\t")[2]!.replace(/[^\d.]/g, ""));
    };
    const fromPlan = await regional(gt.file, hn.file);
    expect(fromPlan).toBeCloseTo(hn.actions * 2 * 500 * 0.04, 2);
    expect(await regional(gt.file, "hn.xlsx")).toBeCloseTo(fromPlan, 2);

    // The secretariat corrects one amount in LibreOffice (500 → 2,500) and saves as .ods: the correction counts.
    const target = firstAmountCell(path.join(dir, "hn.xlsx"), 2018);
    await fillWithLibreOffice([
      {
        in: path.join(dir, "hn.xlsx"),
        edits: [{ ...target, number: 2500 }],
        out: [{ path: path.join(dir, "hn.ods"), format: "ods" }],
      },
      { in: path.join(dir, "hn.xlsx"), edits: [{ ...target, text: "quinientos" }], out: [{ path: path.join(dir, "hn-bad.xlsx"), format: "xlsx" }] },
    ]);
    expect(await regional(gt.file, "hn.ods")).toBeCloseTo(fromPlan + 2000 * 0.04, 2);

    const bad = await cli(["regional", gt.file, "hn-bad.xlsx", "--out", "bad.xlsx", "--currency", "USD", "--rates", "rates.csv"], dir);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain("hn-bad.xlsx");
    expect(bad.err).toContain("quinientos");
    expect(bad.err).toContain(target.sheet);
    expect(bad.err).toContain(`${target.cell.replace(/\d+$/, "")}`);
    expect(fs.existsSync(path.join(dir, "bad.xlsx"))).toBe(false);
  }, 120_000);
});
