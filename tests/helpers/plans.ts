import type { PlanDocument } from "../../src/domain/document";

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
