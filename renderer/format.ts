/** Formatting that depends on the UI language: amounts, year lists, bilingual titles. */
import type { Language } from "../src/i18n";
import type { PillarDoc } from "../src/domain/document";
import { TEMPLATES, type TemplateId } from "../src/domain/templates";

/** Central American Spanish writes 1,250,000.50 (es-419), not the 1.250.000,50 of Spain. */
const LOCALES: Record<Language, string> = { es: "es-419", en: "en-US" };

const amountFormats = new Map<Language, Intl.NumberFormat>();
export function formatAmount(amount: number, language: Language): string {
  let format = amountFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    amountFormats.set(language, format);
  }
  return format.format(amount);
}

export function formatYears(years: readonly number[], language: Language): string {
  return new Intl.ListFormat(LOCALES[language], { style: "narrow", type: "unit" }).format(years.map(String));
}

export function formatCount(count: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language]).format(count);
}

export function pillarTitle(pillar: PillarDoc, language: Language): string {
  const localized = language === "es" ? pillar.title_es : pillar.title_en;
  return localized && localized.trim() ? localized : pillar.title;
}

/** Profiles are stored as written (often English); show the template's words in the UI language when they match. */
export function profileTitle(profile: string, template: TemplateId | undefined, language: Language): string {
  const profiles = template ? TEMPLATES[template].profiles : [];
  const known = profiles.find((p) => p.es === profile || p.en === profile);
  return known ? known[language] : profile;
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
