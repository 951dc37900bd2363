/**
 * Reading words back from a returned workbook: funding sources typed in either
 * language, and text compared without case, accents or runs of spaces. The words
 * themselves are in the catalogue (src/i18n).
 */
import { translate, type Language, type MessageKey } from "../i18n";
import { FUNDING_SOURCES } from "../domain/document";

/** The funding source as the dropdown shows it; reading back accepts either language or the stored code. */
export function fundingLabel(lang: Language, source: string): string {
  return translate(lang, `ui.funding.${source}` as MessageKey);
}

const SOURCE_BY_TEXT = new Map<string, string>();
for (const source of FUNDING_SOURCES) {
  for (const lang of ["es", "en"] as const) SOURCE_BY_TEXT.set(normaliseText(fundingLabel(lang, source)), source);
  SOURCE_BY_TEXT.set(normaliseText(source), source);
  SOURCE_BY_TEXT.set(normaliseText(source.replace(/_/g, " ")), source);
}

/** The labels exactly as the dropdown writes them: most cells, found without normalising the text. */
const SOURCE_BY_LABEL = new Map<string, string>();
for (const source of FUNDING_SOURCES) for (const lang of ["es", "en"] as const) SOURCE_BY_LABEL.set(fundingLabel(lang, source), source);

export function fundingSourceFrom(text: string): string | undefined {
  return SOURCE_BY_LABEL.get(text) ?? SOURCE_BY_TEXT.get(normaliseText(text));
}

/** Case, accents and runs of spaces do not matter when a header or a label is read back. */
export function normaliseText(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim().toLowerCase();
}
