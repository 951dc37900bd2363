import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { planToHxlCsv } from "../../src/opendata/hxl";
import { planToIatiXml } from "../../src/opendata/iati";
import { parseCsv } from "../helpers/csv";
import { REPO_ROOT, fixturePath, tempDir } from "../helpers/temp";

const SCHEMA = path.join(REPO_ROOT, "tests", "standards", "iati-2.03", "iati-activities-schema.xsd");

/** Guatemala's plan with budget lines in two currencies whose totals are known. */
function plannedWithBudget(): { doc: PlanDocument; totals: Record<string, number> } {
  const fixture = readDocumentFile(fixturePath("guatemala"));
  const totals: Record<string, number> = { GTQ: 0, USD: 0 };
  let n = 0;
  for (const pillar of fixture.pillars) {
    for (const need of pillar.needs) {
      for (const action of need.actions) {
        if (action.institutions.length === 0) continue;
        action.lead = action.institutions[0]!;
        action.budget_lines = [2018, 2019, 2020].map((year, k) => {
          const currency = (n + k) % 3 === 0 ? "USD" : "GTQ";
          const amount = 1000 * (n + 1) + k * 250.25;
          totals[currency] = Math.round((totals[currency]! + amount) * 100) / 100;
          return { institution: action.institutions[k % action.institutions.length]!, year, amount, currency, funding_source: "national_budget" as const, pei: `PEI-${n}`, poa: `POA-${year}` };
        });
        n++;
      }
    }
  }
  const file = path.join(tempDir(), "gt.matriz");
  const store = createPlanFromDocument(file, fixture, { author: "t", source: "cli" }, { language: "en" });
  const doc = store.document();
  store.close();
  return { doc, totals };
}

describe("HXL CSV", () => {
  it("has a heading row and an HXL hashtag row with the agreed tags", () => {
    const { doc } = plannedWithBudget();
    const rows = parseCsv(planToHxlCsv(doc));
    const tags = rows[1]!;
    for (const tag of ["#country+name", "#sector+name", "#activity+name", "#org+lead", "#org+impl", "#date+start", "#date+end", "#value+budget", "#currency", "#x_need", "#x_commitment", "#x_pei", "#x_poa"]) {
      expect(tags).toContain(tag);
    }
  });

  it("adds up to the plan's totals in each currency", () => {
    const { doc, totals } = plannedWithBudget();
    const csv = planToHxlCsv(doc);
    const tags = parseCsv(csv)[1]!;
    const value = tags.indexOf("#value+budget");
    const currency = tags.indexOf("#currency");
    const sums: Record<string, number> = {};
    for (const row of parseCsv(csv).slice(2)) {
      if (!row[value]) continue;
      sums[row[currency]!] = Math.round(((sums[row[currency]!] ?? 0) + Number(row[value])) * 100) / 100;
    }
    expect(sums).toEqual(totals);
  });
});

describe("IATI 2.03 XML", () => {
  it("is valid against the IATI 2.03 schema", () => {
    const { doc } = plannedWithBudget();
    const file = path.join(tempDir(), "iati.xml");
    fs.writeFileSync(file, planToIatiXml(doc));
    const result = execFileSync("xmllint", ["--noout", "--schema", SCHEMA, file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(result).toBe("");
  });

  it("has one activity per priority action, the lead accountable and the others implementing", () => {
    const { doc } = plannedWithBudget();
    const xml = planToIatiXml(doc);
    const activities = xml.split("<iati-activity ").slice(1);
    const actions = doc.pillars.flatMap((p) => p.needs.flatMap((n) => n.actions));
    expect(activities).toHaveLength(actions.length);
    const first = actions.find((a) => a.institutions.length > 1)!;
    const block = activities.find((a) => a.includes(first.id!))!;
    expect(block).toContain(`<participating-org role="2"><narrative>${first.lead}</narrative>`);
    for (const other of first.institutions.filter((i) => i !== first.lead)) {
      expect(block).toContain(`<participating-org role="4"><narrative>${other.replace(/&/g, "&amp;")}</narrative>`);
    }
  });

  it("budgets add up to the plan's totals in each currency", () => {
    const { doc, totals } = plannedWithBudget();
    const sums: Record<string, number> = {};
    for (const match of planToIatiXml(doc).matchAll(/<value currency="([A-Z]{3})" value-date="\d{4}-01-01">([\d.]+)<\/value>/g)) {
      sums[match[1]!] = Math.round(((sums[match[1]!] ?? 0) + Number(match[2])) * 100) / 100;
    }
    expect(sums).toEqual(totals);
  });

  it("is refused by the schema when broken, so the validation can fail", () => {
    const { doc } = plannedWithBudget();
    const file = path.join(tempDir(), "broken.xml");
    fs.writeFileSync(file, planToIatiXml(doc).replace(/<activity-status code="\d"\/>/, ""));
    expect(() => execFileSync("xmllint", ["--noout", "--schema", SCHEMA, file], { stdio: "pipe" })).toThrow();
  });
});

