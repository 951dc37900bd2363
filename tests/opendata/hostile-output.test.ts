/**
 * Every file Matriz writes, from a plan whose every text is hostile: the XML
 * parses (IATI, every part of every workbook), and no CSV cell starts like a
 * formula a spreadsheet would run.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportNational, exportRegional } from "../../src/app/exports";
import { createPlanFromDocument } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { planToHxlCsv } from "../../src/opendata/hxl";
import { planToIatiXml } from "../../src/opendata/iati";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { PlanStore } from "../../src/storage/plan-store";
import { parseCsv } from "../helpers/csv";
import { hostilePlanDocument } from "../helpers/hostile";
import { REPO_ROOT, tempDir } from "../helpers/temp";

const SCHEMA = path.join(REPO_ROOT, "tests", "standards", "iati-2.03", "iati-activities-schema.xsd");

function hostilePlan(): { file: string; doc: PlanDocument; dir: string } {
  const dir = tempDir();
  const file = path.join(dir, "hostil.matriz");
  const store = createPlanFromDocument(file, hostilePlanDocument(), { author: "t", source: "cli" }, { language: "es" });
  const doc = store.document();
  store.close();
  return { file, doc, dir };
}

/** xmllint's complaint about a file, or "" when it parses. */
function xmllint(file: string, ...extra: string[]): string {
  try {
    execFileSync("xmllint", ["--noout", ...extra, file], { stdio: ["ignore", "pipe", "pipe"] });
    return "";
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error).split("\n")[0]!;
  }
}

/** Every XML part of an xlsx (sheets, shared strings, styles, properties, relationships), each checked by xmllint. */
function unparsableParts(xlsx: string): string[] {
  const dir = `${xlsx}.parts`;
  fs.mkdirSync(dir);
  execFileSync("unzip", ["-q", "-o", xlsx, "-d", dir]);
  const parts: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(xml|rels)$/.test(entry.name)) parts.push(full);
    }
  };
  walk(dir);
  expect(parts.length).toBeGreaterThan(4);
  return parts.map((part) => [path.relative(dir, part), xmllint(part)] as const).filter(([, problem]) => problem).map(([part, problem]) => `${part}: ${problem}`);
}

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

describe("files written from hostile text", () => {
  it("HXL: no cell starts like a formula; hashtags and negative amounts stay as they are", () => {
    const { doc } = hostilePlan();
    const rows = parseCsv(planToHxlCsv(doc));
    const cells = rows.flat();
    const triggers = cells.filter((cell) => FORMULA_TRIGGER.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell));
    expect(triggers).toEqual([]);
    // The neutralised cells keep their text after the apostrophe.
    expect(cells.filter((cell) => cell.startsWith("'=cmd|' /C calc'!A0")).length).toBeGreaterThan(3);
    expect(rows[1]!.every((tag) => tag.startsWith("#"))).toBe(true);
    const budget = rows[1]!.indexOf("#value+budget");
    expect(rows.slice(2).map((row) => row[budget])).toContain("-1500.50");
  });

  it("IATI: parses and is valid against the 2.03 schema", () => {
    const { doc, dir } = hostilePlan();
    const file = path.join(dir, "iati.xml");
    fs.writeFileSync(file, planToIatiXml(doc));
    expect(xmllint(file)).toBe("");
    expect(xmllint(file, "--schema", SCHEMA)).toBe("");
  });

  it("the institution's and the whole plan's finance workbooks: every part parses", async () => {
    const { file, dir } = hostilePlan();
    const store = PlanStore.open(file);
    const institution = (store.db.prepare("SELECT i.label FROM institution i JOIN budget_line b ON b.institution_id = i.id LIMIT 1").get() as { label: string }).label;
    const forInstitution = path.join(dir, "institucion.xlsx");
    const wholePlan = path.join(dir, "plan-completo.xlsx");
    await exportFinanceWorkbook(store.db, forInstitution, { institution });
    await exportFinanceWorkbook(store.db, wholePlan, {});
    store.close();
    expect(unparsableParts(forInstitution)).toEqual([]);
    expect(unparsableParts(wholePlan)).toEqual([]);
  });

  it("the national and regional workbooks: every part parses", async () => {
    const { file, doc, dir } = hostilePlan();
    const national = path.join(dir, "nacional.xlsx");
    await exportNational(doc, national, { format: "xlsx", language: "es", locale: "es-GT" });
    expect(unparsableParts(national)).toEqual([]);
    // From the plan file, and from its national workbook read back.
    const regional = path.join(dir, "regional.xlsx");
    await exportRegional([file, national], regional, { currency: "GTQ", language: "es" });
    expect(unparsableParts(regional)).toEqual([]);
  });
});
