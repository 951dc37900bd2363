/**
 * Shared look and safety rules for the workbooks Matriz writes with exceljs:
 * text that a spreadsheet could take for a formula is stored as text, money has
 * a number format, headers repeat on every printed page.
 */
import ExcelJS, { type Cell, type Font, type HeaderFooter, type PageSetup, type Row, type Style, type Worksheet } from "exceljs";
import { PassThrough } from "node:stream";
import { looksLikeFormula, xmlSafe } from "../domain/safe-text";

export const MONEY_FORMAT = "#,##0.00";

/**
 * A style shared by many cells. exceljs recognises a style object it has seen
 * and reuses its number instead of describing it again, which on a sheet of
 * 50,000 rows is a good part of the export; frozen, so that setting one cell's
 * font cannot change every cell that shares it.
 */
export type SharedStyle = Readonly<Partial<Style>>;
export function sharedStyle(style: Partial<Style>): SharedStyle {
  return Object.freeze(style);
}

const withFormat = new Map<string, WeakMap<SharedStyle, SharedStyle>>();
/** The same style with a number format, made once per style and format. */
function formatted(style: SharedStyle, numFmt: string): SharedStyle {
  let cache = withFormat.get(numFmt);
  if (!cache) withFormat.set(numFmt, (cache = new WeakMap()));
  let result = cache.get(style);
  if (!result) cache.set(style, (result = sharedStyle({ ...style, numFmt })));
  return result;
}

/**
 * A text cell. What XML cannot hold (a control character, U+FFFE, a lone
 * surrogate) is taken out, or the workbook would not open; text beginning like a
 * formula is stored as a string with the Text format, so nothing is ever run.
 */
export function setText(cell: Cell, value: string | null | undefined, style?: SharedStyle): void {
  const text = xmlSafe(value ?? "");
  cell.value = text;
  const formulaLike = looksLikeFormula(text);
  if (style) cell.style = (formulaLike ? formatted(style, "@") : style) as Style;
  else if (formulaLike) cell.numFmt = "@";
}

export function setMoney(cell: Cell, value: number | null | undefined, style?: SharedStyle): void {
  if (value === null || value === undefined) return;
  cell.value = Math.round(value * 100) / 100;
  if (style) cell.style = formatted(style, MONEY_FORMAT) as Style;
  else cell.numFmt = MONEY_FORMAT;
}

/** Points per line of 11-point text, as spreadsheets lay it out. */
const LINE_HEIGHT = 15;

/**
 * The height a row needs for its wrapped cells, given each text and its
 * column's width (in characters). Spreadsheets do not all fit rows to wrapped
 * text when they open a file (LibreOffice keeps the default height, so printed
 * lines overlap); an explicit height errs on the tall side: a unit of column
 * width holds about 1.2 characters of running text, counted here as 1.15.
 */
export function wrappedRowHeight(cells: Iterable<readonly [text: string | null | undefined, width: number]>): number {
  let lines = 1;
  for (const [text, width] of cells) {
    const perLine = Math.max(1, Math.floor(width * 1.15));
    let count = 0;
    for (const paragraph of (text ?? "").split("\n")) count += Math.max(1, Math.ceil(paragraph.length / perLine));
    if (count > lines) lines = count;
  }
  return Math.min(409, lines * LINE_HEIGHT); // 409 points: the tallest row a spreadsheet allows
}

/** Gives the first `count` cells of a row a shared style (a band of colour across the sheet). */
export function styleCells(row: Row, count: number, style: SharedStyle): void {
  for (let c = 1; c <= count; c++) row.getCell(c).style = style as Style;
}

/**
 * Every font names its face and size: a font that only says "bold" is drawn by
 * LibreOffice in its own default face and size, so headers and totals came out
 * smaller than the rest of the sheet.
 */
/** The letters of a 1-based column number (1 → A, 27 → AA), for ranges in data validations and formulas. */
export function columnLetter(index: number): string {
  let n = index;
  let letters = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export const BODY_FONT = { name: "Calibri", family: 2, size: 11 } as const;
export const boldFont = (extra: Partial<Font> = {}): Partial<Font> => ({ ...BODY_FONT, bold: true, ...extra });

export const HEADER_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FF0B3A66" } };
export const GROUP_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFDFE8F2" } };
export const TOTAL_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFF2F2F2" } };

export function styleHeader(row: Row): void {
  row.font = boldFont({ color: { argb: "FFFFFFFF" } });
  row.alignment = { vertical: "middle", wrapText: true };
  row.eachCell((cell) => (cell.fill = HEADER_FILL));
  row.height = 30;
}

/** Landscape, fit to one page wide, header rows (if any) repeated on each page; A4 or Letter. */
export function printSettings(headerRows: string | null, paper: "A4" | "Letter" = "A4"): { pageSetup: Partial<PageSetup>; headerFooter: Partial<HeaderFooter> } {
  return {
    pageSetup: {
      orientation: "landscape",
      // OOXML paper codes: 9 = A4, 1 = Letter (exceljs types only list some of them).
      paperSize: (paper === "A4" ? 9 : 1) as unknown as PageSetup["paperSize"],
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      ...(headerRows ? { printTitlesRow: headerRows } : {}),
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: "&L&A&R&P / &N" },
  };
}

/** The print settings on a sheet of an in-memory workbook (a streamed sheet takes them when it is added). */
export function printSetup(sheet: Worksheet, headerRows: string, paper: "A4" | "Letter" = "A4"): void {
  const settings = printSettings(headerRows, paper);
  sheet.pageSetup = { ...sheet.pageSetup, ...settings.pageSetup };
  sheet.headerFooter = settings.headerFooter;
}

/**
 * Deflate at level 1: on the 10,000-action workbook the default level 6 spends
 * about a fifth of the export compressing, for a file only slightly smaller.
 */
export const WRITE_OPTIONS = { zip: { compression: "DEFLATE" as const, compressionOptions: { level: 1 } } };

export interface StreamedWorkbook {
  workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  /** Commits every sheet and answers the whole file. */
  finish(): Promise<Buffer>;
}

/**
 * A workbook written row by row (exceljs's streaming writer, zipped by Node's
 * own zlib): each committed row becomes XML at once instead of the whole sheet
 * being held as cell objects and joined into one string at the end. On the
 * 10,000-action national workbook this halves the time of the in-memory writer.
 * Its rules: views and print settings are given when a sheet is added and
 * column widths before its first row is committed (they are written at the top
 * of the sheet); rows in order.
 */
export function streamedWorkbook(): StreamedWorkbook {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on("end", resolve);
    sink.on("error", reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 1 } } });
  workbook.creator = "Matriz";
  return {
    workbook,
    async finish() {
      await workbook.commit();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}
