/**
 * Totals reconcile everywhere: one plan with known amounts in three currencies,
 * four funding sources (and lines without one), several institutions and
 * years; the sums are worked out here, independently of the code under test,
 * in hundredths, and every subtotal and total of the national workbook (matrix
 * and summary sheets), the HXL file, the IATI file and the charts' data
 * (summarisePlan, which the Summaries tab draws) is checked against them.
 */
import path from "node:path";
import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { FUNDING_SOURCES, type PlanDocument } from "../../src/domain/document";
import { translate, type MessageKey } from "../../src/i18n";
import { planToHxlCsv } from "../../src/opendata/hxl";
import { planToIatiXml } from "../../src/opendata/iati";
import { buildNationalWorkbook } from "../../src/reports/national-workbook";
import { summarisePlan } from "../../src/reports/summary";
import { fixturePath, tempDir } from "../helpers/temp";

const CURRENCIES = ["GTQ", "USD", "EUR"];
const YEARS = [2018, 2019, 2020];
type Sums = Map<string, number>;
const add = (sums: Sums, key: string, minor: number) => sums.set(key, (sums.get(key) ?? 0) + minor);
const t = (key: string) => translate("es", key as MessageKey);

interface Expected {
  total: Sums; // currency
  need: Sums; // "p.n|currency|year" and "p.n|currency|total"
  pillar: Sums; // "p|currency|year" and "p|currency|total"
  institutionYear: Sums; // "institution|year|currency"
  source: Sums; // "source|currency"
  funded: Sums; // "funded|currency", "to_be_mobilised|currency", "unspecified|currency"
}

function planWithKnownSums(): { doc: PlanDocument; expected: Expected } {
  const fixture = readDocumentFile(fixturePath("guatemala"));
  const expected: Expected = { total: new Map(), need: new Map(), pillar: new Map(), institutionYear: new Map(), source: new Map(), funded: new Map() };
  let n = 0;
  fixture.pillars.forEach((pillar) =>
    pillar.needs.forEach((need, needIndex) =>
      need.actions.forEach((action) => {
        if (action.institutions.length === 0) action.institutions = ["Secretaría"];
        action.lead = action.institutions[0]!;
        action.budget_lines = YEARS.flatMap((year, k) => {
          const currency = CURRENCIES[(n + k) % CURRENCIES.length]!;
          // An amount with cents that floating point cannot hold exactly, and a second institution's line now and then.
          const amounts = [1000 * (n + 1) + 0.1 * (k + 1) + 0.07, ...(n % 4 === 0 ? [333.33] : [])];
          return amounts.map((amount, j) => {
            const source = j === 0 ? (n % 5 === 4 ? null : FUNDING_SOURCES[(n + k) % FUNDING_SOURCES.length]!) : "international_cooperation";
            const institution = j === 0 ? action.lead! : (action.institutions[1] ?? action.lead!);
            const minor = Math.round(amount * 100);
            const needRef = `${pillar.number}.${needIndex + 1}`;
            add(expected.total, currency, minor);
            for (const key of [`${needRef}|${currency}|${year}`, `${needRef}|${currency}|total`]) add(expected.need, key, minor);
            for (const key of [`${pillar.number}|${currency}|${year}`, `${pillar.number}|${currency}|total`]) add(expected.pillar, key, minor);
            add(expected.institutionYear, `${institution}|${year}|${currency}`, minor);
            add(expected.source, `${source ?? "unspecified"}|${currency}`, minor);
            add(expected.funded, `${source === "to_be_mobilised" ? "to_be_mobilised" : source === null ? "unspecified" : "funded"}|${currency}`, minor);
            return { institution, year, amount, currency, funding_source: source };
          });
        });
        n++;
      }),
    ),
  );
  const file = path.join(tempDir(), "gt.matriz");
  const store = createPlanFromDocument(file, fixture, { author: "t", source: "cli" }, { language: "es" });
  const doc = store.document();
  store.close();
  return { doc, expected };
}

const minor = (value: unknown) => Math.round((value as number) * 100);

describe("totals reconcile across every output", () => {
  it("every action row, need and pillar subtotal of the national workbook's matrix, per year and in total", async () => {
    const { doc, expected } = planWithKnownSums();
    const book = XLSX.read(await buildNationalWorkbook(doc, { language: "es" }), { type: "buffer" });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Matriz"]!, { header: 1, raw: true, defval: null });
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const [ref, action, total, currency] = [col(t("report.workbook.ref")), col(t("column.action")), col(t("report.workbook.total")), col(t("column.currency"))];
    const years = YEARS.map((y) => col(String(y)));
    expect([ref, action, total, currency, ...years].every((i) => i >= 0)).toBe(true);

    const found = { need: new Map() as Sums, pillar: new Map() as Sums };
    let pillar = "";
    let need = "";
    let checked = { needs: 0, pillars: 0, actions: 0 };
    for (const row of rows.slice(1)) {
      const reference = row[ref] === null ? "" : String(row[ref]);
      if (/^\d+$/.test(reference)) pillar = reference;
      else if (/^\d+\.\d+$/.test(reference)) need = reference;
      const label = row[action];
      const value = row[total];
      if (value === null || value === undefined) continue;
      expect(typeof value).toBe("number");
      const c = row[currency] as string;
      const yearSum = years.reduce((s, i) => s + (row[i] === null ? 0 : minor(row[i])), 0);
      // Each row's total is the sum of its years.
      expect(minor(value)).toBe(yearSum);
      if (label === t("report.workbook.subtotalNeed") || label === t("report.workbook.subtotalPillar")) {
        const [scope, sums, key] = label === t("report.workbook.subtotalNeed") ? (["need", expected.need, need] as const) : (["pillar", expected.pillar, pillar] as const);
        YEARS.forEach((year, i) => expect(minor(row[years[i]!] ?? 0), `${scope} ${key} ${c} ${year}`).toBe(sums.get(`${key}|${c}|${year}`) ?? 0));
        expect(minor(value), `${scope} ${key} ${c}`).toBe(sums.get(`${key}|${c}|total`));
        found[scope].set(`${key}|${c}`, minor(value));
        checked = { ...checked, [`${scope}s`]: checked[`${scope}s` as "needs" | "pillars"] + 1 };
      } else {
        checked.actions++;
      }
    }
    // Every need and pillar with a budget in a currency has its subtotal row in that currency.
    const keys = (sums: Sums) => [...sums.keys()].filter((k) => k.endsWith("|total")).map((k) => k.replace("|total", "")).sort();
    expect([...found.need.keys()].sort()).toEqual(keys(expected.need));
    expect([...found.pillar.keys()].sort()).toEqual(keys(expected.pillar));
    expect(checked.actions).toBeGreaterThan(30);
    expect(checked.needs).toBeGreaterThan(checked.pillars);
    expect(checked.pillars).toBeGreaterThan(0);
  });

  it("every table of the workbook's summary sheet", async () => {
    const { doc, expected } = planWithKnownSums();
    const book = XLSX.read(await buildNationalWorkbook(doc, { language: "es" }), { type: "buffer" });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Resumen"]!, { header: 1, raw: true, defval: null, blankrows: false });
    const sections = new Map<string, unknown[][]>();
    let current: unknown[][] | null = null;
    let skipHeader = false;
    for (const row of rows) {
      const first = String(row[0] ?? "");
      if (row.slice(1).every((cell) => cell === null) && first) {
        sections.set(first, (current = []));
        skipHeader = true;
      } else if (skipHeader) skipHeader = false;
      else current?.push(row);
    }
    const asSums = (table: unknown[][], key: (row: unknown[]) => string, amountAt: number) =>
      new Map(table.map((row) => [`${key(row)}|${row[amountAt + 1]}`, minor(row[amountAt])]));

    const byPillarYear = sections.get(t("report.workbook.byPillarYear"))!;
    const pillarYear = new Map([...expected.pillar].filter(([k]) => !k.endsWith("|total")).map(([k, v]) => {
      const [p, c, y] = k.split("|");
      return [`${p}|${y}|${c}`, v] as const;
    }));
    expect(asSums(byPillarYear, (r) => `${String(r[0]).split(".")[0]}|${r[1]}`, 2)).toEqual(pillarYear);
    expect(asSums(sections.get(t("report.workbook.byInstitutionYear"))!, (r) => `${r[0]}|${r[1]}`, 2)).toEqual(expected.institutionYear);
    const sourceLabel = (source: string) => (source === "unspecified" ? t("report.workbook.unspecified") : t(`ui.funding.${source}`));
    expect(asSums(sections.get(t("report.workbook.byFundingSource"))!, (r) => String(r[0]), 1)).toEqual(
      new Map([...expected.source].map(([k, v]) => [`${sourceLabel(k.split("|")[0]!)}|${k.split("|")[1]}`, v])),
    );
    const fundedLabel = { funded: t("report.workbook.funded"), to_be_mobilised: t("report.workbook.toBeMobilised"), unspecified: t("report.workbook.unspecified") };
    expect(asSums(sections.get(t("report.workbook.fundedVsMobilise"))!, (r) => String(r[0]), 1)).toEqual(
      new Map([...expected.funded].map(([k, v]) => [`${fundedLabel[k.split("|")[0] as keyof typeof fundedLabel]}|${k.split("|")[1]}`, v])),
    );
    expect(asSums(sections.get(t("report.workbook.total"))!, () => "total", 1)).toEqual(new Map([...expected.total].map(([c, v]) => [`total|${c}`, v])));
  });

  it("the HXL rows and the IATI budgets, per currency and per year", () => {
    const { doc, expected } = planWithKnownSums();
    const csv = XLSX.read(planToHxlCsv(doc), { type: "string", raw: true });
    const table = XLSX.utils.sheet_to_json<string[]>(csv.Sheets[csv.SheetNames[0]!]!, { header: 1, raw: false, defval: "" });
    const tags = table[1]!;
    const [value, currency, sector] = [tags.indexOf("#value+budget"), tags.indexOf("#currency"), tags.indexOf("#sector+name")];
    const hxl: Sums = new Map();
    for (const row of table.slice(2)) if (row[value]) add(hxl, row[currency]!, Math.round(Number(row[value]) * 100));
    expect(hxl).toEqual(expected.total);
    expect(sector).toBeGreaterThanOrEqual(0);

    const iatiByYear: Sums = new Map();
    const iati: Sums = new Map();
    for (const match of planToIatiXml(doc).matchAll(/<value currency="([A-Z]{3})" value-date="(\d{4})-01-01">([\d.]+)<\/value>/g)) {
      add(iati, match[1]!, Math.round(Number(match[3]) * 100));
      add(iatiByYear, `${match[1]}|${match[2]}`, Math.round(Number(match[3]) * 100));
    }
    expect(iati).toEqual(expected.total);
    const perYear: Sums = new Map();
    for (const [k, v] of expected.pillar) if (!k.endsWith("|total")) add(perYear, `${k.split("|")[1]}|${k.split("|")[2]}`, v);
    expect(iatiByYear).toEqual(perYear);
  });

  it("the charts' data: totals, pillar by year, institutions and funded against to be mobilised", () => {
    const { doc, expected } = planWithKnownSums();
    const s = summarisePlan(doc);
    const toMinor = (amounts: Record<string, number>) => new Map(Object.entries(amounts).map(([c, v]) => [c, minor(v)]));
    expect(toMinor(s.total)).toEqual(expected.total);
    const pillarYear: Sums = new Map();
    for (const r of s.byPillarYear) for (const [c, v] of Object.entries(r.amounts)) pillarYear.set(`${r.pillar}|${c}|${r.year}`, minor(v));
    expect(pillarYear).toEqual(new Map([...expected.pillar].filter(([k]) => !k.endsWith("|total"))));
    const institutionYear: Sums = new Map();
    for (const r of s.byInstitutionYear) for (const [c, v] of Object.entries(r.amounts)) institutionYear.set(`${r.institution}|${r.year}|${c}`, minor(v));
    expect(institutionYear).toEqual(expected.institutionYear);
    const funded: Sums = new Map();
    for (const [kind, amounts] of [["funded", s.fundedVersusToMobilise.funded], ["to_be_mobilised", s.fundedVersusToMobilise.toBeMobilised], ["unspecified", s.fundedVersusToMobilise.unspecified]] as const)
      for (const [c, v] of Object.entries(amounts)) funded.set(`${kind}|${c}`, minor(v));
    expect(funded).toEqual(expected.funded);
  });
});
