import { IntlMessageFormat } from "intl-messageformat";
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

/**
 * Messages are ICU MessageFormat: `{name}` fills a value, and plurals and grammatical
 * gender are written in the message itself, so each language says them its own way:
 * `{count, plural, one {# acción} other {# acciones}}`,
 * `{kind, select, budget_line {línea añadida} other {fila añadida}}`.
 * Parsed once per message and language (intl-messageformat, which follows the CLDR
 * plural rules of Intl.PluralRules rather than a hand-written "count === 1").
 */
/** Numbers inside messages are written as in Latin America (10,000), the MIRPS region. */
const FORMAT_LOCALES: Record<Language, string> = { es: "es-419", en: "en-US" };
const compiled = new Map<string, { format: IntlMessageFormat; args: string[] }>();

function compile(lang: Language, key: MessageKey): { format: IntlMessageFormat; args: string[] } {
  const cacheKey = `${lang}\u0000${key}`;
  let entry = compiled.get(cacheKey);
  if (!entry) {
    const format = new IntlMessageFormat(catalogs[lang][key], FORMAT_LOCALES[lang], undefined, { ignoreTag: true });
    entry = { format, args: argumentNames(format.getAst()) };
    compiled.set(cacheKey, entry);
  }
  return entry;
}

type Ast = ReturnType<IntlMessageFormat["getAst"]>;
/** Every argument a message uses, nested ones included. */
function argumentNames(ast: Ast, into: Set<string> = new Set()): string[] {
  for (const element of ast) {
    if ("value" in element && typeof element.value === "string" && element.type !== 0 /* literal text */) into.add(element.value);
    if ("options" in element) for (const option of Object.values(element.options)) argumentNames(option.value, into);
  }
  return [...into];
}

/** Whether the catalogue has this key (a key built from data, such as a check's name). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(es, key);
}

/**
 * Fills a message; a value not given stays visible as `{name}`, so a missing value is noticed.
 * A fact with a word in each language (a column's heading) comes as `name_es` and `name_en`:
 * `{name}` says the one of the message's language.
 */
export function translate(lang: Language, key: MessageKey, params: ErrorParams = {}): string {
  const { format, args } = compile(lang, key);
  const values: Record<string, string | number> = {};
  for (const name of args) {
    const value = params[name] ?? params[`${name}_${lang}`];
    values[name] = value === undefined ? `{${name}}` : value;
  }
  return String(format.format(values));
}

/** A detail said in the user's language too: its own message (`detail.<key>`), filled from the error's other params. */
export type DetailKey = MessageKey extends infer K ? (K extends `detail.${infer D}` ? D : never) : never;

/** The params of an error whose `{detail}` is a message of its own, not text built in one language. */
export function detailed(key: DetailKey, params: ErrorParams = {}): ErrorParams {
  return { ...params, detailKey: key };
}

/**
 * What the person was doing when a call's input was refused, in words ("guardar la
 * columna del plan"): a method's internal name ("edit.column") is never shown.
 */
export function operationWords(lang: Language, method: unknown): string {
  const key = `input.method.${String(method)}`;
  return translate(lang, hasMessage(key) ? key : "input.method.unknown");
}

export function errorMessage(lang: Language, code: ErrorCode, params: ErrorParams = {}): string {
  const key = params.detailKey;
  let filled = typeof key === "string" && Object.hasOwn(catalogs[lang], `detail.${key}`) ? { ...params, detail: translate(lang, `detail.${key}` as MessageKey, params) } : params;
  if (code === "invalid_input") filled = { ...filled, operation: operationWords(lang, params.method) };
  return translate(lang, `error.${code}` as MessageKey, filled);
}
