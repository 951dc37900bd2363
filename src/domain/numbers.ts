/**
 * Money as people type it, in either locale: "1.250.000,50", "1,250,000.50",
 * "Q 1,250,000.00", "USD 75 000", "75000". Ministries in Guatemala write one
 * way, planners who learned on English Excel the other; both must be read right.
 */
export type NumberLocale = "es" | "en";

export type ParsedAmount = { ok: true; value: number; currency: string | null } | { ok: false; reason: string };

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
  const suffix = /\s*([A-Z]{3}|[₡$€])$/.exec(rest);
  if (suffix) {
    if (!take(suffix[1]!)) return null;
    rest = rest.slice(0, rest.length - suffix[0].length);
  }
  return { number: rest.trim(), currency };
}

/** Decides which of "." and "," is the decimal mark, using the locale only when the text itself cannot tell. */
function normalise(raw: string, locale: NumberLocale): string | null {
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
  if (dots && commas) decimal = text.lastIndexOf(".") > text.lastIndexOf(",") ? "." : ",";
  else if (dots > 1) decimal = null;
  else if (commas > 1) decimal = null;
  else if (dots === 1 || commas === 1) {
    const mark = dots ? "." : ",";
    const after = text.length - text.indexOf(mark) - 1;
    // "1.250" is a thousand in Spanish and one and a quarter in English; "1.25" is a decimal in both.
    if (after === 3) decimal = (locale === "es" ? "," : ".") === mark ? mark : null;
    else decimal = mark;
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
  return `${negative ? "-" : ""}${digits || "0"}${frac ? `.${frac}` : ""}`;
}

export function parseAmount(input: string | number | null | undefined, locale: NumberLocale): ParsedAmount {
  if (typeof input === "number") return Number.isFinite(input) ? { ok: true, value: input, currency: null } : { ok: false, reason: "not a finite number" };
  const text = (input ?? "").trim();
  if (!text) return { ok: false, reason: "empty" };
  const split = splitCurrency(text);
  if (!split) return { ok: false, reason: `unknown currency in "${text}"` };
  const normalised = normalise(split.number, locale);
  if (normalised === null) return { ok: false, reason: `"${text}" is not an amount` };
  const value = Number(normalised);
  if (!Number.isFinite(value)) return { ok: false, reason: `"${text}" is too large` };
  return { ok: true, value, currency: split.currency };
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
