import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { setMoney, setText, sharedStyle, wrappedRowHeight } from "../../src/reports/workbook-style";

describe("row heights for wrapped text", () => {
  it("is one line for short text and grows with the longest cell, paragraph by paragraph", () => {
    expect(wrappedRowHeight([["DGM", 20]])).toBe(15);
    // 50 units of width hold 57 characters a line: 120 characters need three lines.
    expect(wrappedRowHeight([["x".repeat(120), 50], ["short", 10]])).toBe(45);
    // Each line of a list starts a new line even when short.
    expect(wrappedRowHeight([["DGM/IGM\nMINEX\nSBS\nPGN", 28]])).toBe(60);
    expect(wrappedRowHeight([[null, 10], [undefined, 10], ["", 10]])).toBe(15);
  });

  it("stops at the tallest row a spreadsheet allows", () => {
    expect(wrappedRowHeight([["x\n".repeat(100), 10]])).toBe(409);
  });
});

describe("shared cell styles", () => {
  it("are shared, not copied, and cannot be changed through one cell", () => {
    const sheet = new ExcelJS.Workbook().addWorksheet("s");
    const style = sharedStyle({ alignment: { vertical: "top", wrapText: true } });
    const a = sheet.getCell("A1");
    const b = sheet.getCell("B1");
    setText(a, "uno", style);
    setText(b, "dos", style);
    expect(a.style).toBe(b.style);
    expect(() => (a.font = { bold: true })).toThrow();
  });

  it("give money its number format and formula-like text the Text format, keeping the rest of the style", () => {
    const sheet = new ExcelJS.Workbook().addWorksheet("s");
    const style = sharedStyle({ alignment: { vertical: "top", wrapText: true } });
    setMoney(sheet.getCell("A1"), 1250000.5, style);
    setText(sheet.getCell("A2"), "=1+1", style);
    setMoney(sheet.getCell("A3"), 2, style);
    expect(sheet.getCell("A1").numFmt).toBe("#,##0.00");
    expect(sheet.getCell("A1").alignment).toEqual({ vertical: "top", wrapText: true });
    expect(sheet.getCell("A2").numFmt).toBe("@");
    expect(sheet.getCell("A2").value).toBe("=1+1");
    // Made once per style and format.
    expect(sheet.getCell("A1").style).toBe(sheet.getCell("A3").style);
  });
});
