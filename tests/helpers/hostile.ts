/**
 * A plan whose every piece of free text is hostile: formulas a spreadsheet would
 * run (`=cmd|' /C calc'!A0`), cells starting with + - @ tab or CR, control
 * characters, U+FFFE/U+FFFF, lone surrogates and markup. What a pasted Word
 * document, a returned workbook or a malicious participant could put in a plan.
 */
import { readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { fixturePath } from "./temp";

export const HOSTILE_PREFIXES = [
  "=cmd|' /C calc'!A0 ",
  "+SUM(1,2) ",
  "-2+3+cmd|' /C calc'!A0 ",
  "@SUM(1+1)*cmd|' /C calc'!A0 ",
  "\t=1+1 ",
  "\r=1+1 ",
  "\u0001\u0002 control \u0007 bell \u001b esc ",
  "vertical\u000btab and form\u000cfeed ",
  "non-characters \ufffe and \uffff ",
  "a lone \ud800 high surrogate ",
  "a lone \udc00 low surrogate ",
  "<b attr=\"x\">&amp; 'markup'</b> ",
  "=HYPERLINK(\"http://127.0.0.1/x\",\"clic\") ",
];

/** Keys whose values are codes the schema checks, not free text. */
const CODES = new Set(["iso3", "template", "language", "currency", "funding_source", "status", "base_currency", "date", "key", "kind", "format", "id", "source"]);

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}

/** The same text always gets the same prefix, so names that must match (a lead among the institutions) still do. */
export function hostile(text: string): string {
  return HOSTILE_PREFIXES[hash(text) % HOSTILE_PREFIXES.length] + text;
}

function poison(value: unknown, key: string | null): unknown {
  if (typeof value === "string") return key !== null && CODES.has(key) ? value : hostile(value);
  if (Array.isArray(value)) return value.map((item) => poison(item, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k)]));
  }
  return value;
}

/** Guatemala's plan, every text hostile, with budget lines (one negative) carrying hostile references. */
export function hostilePlanDocument(): PlanDocument {
  const doc = poison(readDocumentFile(fixturePath("guatemala")), null) as PlanDocument;
  doc.iso3 = "GTM";
  doc.template = "guatemala";
  // The title goes into headings, print headers and the workbook's properties.
  doc.title = "\ufffe=cmd|' /C calc'!A0 Plan \u0001 de acción \ud800";
  let n = 0;
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      for (const action of need.actions) {
        if (action.institutions.length === 0) continue;
        action.lead ??= action.institutions[0]!;
        action.budget_lines = [2018, 2019].map((year, k) => ({
          institution: action.institutions[k % action.institutions.length]!,
          year,
          amount: n === 0 && k === 0 ? -1500.5 : 1000 + n * 10 + k,
          currency: "GTQ",
          funding_source: "national_budget" as const,
          pei: hostile(`PEI ${n}`),
          poa: hostile(`POA ${year}`),
          budget_code: hostile(`código ${n}`),
          note: hostile(`nota ${n}`),
        }));
        n++;
      }
    }
  }
  return doc;
}
