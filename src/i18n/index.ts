import { es } from "./es";
import { en } from "./en";
import type { Messages } from "./es";
import type { ErrorCode, ErrorParams } from "../domain/errors";

export type Language = "es" | "en";
export const LANGUAGES: readonly Language[] = ["es", "en"];
export type MessageKey = keyof Messages;
export type { Messages };

const catalogs: Record<Language, Messages> = { es, en };

/** Picks Spanish or English from a locale tag such as "es-GT" or "en_US.UTF-8"; Spanish first. */
export function languageFromLocale(locale: string | undefined | null): Language {
  if (!locale) return "es";
  return locale.toLowerCase().startsWith("en") ? "en" : "es";
}

/** Fills {name} placeholders; unknown placeholders stay visible so a missing value is noticed. */
export function translate(lang: Language, key: MessageKey, params: ErrorParams = {}): string {
  const template = catalogs[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function errorMessage(lang: Language, code: ErrorCode, params: ErrorParams = {}): string {
  return translate(lang, `error.${code}` as MessageKey, params);
}
