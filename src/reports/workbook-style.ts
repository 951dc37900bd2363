/**
 * Shared look and safety rules for the workbooks Matriz writes with exceljs:
 * text that a spreadsheet could take for a formula is stored as text, money has
 * a number format, headers repeat on every printed page.
 */
import type { Cell, PageSetup, Row, Worksheet } from "exceljs";

/** Cells beginning like a formula are stored as strings with the Text format, so nothing is ever run. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function setText(cell: Cell, value: string | null | undefined): void {
  const text = value ?? "";
  cell.value = text;
  if (FORMULA_START.test(text)) cell.numFmt = "@";
}

export const MONEY_FORMAT = "#,##0.00";

export function setMoney(cell: Cell, value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  cell.value = Math.round(value * 100) / 100;
  cell.numFmt = MONEY_FORMAT;
}

export const HEADER_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FF0B3A66" } };
export const GROUP_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFDFE8F2" } };
export const TOTAL_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFF2F2F2" } };

export function styleHeader(row: Row): void {
  row.font = { bold: true, color: { argb: "FFFFFFFF" } };
  row.alignment = { vertical: "middle", wrapText: true };
  row.eachCell((cell) => (cell.fill = HEADER_FILL));
  row.height = 30;
}

/** Landscape, fit to one page wide, header rows repeated on each page; A4 or Letter. */
export function printSetup(sheet: Worksheet, headerRows: string, paper: "A4" | "Letter" = "A4"): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    orientation: "landscape",
    // OOXML paper codes: 9 = A4, 1 = Letter (exceljs types only list some of them).
    paperSize: (paper === "A4" ? 9 : 1) as unknown as PageSetup["paperSize"],
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: headerRows,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddFooter: "&L&A&R&P / &N" };
}

/**
 * Deflate at level 1: on the 10,000-action workbook the default level 6 spends
 * about a fifth of the export compressing, for a file only slightly smaller.
 */
export const WRITE_OPTIONS = { zip: { compression: "DEFLATE" as const, compressionOptions: { level: 1 } } };
