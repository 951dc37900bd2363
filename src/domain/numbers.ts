/**
 * Money as people type it, in either locale: "1.250.000,50", "1,250,000.50",
 * "Q 1,250,000.00", "USD 75 000", "75000". Ministries in Guatemala write one
 * way, planners who learned on English Excel the other; both must be read right.
 */
/** Which decimal mark decides "1.250": "es" a comma (1.250 is a thousand), "en" a point (1.250 is one and a quarter). */
export type NumberLocale = "es" | "en";

export type ParsedAmount = ReturnType<typeof parseAmount>;

/** Currency symbols and prefixes seen in the region's files. */
const SYMBOLS: Record<string, string> = {
  Q: "GTQ",
  "₡": "CRC",
  L: "HNL",
  "L.": "HNL",
  "B/.": "PAB",
  BZ$: "BZD",
  "US$": "USD",
  $: "",
  "€": "EUR",
  "C$": "CAD",
  "CA$": "CAD",
  "MX$": "MXN",
};

const CODE = /^[A-Z]{3}$/;

function splitCurrency(text: string): { number: string; currency: string | null } | null {
  let rest = text.trim();
  let currency: string | null = null;
  const take = (token: string) => {
    const code = CODE.test(token) ? token : SYMBOLS[token];
    if (code === undefined) return false;
    if (currency !== null && code && code !== currency) return false;
    currency = code || currency;
    return true;
  };
  // A prefix ("USD 75 000", "Q1,250", "B/. 300") or a suffix ("75 000 USD").
  const prefix = /^([A-Z]{3}|US\$|CA\$|MX\$|BZ\$|C\$|B\/\.|L\.|[Q₡L$€])\s*/.exec(rest);
  if (prefix) {
    if (!take(prefix[1]!)) return null;
    rest = rest.slice(prefix[0].length);
  }
  // The space before a suffix is trimmed below: matched here, from every space of a long run, it cost time in the run's square.
  const suffix = /([A-Z]{3}|[₡$€])$/.exec(rest);
  if (suffix) {
    if (!take(suffix[1]!)) return null;
    rest = rest.slice(0, suffix.index);
  }
  return { number: rest.trim(), currency };
}

/** A number's text with "." as its decimal mark, and which mark the text itself shows to be the decimal one. */
interface Normalised {
  number: string;
  /** "," for "1.250.000" or "1,5"; "." for "1,250,000" or "1.5"; null when only the locale decided. */
  shows: "," | "." | null;
}

const AMBIGUOUS = "ambiguous" as const;

/**
 * Decides which of "." and "," is the decimal mark, using the locale only when
 * the text itself cannot tell; without a locale such text is ambiguous.
 */
function normalise(raw: string, locale: NumberLocale | null): Normalised | typeof AMBIGUOUS | null {
  let text = raw.replace(/[\s\u00a0\u202f']/g, "");
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (text.startsWith("-")) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith("+")) {
    text = text.slice(1);
  }
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return null;
  const dots = (text.match(/\./g) ?? []).length;
  const commas = (text.match(/,/g) ?? []).length;
  let decimal: "." | "," | null = null;
  let shows: "." | "," | null = null;
  if (dots && commas) decimal = shows = text.lastIndexOf(".") > text.lastIndexOf(",") ? "." : ",";
  else if (dots > 1) shows = ",";
  else if (commas > 1) shows = ".";
  else if (dots === 1 || commas === 1) {
    const mark = dots ? "." : ",";
    const before = text.slice(0, text.indexOf(mark));
    const after = text.length - before.length - 1;
    // "1.250" is a thousand in Spanish and one and a quarter in English; "1.25", "0.250" and
    // "1234.567" can only be decimals (a thousands group has three digits and no leading zero).
    if (after !== 3 || before.length === 0 || before.length > 3 || before.startsWith("0")) decimal = shows = mark;
    else if (locale === null) return AMBIGUOUS;
    else decimal = (locale === "es" ? "," : ".") === mark ? mark : null;
  }
  const thousands = decimal === "." ? "," : decimal === "," ? "." : dots ? "." : ",";
  const [whole, ...fraction] = decimal ? text.split(decimal) : [text];
  if (fraction.length > 1) return null;
  const groups = whole!.split(thousands);
  if (groups.length > 1 && (groups[0]!.length === 0 || groups[0]!.length > 3 || groups.slice(1).some((g) => g.length !== 3))) return null;
  if (whole!.includes(decimal === "." ? "." : decimal === "," ? "," : "\u0000")) return null;
  const digits = groups.join("");
  const frac = fraction[0] ?? "";
  if (!/^\d*$/.test(digits) || !/^\d*$/.test(frac)) return null;
  return { number: `${negative ? "-" : ""}${digits || "0"}${frac ? `.${frac}` : ""}`, shows };
}

export type ParsedAmountFailure = { ok: false; reason: string; ambiguous?: true };

/**
 * Reads an amount. The locale decides "1.250" (es: a thousand; en: one and a
 * quarter); with null, text the locale would have to decide is refused as
 * ambiguous instead of guessed.
 */
export function parseAmount(input: string | number | null | undefined, locale: NumberLocale | null): { ok: true; value: number; currency: string | null } | ParsedAmountFailure {
  if (typeof input === "number") return Number.isFinite(input) ? { ok: true, value: input, currency: null } : { ok: false, reason: "not a finite number" };
  const text = (input ?? "").trim();
  if (!text) return { ok: false, reason: "empty" };
  const split = splitCurrency(text);
  if (!split) return { ok: false, reason: `unknown currency in "${text}"` };
  const normalised = normalise(split.number, locale);
  if (normalised === AMBIGUOUS) return { ok: false, reason: `"${text}" could be read two ways`, ambiguous: true };
  if (normalised === null) return { ok: false, reason: `"${text}" is not an amount` };
  const value = Number(normalised.number);
  if (!Number.isFinite(value)) return { ok: false, reason: `"${text}" is too large` };
  return { ok: true, value, currency: split.currency };
}

/** Which decimal mark an amount's text itself shows ("1.250.000" and "1,5": a comma), or null when it does not tell. */
export function decimalMarkShown(input: string): "," | "." | null {
  const split = splitCurrency(input.trim());
  const normalised = split ? normalise(split.number, null) : null;
  return normalised && normalised !== AMBIGUOUS ? normalised.shows : null;
}

/** How people in a country write numbers, where Matriz knows it: the MIRPS countries. */
const COUNTRY_STYLE: Record<string, NumberLocale> = {
  BLZ: "en",
  CRI: "es",
  GTM: "en",
  HND: "en",
  MEX: "en",
  PAN: "en",
  SLV: "en",
};

/** "es" where a country writes 1.250.000,50 (or 1 250 000,50), "en" where it writes 1,250,000.50; null when not known. */
export function countryNumberStyle(iso3: string | null | undefined): NumberLocale | null {
  return COUNTRY_STYLE[(iso3 ?? "").toUpperCase()] ?? null;
}

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale}:${fractionDigits}`;
  let format = formatters.get(key);
  if (!format) {
    let tag = locale;
    try {
      Intl.NumberFormat.supportedLocalesOf([locale]);
    } catch {
      tag = "es";
    }
    // "always" keeps the thousands mark in 1.250,00 too, where some locales drop it below 10,000.
    format = new Intl.NumberFormat(tag, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, useGrouping: "always" });
    formatters.set(key, format);
  }
  return format;
}

/**
 * Money as the user's own locale writes it: "es" and "es-ES" give 1.250.000,50,
 * "es-GT", "es-MX" and "en" give 1,250,000.50, "es-CR" 1 250 000,50.
 */
export function formatAmount(value: number, locale: string, fractionDigits = 2): string {
  return formatter(locale, fractionDigits).format(value);
}

/** Which decimal mark a locale uses, as the hint parseAmount needs for "1.250". */
export function numberStyle(locale: string): NumberLocale {
  const decimal = formatter(locale, 1).formatToParts(1.5).find((part) => part.type === "decimal")?.value;
  return decimal === "," ? "es" : "en";
}
