/** Formatting that depends on the UI language: amounts, year lists, bilingual titles. */
import type { Language } from "../src/i18n";
import type { PillarDoc } from "../src/domain/document";
import { TEMPLATES, templateForIso3, type TemplateId } from "../src/domain/templates";

/** Central American Spanish writes 1,250,000.50 (es-419), not the 1.250.000,50 of Spain. */
const LOCALES: Record<Language, string> = { es: "es-419", en: "en-US" };

/** Money follows the user's own locale (es-ES 1.250.000,50; es-GT 1,250,000.50), not only the UI language. */
export { formatAmount } from "../src/domain/numbers";

export function formatYears(years: readonly number[], language: Language): string {
  return new Intl.ListFormat(LOCALES[language], { style: "narrow", type: "unit" }).format(years.map(String));
}

/** "2018-09-30" as people write it: 30/9/2018, 9/30/2018. */
export function formatDate(isoDate: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(LOCALES[language], { day: "numeric", month: "numeric", year: "numeric", timeZone: "UTC" }).format(date);
}

export function formatCount(count: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language]).format(count);
}

export function pillarTitle(pillar: PillarDoc, language: Language): string {
  const localized = language === "es" ? pillar.title_es : pillar.title_en;
  return localized && localized.trim() ? localized : pillar.title;
}

/**
 * A national pillar known only by its stored title (the regional view reads other
 * plans' files): the country template's words in the UI language when the title is
 * the template's pillar of that number, in either language; otherwise as written.
 */
export function nationalPillarTitle(iso3: string, number: number, title: string, language: Language): string {
  const known = templateForIso3(iso3).pillars.find((p) => p.number === number);
  const same = (a: string) => a.trim().toLowerCase() === title.trim().toLowerCase();
  return known && (same(known.title.es) || same(known.title.en)) ? known.title[language] : title;
}

/** The four CRRF pillars by number, in the UI language. */
export function crrfPillarTitle(number: number, language: Language): string {
  return TEMPLATES["crrf-blank"].pillars.find((p) => p.number === number)?.title[language] ?? "";
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
