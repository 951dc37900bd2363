/**
 * Text a user typed (or a returned workbook carried) on its way into files that
 * other programs read: CSV and tab-separated text a spreadsheet may open, and XML.
 * Pure string functions, shared by every writer so one rule holds everywhere.
 */

/**
 * OWASP's rule for CSV injection: a cell beginning with = + - @ tab or CR is read
 * as a formula by Excel, LibreOffice and Google Sheets (`=cmd|' /C calc'!A0`), so
 * it is written with a leading apostrophe, which Excel hides and LibreOffice shows
 * as text, nothing being run. Full-width forms count too; NUL is in ASVS's list.
 */
const FORMULA_START = /^[=+\-@\t\r\0\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A negative amount ("-1500.50", "-1.250.000,50") is a number, not a formula, and stays one. */
const PLAIN_NUMBER = /^-?\d[\d.,\u00A0\u202F ]*$/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Does this text start like a formula (and is it not a plain negative number)? */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/**
 * Characters XML 1.0 cannot hold: C0 controls other than tab, LF and CR, U+FFFE,
 * U+FFFF, and halves of surrogate pairs standing alone. xmllint, Excel and
 * LibreOffice refuse a file with any of them.
 */
const NOT_XML = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_NOT_XML = new RegExp(NOT_XML.source);

/**
 * The text with what XML cannot hold taken out: a vertical tab or form feed (Word's
 * line and page breaks, pasted) becomes a line break, a lone surrogate the
 * replacement character, any other control character nothing.
 */
export function xmlSafe(text: string): string {
  if (!HAS_NOT_XML.test(text)) return text;
  return text.replace(NOT_XML, (ch) => (ch === "\v" || ch === "\f" ? "\n" : ch.length === 1 && ch >= "\uD800" && ch <= "\uDFFF" ? "\uFFFD" : ""));
}

/** Every string inside a value (a plan document, a consolidation), made XML-safe; other values as they are. */
export function xmlSafeDeep<T>(value: T): T {
  if (typeof value === "string") return xmlSafe(value) as T;
  if (Array.isArray(value)) return value.map((item) => xmlSafeDeep(item)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[xmlSafe(key)] = xmlSafeDeep(item);
    return out as T;
  }
  return value;
}

/** A cell of CSV (RFC 4180) that no spreadsheet takes for a formula: neutralised, always quoted. */
export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  return `"${neutraliseFormula(text).replace(/"/g, '""')}"`;
}

/** A cell of tab-separated text (the CLI's tables, the clipboard) that no spreadsheet takes for a formula. */
export function tsvCell(text: string): string {
  return neutraliseFormula(text);
}

/** The text as typed, from a cell written by neutraliseFormula (an apostrophe before what looked like a formula). */
export function restoreFormula(text: string): string {
  return text.startsWith("'") && looksLikeFormula(text.slice(1)) ? text.slice(1) : text;
}
