import path from "node:path";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { fixturePath } from "./temp";

/**
 * The frame the small test plans share: Guatemala, 2018–2020, in quetzales, with no
 * columns, stocktaking, gaps or acronyms unless `rest` gives them; each fixture adds its pillars.
 */
export function smallGuatemalaPlan(id: string, language: "es" | "en", rest: Partial<PlanDocument> & Pick<PlanDocument, "pillars">): PlanDocument {
  return {
    id,
    country: "Guatemala",
    iso3: "GTM",
    template: "guatemala",
    language,
    period: { start: 2018, end: 2020 },
    base_currency: "GTQ",
    columns: [],
    stocktaking: [],
    gaps: [],
    acronyms: {},
    ...rest,
  };
}

/** One of the six national examples saved in `dir` with one 2018 line of `perLine` in `currency` on every action (led by its first institution). */
export function examplePlanWithBudget(dir: string, id: string, currency: string, perLine: number) {
  const doc: PlanDocument = readDocumentFile(fixturePath(id));
  let actions = 0;
  for (const pillar of doc.pillars)
    for (const need of pillar.needs)
      for (const action of need.actions) {
        actions++;
        action.institutions = action.institutions.length ? action.institutions : ["Secretaría"];
        action.lead = action.institutions[0]!;
        action.budget_lines = [{ institution: action.lead, year: 2018, amount: perLine, currency }];
      }
  const file = path.join(dir, `${id}.matriz`);
  createPlanFromDocument(file, doc, { author: "t", source: "example" }).close();
  return { file, actions, doc };
}
