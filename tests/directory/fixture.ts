/**
 * A plan whose directory holds one body under three spellings, as the 2017
 * Guatemala matrix does ("SBS", "Secretariat of Social Welfare (SBS)", "SBS
 * (unaccompanied MCA)"), with one action naming two of them and budget lines on both.
 */
import path from "node:path";
import { createPlanFromDocument } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import type { ChangeMeta } from "../../src/storage/change-log";
import type { PlanStore } from "../../src/storage/plan-store";
import { smallGuatemalaPlan } from "../helpers/plans";
import { tempDir } from "../helpers/temp";

export const VARIANT = "SBS (unaccompanied MCA)";
export const FULL_NAME = "Secretariat of Social Welfare (SBS)";

export function spellingsDocument(): PlanDocument {
  return smallGuatemalaPlan("plan-gt-directory", "en", {
    acronyms: { SBS: "Secretariat of Social Welfare (Secretaría de Bienestar Social)", MINEDUC: "Ministry of Education (Ministerio de Educación)" },
    pillars: [
      {
        number: 2,
        title: "Immediate and ongoing needs",
        needs: [
          {
            profile: null,
            title: "Care for unaccompanied children",
            actions: [
              {
                id: "act-both",
                text: "Strengthen the shelters for unaccompanied migrant children and adolescents",
                institutions: ["SBS", VARIANT, "PGN"],
                lead: VARIANT,
                schedule: "2018 - 2020",
                commitments: [],
                budget_lines: [
                  { id: "line-sbs", institution: "SBS", year: 2019, amount: 900000, currency: "GTQ", funding_source: "national_budget" },
                  { id: "line-variant", institution: VARIANT, year: 2019, amount: 125000, currency: "GTQ", funding_source: "national_budget" },
                ],
              },
              {
                id: "act-variant",
                text: "Family tracing for unaccompanied children",
                institutions: [VARIANT],
                lead: VARIANT,
                schedule: "2019",
                commitments: [],
                budget_lines: [{ id: "line-tracing", institution: VARIANT, year: 2020, amount: 40000, currency: "GTQ", funding_source: "to_be_mobilised" }],
              },
              {
                id: "act-full",
                text: "Foster care programme",
                institutions: [FULL_NAME, "Ministry of Education"],
                lead: null,
                schedule: "2020",
                commitments: [],
              },
              {
                id: "act-mineduc",
                text: "Schooling for children in shelters",
                institutions: ["MINEDUC", "PGN"],
                lead: "MINEDUC",
                schedule: "2019",
                commitments: [],
              },
            ],
          },
        ],
      },
    ],
  });
}

export function spellingsPlan(dir = tempDir()): { file: string; store: PlanStore; dir: string } {
  const file = path.join(dir, "gt-directory.matriz");
  const store = createPlanFromDocument(file, spellingsDocument(), { author: "test", source: "example" });
  return { file, store, dir };
}

export const typed = (author = "Ana"): Omit<ChangeMeta, "label"> => ({ author, source: "typed" });

export function idOf(store: PlanStore, label: string): string {
  return (store.db.prepare("SELECT id FROM institution WHERE label = ?").get(label) as { id: string }).id;
}

/** What the plan holds, compared whole before and after an undo. */
export function snapshotTables(store: PlanStore) {
  const all = (sql: string) => store.db.prepare(sql).all();
  return {
    institutions: all("SELECT * FROM institution ORDER BY id"),
    links: all("SELECT * FROM action_institution ORDER BY id"),
    lines: all("SELECT * FROM budget_line ORDER BY id"),
  };
}

/**
 * The spellings plan with one open conflict: VARIANT's workbook went out, the plan
 * changed the 2020 tracing amount, and the returned file changed it differently.
 */
export async function planWithOpenConflict(dir = tempDir()) {
  const { exportFinanceWorkbook } = await import("../../src/spreadsheet/export");
  const { importReturnedFile } = await import("../../src/spreadsheet/apply");
  const { PlanEditor } = await import("../../src/storage/edits");
  const { editWorkbook } = await import("../spreadsheet/fixture");
  const plan = spellingsPlan(dir);
  const sent = path.join(dir, "variant.xlsx");
  await exportFinanceWorkbook(plan.store.db, sent, { institution: VARIANT });
  new PlanEditor(plan.store, (label) => ({ ...typed(), label })).saveBudgetLine("act-variant", { id: "line-tracing", institution: VARIANT, year: 2020, amount: 41000, currency: "GTQ" });
  const back = path.join(dir, "variant-filled.xlsx");
  await editWorkbook(sent, back, [{ action: "act-variant", key: "amount:2020", value: 43000 }]);
  importReturnedFile(plan.store.db, back, { author: "Luis" });
  return { ...plan, sent, back };
}
