import { describe, expect, it } from "vitest";
import { formatClipboardTable, parseClipboardTable } from "../../src/domain/clipboard";
import { csvCell, neutraliseFormula, xmlSafe } from "../../src/domain/safe-text";
import { HOSTILE_PREFIXES } from "../helpers/hostile";

describe("text that a spreadsheet would take for a formula", () => {
  it("gets an apostrophe when it starts with = + - @ tab or CR; negative numbers and hashtags stay", () => {
    expect(neutraliseFormula("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(neutraliseFormula(`${start}x`)).toBe(`'${start}x`);
    expect(neutraliseFormula("-1500.50")).toBe("-1500.50");
    expect(neutraliseFormula("-1.250.000,50")).toBe("-1.250.000,50");
    expect(neutraliseFormula("-2+3")).toBe("'-2+3");
    expect(neutraliseFormula("#value+budget")).toBe("#value+budget");
    expect(neutraliseFormula("Capacitar a delegados")).toBe("Capacitar a delegados");
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
  });

  it("on the clipboard: pasted into a spreadsheet it runs nothing, pasted back into Matriz it is the text typed", () => {
    const block = HOSTILE_PREFIXES.map((prefix, i) => [`${prefix}acción ${i}`, "-1,500.00", "DGM/IGM"]);
    const text = formatClipboardTable(block);
    // Cells as a spreadsheet splits them (quotes taken off): none starts like a formula.
    const cells = spreadsheetCells(text);
    expect(cells).toHaveLength(block.length * 3);
    expect(cells.filter((c) => /^[=+@\t\r]|^-(?!\d)/.test(c) || /^-\d.*[+=]/.test(c))).toEqual([]);
    expect(parseClipboardTable(text)).toEqual(block);
  });
});

/** Tab-separated text split into cells the way a spreadsheet pastes it, quotes honoured, nothing else undone. */
function spreadsheetCells(text: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === "\t") cells.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") cells.push(cell), (cell = ""), i++;
    else cell += ch;
  }
  return cells;
}

describe("text on its way into XML", () => {
  it("loses what XML 1.0 cannot hold, keeps the rest", () => {
    expect(xmlSafe("a\u0001b\u0007c\u001fd")).toBe("abcd");
    expect(xmlSafe("tab\tLF\nCR\r")).toBe("tab\tLF\nCR\r");
    expect(xmlSafe("línea\u000bnueva\u000cpágina")).toBe("línea\nnueva\npágina");
    expect(xmlSafe("x\ufffey\uffffz")).toBe("xyz");
    expect(xmlSafe("solo \ud800 y \udc00")).toBe("solo \ufffd y \ufffd");
    expect(xmlSafe("emoji 😀 ok")).toBe("emoji 😀 ok");
  });
});
