import { restoreFormula, tsvCell } from "./safe-text";

/**
 * Blocks of cells as tab-separated text, the way Excel and LibreOffice put them
 * on the clipboard: rows end in CRLF or LF, cells are split by tabs, and a cell
 * holding a tab, a line break or a quote is wrapped in quotes with quotes doubled.
 */
export function parseClipboardTable(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      i++;
    } else if (ch === "\t") {
      endCell();
      i++;
    } else if (ch === "\r" && text[i + 1] === "\n") {
      endRow();
      i += 2;
    } else if (ch === "\n" || ch === "\r") {
      endRow();
      i++;
    } else {
      cell += ch;
      i++;
    }
  }
  // A trailing line break ends the last row rather than starting an empty one.
  if (cell !== "" || row.length > 0 || quoted) endRow();
  return rows.map((r) => r.map(restoreFormula));
}

/**
 * The text pasted into a spreadsheet: a cell that begins like a formula (`=cmd|…`)
 * gets an apostrophe, as in the CSV files (OWASP), so pasting it runs nothing;
 * reading a block back takes that apostrophe off again.
 */
export function formatClipboardTable(rows: readonly (readonly string[])[]): string {
  const cell = (raw: string) => {
    const value = tsvCell(raw);
    return /[\t\r\n"]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  };
  return rows.map((r) => r.map(cell).join("\t")).join("\r\n") + (rows.length ? "\r\n" : "");
}

/**
 * Splits a typed or pasted list of institutions or commitments on commas and
 * semicolons outside parentheses: "MINGOB (ONPAR, SNM); ACNUR" → two names.
 */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(" || ch === "[") depth++;
    if ((ch === ")" || ch === "]") && depth > 0) depth--;
    if ((ch === "," || ch === ";" || ch === "\n") && depth === 0) {
      items.push(current);
      current = "";
    } else current += ch;
  }
  items.push(current);
  return items.map((s) => s.trim()).filter(Boolean);
}
