/**
 * Reading a returned file safely. Returned workbooks arrive by e-mail from many
 * ministries: untrusted input. The path must be a regular file under the size
 * cap (checked on the opened descriptor, before reading) and is read once; what
 * it is comes from its bytes; a zip is checked and inflated once by ./zip and
 * only the parts checked there reach SheetJS; text is decoded by its byte order
 * mark, else as UTF-8 when it is valid, else as Windows-1252 (said in a notice);
 * the cells and rows SheetJS may build are bounded before it builds them.
 */
import fs from "node:fs";
import * as XLSX from "xlsx";
import { MatrizError, type ErrorParams } from "../domain/errors";
import { detailed } from "../i18n";
import { readPlainSheets } from "./xlsx-cells";
import { ANY_TAG, startTags } from "./xml-tags";
import { unzipChecked, type ZipPart } from "./zip";

export const LIMITS = {
  /** Data rows per sheet; the largest plan (10,000 actions) needs about a fifth of it. */
  rows: 50_000,
  /** Bytes of the file itself (xlsx, ods, csv). */
  fileBytes: 50 * 1024 * 1024,
  /** SheetJS needs about 50 bytes of memory per byte of an xls while reading it: a tighter cap keeps it in bounds. */
  xlsBytes: 5 * 1024 * 1024,
  /** Sum of the uncompressed parts of an xlsx or ods. */
  unzippedBytes: 100 * 1024 * 1024,
  zipEntries: 10_000,
  /** Cells SheetJS may build from one file: the whole 10,000-action plan has about 450,000. */
  cells: 1_000_000,
  /** Characters in one cell: Excel's own limit. */
  cellCharacters: 32_767,
  /** Text between the tags of an xlsx's or ods's XML (the whole 10,000-action plan has about 6 MB). */
  textBytes: 32 * 1024 * 1024,
};

export type FileKind = "zip" | "cfb" | "text";

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_EMPTY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Something the user should know about a file that was read (a guessed encoding); not an error. */
export interface ReadNotice {
  code: "spreadsheet_encoding";
  params: ErrorParams;
}

const tooLarge = (file: string, bytes: number) => new MatrizError("spreadsheet_too_large", detailed("size_mb", { file, mb: Math.round(bytes / 1e6) }));

/**
 * The file's bytes, read once. A FIFO, a device or a folder is refused before
 * anything is read (opened without blocking, then checked with fstat), and so is
 * a file over the cap; a file that grows while being read stops at the cap.
 */
export function readFileChecked(filePath: string, file: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(filePath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EISDIR") throw new MatrizError("spreadsheet_not_a_file", { file });
    if (code === "ENOENT" || code === "ENOTDIR") throw new MatrizError("file_not_found", { path: filePath });
    throw new MatrizError("io_error", { operation: "read", path: filePath, detail: (error as Error).message });
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new MatrizError("spreadsheet_not_a_file", { file });
    if (stat.size > LIMITS.fileBytes) throw tooLarge(file, stat.size);
    const bytes = Buffer.allocUnsafe(stat.size);
    let length = 0;
    while (length < bytes.length) {
      const read = fs.readSync(fd, bytes, length, bytes.length - length, null);
      if (read === 0) break;
      length += read;
    }
    // Grown since fstat: whatever it is now, it is not the file that was checked.
    if (length === bytes.length && fs.readSync(fd, Buffer.alloc(1), 0, 1, null) > 0) throw new MatrizError("spreadsheet_changed_while_read", { file });
    return length === bytes.length ? bytes : bytes.subarray(0, length);
  } catch (error) {
    if (error instanceof MatrizError) throw error;
    throw new MatrizError("io_error", { operation: "read", path: filePath, detail: (error as Error).message });
  } finally {
    fs.closeSync(fd);
  }
}

export function sniff(bytes: Buffer): FileKind {
  if (bytes.subarray(0, 4).equals(ZIP) || bytes.subarray(0, 4).equals(ZIP_EMPTY)) return "zip";
  if (bytes.subarray(0, 8).equals(CFB)) return "cfb";
  return "text";
}

export type TextEncoding = "UTF-8" | "UTF-16LE" | "UTF-16BE" | "Windows-1252";

/** Text by its byte order mark; without one, UTF-8 when the bytes are valid UTF-8, else Windows-1252 (Excel's "CSV" on Spanish Windows). */
export function decodeText(bytes: Buffer): { text: string; encoding: TextEncoding; guessed: boolean } {
  const bom = (...marks: number[]) => marks.every((b, i) => bytes[i] === b);
  if (bom(0xef, 0xbb, 0xbf)) {
    try {
      return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "UTF-8", guessed: false };
    } catch {
      return { text: new TextDecoder("windows-1252").decode(bytes.subarray(3)), encoding: "Windows-1252", guessed: true };
    }
  }
  if (bom(0xff, 0xfe)) return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "UTF-16LE", guessed: false };
  if (bom(0xfe, 0xff)) return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "UTF-16BE", guessed: false };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8", guessed: false };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "Windows-1252", guessed: true };
  }
}

/** Control characters other than tab, CR, LF, VT and FF: binary, not text. */
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/;

/**
 * Rows and cells of a text file, counted before SheetJS sees it: every line
 * break may start a row and every tab, comma, semicolon or "<" (an XML or HTML
 * table) a cell: an upper bound, quoted ones count too.
 */
function checkTextSize(text: string, file: string): void {
  let rows = 1;
  let cells = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      rows++;
      cells++;
    } else if (c === 44 || c === 59 || c === 9 || c === 60) cells++;
  }
  // The header rows above the data, and a last line without its break.
  if (rows > LIMITS.rows + 4) throw new MatrizError("spreadsheet_too_many_rows", { file, sheet: file, rows: rows - 1, limit: LIMITS.rows });
  if (cells > LIMITS.cells) throw new MatrizError("spreadsheet_too_large", detailed("size_cells", { file, count: cells }));
}

/** An attribute of an XML tag by its local name, any prefix and case, as SheetJS looks it up (the largest when repeated). */
function repeatCount(attributes: string, name: string, read: (value: string) => number): number {
  let count = 1;
  for (const match of attributes.matchAll(/\s([^"\s?>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^'">\s]+))/g)) {
    const raw = match[1]!;
    const local = (raw.includes(":") ? raw.slice(raw.indexOf(":") + 1) : raw.replace(/(.)_.*$/, "$1")).toLowerCase();
    if (local !== name) continue;
    const value = read(match[2] ?? match[3] ?? match[4] ?? "");
    if (!(value <= 1)) count = Math.max(count, Number.isFinite(value) ? value : Number.MAX_VALUE);
  }
  return count;
}

/**
 * OpenDocument repeats a cell or a row by a count in an attribute, so a few
 * bytes can ask for millions of cells. Counts the cells SheetJS would build,
 * matching tags by local name with any prefix as it does: a cell with content
 * counts its repeats times its row's.
 */
function checkOdsCells(content: Buffer, file: string): void {
  const xml = content.toString("utf8");
  let rowRepeat = 1;
  let cells = 0;
  for (const match of xml.matchAll(ANY_TAG)) {
    const name = match[2]!.replace(/_.*$/, "");
    const closing = match[1] === "/";
    if (name === "table-row" || name === "\u884c") {
      rowRepeat = closing ? 1 : repeatCount(match[3]!, "number-rows-repeated", (v) => +v);
    } else if ((name === "table-cell" || name === "\u6570\u636e") && !closing) {
      const selfClosing = match[3]!.endsWith("/");
      cells += selfClosing ? 1 : rowRepeat * repeatCount(match[3]!, "number-columns-repeated", (v) => parseInt(v, 10));
      if (!(cells <= LIMITS.cells)) throw new MatrizError("spreadsheet_too_large", detailed("size_more_cells", { file, count: LIMITS.cells }));
    }
  }
}

/** The name a workbook gives the sheet stored in `partName`, or the part's own name when the workbook does not say. */
function sheetNameOf(parts: ZipPart[], partName: string): string {
  const text = (name: string) => parts.find((p) => p.name === name)?.data.toString("utf8") ?? "";
  const target = partName.replace(/^xl\//, "");
  const id = startTags(text("xl/_rels/workbook.xml.rels"), /<Relationship\b/y).find((tag) => new RegExp(`Target="/?(?:xl/)?${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`).test(tag));
  const rid = id ? /\bId="([^"]+)"/.exec(id)?.[1] : undefined;
  const sheet = rid ? startTags(text("xl/workbook.xml"), /<(?:\w+:)?sheet\b/y).find((tag) => tag.includes(`"${rid}"`)) : undefined;
  return (sheet && /\bname="([^"]*)"/.exec(sheet)?.[1]) || partName;
}

/**
 * Text between tags, counted before SheetJS copies it several times over (a
 * workbook's text takes it about six times its size). A cell holds at most
 * 32,767 characters in Excel (LibreOffice writes no more either), so a longer
 * run was not typed into a spreadsheet; and all the text of the whole
 * 10,000-action plan is about 6 MB. Returns the text bytes of the part.
 */
export function checkText(part: ZipPart, file: string): number {
  if (!/\.(xml|rels)$/i.test(part.name)) return 0;
  const data = part.data;
  const runLimit = 4 * LIMITS.cellCharacters;
  let text = 0;
  let tagEnd = -1;
  for (let at = data.indexOf(60); ; at = data.indexOf(60, at + 1)) {
    const next = at < 0 ? data.length : at;
    const run = next - tagEnd - 1;
    if (run > runLimit) throw new MatrizError("spreadsheet_too_large", detailed("size_long_cell", { file, count: LIMITS.cellCharacters }));
    if (run > 0) text += run;
    if (at < 0) return text;
    tagEnd = data.indexOf(62, at);
    if (tagEnd < 0) return text;
    at = tagEnd;
  }
}

function checkTextTotal(bytes: number, file: string): void {
  if (bytes > LIMITS.textBytes) throw new MatrizError("spreadsheet_too_large", detailed("size_text_mb", { file, mb: Math.round(bytes / 1e6) }));
}

/**
 * Rows and cells of an xlsx, counted in its XML before SheetJS builds them (it
 * splits rows at each closing row tag and cells at each cell tag, any prefix):
 * a sheet compressed a thousand to one is refused without building its cells.
 */
function checkXlsxSize(parts: ZipPart[], file: string): void {
  let cells = 0;
  let text = 0;
  for (const part of parts) {
    const tags = scanXmlPart(part, file);
    text += tags.text;
    checkTextTotal(text, file);
    if (tags.rows > LIMITS.rows + 3) throw new MatrizError("spreadsheet_too_many_rows", { file, sheet: sheetNameOf(parts, part.name), rows: tags.rows, limit: LIMITS.rows });
    cells += tags.cells;
    if (cells > LIMITS.cells) throw new MatrizError("spreadsheet_too_large", detailed("size_more_cells", { file, count: LIMITS.cells }));
  }
}

/** ASCII letters, digits and "_": what \w matches in SheetJS's tag patterns. */
function isWordByte(b: number): boolean {
  return (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 95;
}

/**
 * One pass over an xlsx part: the text between its tags (as `checkText` counts and
 * bounds it, for XML parts), and its `</row>` and `<c ` (`<c/`, `<c>`) tags, with any
 * `prefix:`, at every "<" (inside attributes too): what /<\/(?:\w+:)?row>/ and
 * /<(?:\w+:)?c[ />]/ match, without decoding the part into a string.
 */
export function scanXmlPart(part: ZipPart, file: string): { text: number; rows: number; cells: number } {
  const data = part.data;
  const measureText = /\.(xml|rels)$/i.test(part.name);
  const runLimit = 4 * LIMITS.cellCharacters;
  let text = 0;
  let rows = 0;
  let cells = 0;
  let tagEnd = -1;
  // Inside a tag whose ">" has not come yet; a "<" never closed ends the text, as in checkText.
  let inTag = false;
  const end = data.length;
  const textRun = (next: number) => {
    const run = next - tagEnd - 1;
    if (run > runLimit) throw new MatrizError("spreadsheet_too_large", detailed("size_long_cell", { file, count: LIMITS.cellCharacters }));
    if (run > 0) text += run;
  };
  // One plain pass over the bytes: a call per "<" and ">" would cost more than the pass.
  for (let at = 0; at < end; at++) {
    const byte = data[at]!;
    if (byte === 62) {
      if (inTag) {
        inTag = false;
        tagEnd = at;
      }
      continue;
    }
    if (byte !== 60) continue;
    if (measureText && !inTag) {
      textRun(at);
      inTag = true;
    }
    let i = at + 1;
    const closing = data[i] === 47;
    if (closing) i++;
    // An optional "prefix:" made of word characters.
    let j = i;
    while (j < end && isWordByte(data[j]!)) j++;
    if (j > i && data[j] === 58) i = j + 1;
    if (closing) {
      if (data[i] === 114 && data[i + 1] === 111 && data[i + 2] === 119 && data[i + 3] === 62) rows++;
    } else if (data[i] === 99 && (data[i + 1] === 32 || data[i + 1] === 47 || data[i + 1] === 62)) cells++;
  }
  if (measureText && !inTag) textRun(end);
  return { text, rows, cells };
}

/** SheetJS's container of a zip's parts (its CFB module, untyped in its declarations). */
type ZipContainer = { FileIndex: unknown[]; FullPaths: string[] };
const cfbUtils = XLSX.CFB.utils as {
  cfb_new(): ZipContainer;
  cfb_add(container: ZipContainer, name: string, data: Buffer, options: { unsafe: true }): unknown;
};

/**
 * What SheetJS needs of a zip, built from the parts already checked and inflated:
 * its own zip reader never sees the file, and nothing is inflated twice.
 */
function zipContainer(parts: ZipPart[]): ZipContainer {
  const container = cfbUtils.cfb_new();
  for (const part of parts) cfbUtils.cfb_add(container, part.name, part.data, { unsafe: true });
  return container;
}

/** SheetJS's reader of a zip already opened: exported by the library, though not in its declarations. */
const parseZip = (XLSX as unknown as { parse_zip: (zip: ZipContainer, options: XLSX.ParsingOptions) => XLSX.WorkBook }).parse_zip;

/** A sheet as rows of cells, whatever format it came from. */
export interface Grid {
  name: string;
  rows: number;
  cols: number;
  cell(row: number, col: number): XLSX.CellObject | undefined;
  /** A row's cells as stored (sparse): for visiting only the cells that exist. */
  row(row: number): ReadonlyArray<XLSX.CellObject | undefined> | undefined;
  merges: XLSX.Range[];
}

export interface ReadWorkbook {
  kind: FileKind;
  sheets: Grid[];
  notices: ReadNotice[];
  /** Only the sheets asked for were read (the others are listed in the file, and their parts are there). */
  partial?: boolean;
  /** Who read the cells: Matriz's plain-xlsx reader (./xlsx-cells) or SheetJS. */
  cells?: "plain" | "sheetjs";
}

export interface ReadOptions {
  /**
   * Sheet names to read alone when the workbook has one of them (an xlsx; case ignored):
   * the import needs only its actions sheet, and parsing the others costs a tenth of the
   * time. Every part is still checked; a sheet listed without its part is still refused.
   */
  sheets?: readonly string[];
  /** SheetJS reads the cells even where ./xlsx-cells could: for comparing the two readings in tests. */
  sheetjsOnly?: boolean;
}

const unescapeXml = (text: string) =>
  text.replace(/&(?:(amp)|(lt)|(gt)|(quot)|(apos)|#x([0-9a-f]+)|#(\d+));/gi, (whole, amp, lt, gt, quot, apos, hex, dec) =>
    amp ? "&" : lt ? "<" : gt ? ">" : quot ? '"' : apos ? "'" : hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : whole,
  );

/**
 * The sheets an xlsx lists, each with whether its part is in the zip, read from the
 * workbook and its relationships as Excel and LibreOffice write them; null when the
 * workbook is not laid out that way (then every sheet is read, as SheetJS finds them).
 */
function listedSheets(parts: ZipPart[]): Array<{ name: string; part: string | undefined; present: boolean }> | null {
  const text = (name: string) => parts.find((p) => p.name === name)?.data.toString("utf8");
  const workbook = text("xl/workbook.xml");
  const rels = text("xl/_rels/workbook.xml.rels");
  if (!workbook || !rels) return null;
  const targets = new Map<string, string>();
  for (const tag of startTags(rels, /<(?:\w+:)?Relationship\b/y)) {
    const id = /\sId="([^"]*)"/.exec(tag)?.[1];
    const target = /\sTarget="([^"]*)"/.exec(tag)?.[1];
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const sheets: Array<{ name: string; part: string | undefined; present: boolean }> = [];
  for (const tag of startTags(workbook, /<(?:\w+:)?sheet\s/y)) {
    const name = /\sname="([^"]*)"/.exec(tag)?.[1];
    const id = /\s\w+:id="([^"]*)"/.exec(tag)?.[1];
    if (name === undefined || !id) return null;
    const target = targets.get(id);
    sheets.push({ name: unescapeXml(name), part: target, present: Boolean(target && parts.some((p) => p.name === target)) });
  }
  return sheets.length ? sheets : null;
}

function gridOf(name: string, sheet: XLSX.WorkSheet | undefined, file: string): Grid {
  // A sheet the workbook lists but SheetJS could not load (a part missing or unreadable).
  if (!sheet || typeof sheet !== "object") throw new MatrizError("spreadsheet_sheet_unreadable", { file, sheet: name });
  const full = sheet["!fullref"] ?? sheet["!ref"];
  const declared = full ? XLSX.utils.decode_range(full).e.r + 1 : 0;
  if (declared > LIMITS.rows + 2) throw new MatrizError("spreadsheet_too_many_rows", { file, sheet: name, rows: declared, limit: LIMITS.rows });
  const data = ((sheet as XLSX.DenseWorkSheet)["!data"] ?? []) as Array<Array<XLSX.CellObject | undefined> | undefined>;
  // A cell addressed far below the others (XFD1048576) makes the rows that long, whatever the range says.
  if (data.length > LIMITS.rows + 3) throw new MatrizError("spreadsheet_too_many_rows", { file, sheet: name, rows: data.length, limit: LIMITS.rows });
  // The extent of the cells really there, not the range the file claims.
  let cols = 0;
  for (const row of data) if (row && row.length > cols) cols = row.length;
  return {
    name,
    rows: data.length,
    cols,
    cell: (r, c) => data[r]?.[c],
    row: (r) => data[r],
    merges: Array.isArray(sheet["!merges"]) ? sheet["!merges"] : [],
  };
}

const COMMON: XLSX.ParsingOptions = {
  dense: true,
  sheetRows: LIMITS.rows + 3,
  cellDates: false,
  // Only values, formulas and number formats are read: no HTML, no formatted text, no styles.
  cellHTML: false,
  cellText: false,
  cellStyles: false,
};

function parseWith<T>(file: string, kind: FileKind, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MatrizError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(message)) throw new MatrizError("spreadsheet_password", { file });
    if (kind === "text") throw new MatrizError("spreadsheet_unreadable", { file });
    throw new MatrizError("spreadsheet_corrupt", { file, detail: message.split("\n")[0]!.slice(0, 200) });
  }
}

/**
 * The workbook as SheetJS would read it with only `sheets`, its cells read by ./xlsx-cells;
 * null when that reader cannot promise SheetJS's reading (then SheetJS reads it all). A
 * fault of that reader's own is no reason to refuse the file: SheetJS reads it then too.
 */
function readPlainCells(parts: ZipPart[], sheets: string[], listed: Array<{ name: string; part: string | undefined }>, parsing: XLSX.ParsingOptions & { sheetRows: number }): XLSX.WorkBook | null {
  try {
    const plain = readPlainSheets(parts, sheets, (name) => listed.find((s) => s.name === name)?.part, parsing);
    return plain && { ...plain.workbook, Sheets: Object.fromEntries(plain.sheets) };
  } catch {
    return null;
  }
}

/** Reads any supported file into grids, or throws the MatrizError that says why not. */
export function readSpreadsheet(bytes: Buffer, file: string, options: ReadOptions = {}): ReadWorkbook {
  if (bytes.length > LIMITS.fileBytes) throw tooLarge(file, bytes.length);
  if (bytes.length === 0) throw new MatrizError("spreadsheet_unreadable", { file });
  const kind = sniff(bytes);
  const notices: ReadNotice[] = [];
  let workbook: XLSX.WorkBook;
  let cellsBy: "plain" | "sheetjs" = "sheetjs";
  /** The sheets read when only some were asked for and the workbook has them. */
  let only: string[] | null = null;
  if (kind === "zip") {
    const parts = unzipChecked(bytes, file, { unzippedBytes: LIMITS.unzippedBytes, entries: LIMITS.zipEntries });
    const part = (name: string) => parts.find((p) => p.name === name);
    const manifest = part("META-INF/manifest.xml");
    const content = part("content.xml");
    // ODF encrypts the parts themselves and says so in its manifest.
    if (manifest && manifest.data.includes("encryption-data")) throw new MatrizError("spreadsheet_password", { file });
    // Only workbooks: SheetJS would also open Numbers files (their own compression) and zips nested inside.
    const isXlsx = Boolean(part("[Content_Types].xml"));
    const isOds = Boolean(manifest && content);
    if (!isXlsx && !isOds) throw new MatrizError("spreadsheet_unreadable", { file });
    if (parts.some((p) => /\.iwa$/i.test(p.name) || /(^|\/)Index\.zip$/i.test(p.name))) throw new MatrizError("spreadsheet_unreadable", { file });
    // SheetJS would also read a binary workbook (xlsb), whose cells take a few bytes each.
    const types = part("[Content_Types].xml")?.data.toString("utf8") ?? "";
    const binaryParts = startTags(types, /<(?:\w+:)?Override\b/y)
      .filter((tag) => /sheet\.binary|ms-excel\.worksheet"/i.test(tag))
      .map((tag) => /PartName="\/?([^"]*)"/.exec(tag)?.[1] ?? "");
    if (part("xl/workbook.bin") || binaryParts.some((name) => part(name))) throw new MatrizError("spreadsheet_unreadable", { file });
    if (isOds) {
      checkTextTotal(checkText(content!, file), file);
      checkOdsCells(content!.data, file);
    }
    else checkXlsxSize(parts, file);
    const listed = options.sheets && !isOds ? listedSheets(parts) : null;
    const asked = listed?.filter((s) => options.sheets!.some((wanted) => wanted.toLowerCase() === s.name.toLowerCase())) ?? [];
    if (asked.length) {
      // A sheet the workbook lists without its part is refused as when every sheet is read.
      const missing = listed!.find((s) => !s.present);
      if (missing) throw new MatrizError("spreadsheet_sheet_unreadable", { file, sheet: missing.name });
      only = asked.map((s) => s.name);
    }
    const sheets = only ? { sheets: only } : {};
    const parsing = { ...COMMON, sheetRows: LIMITS.rows + 3, cellFormula: true, cellNF: true };
    // The sheets asked for, when their cells are plain XML, are read without SheetJS's cell parser (the slow part).
    const plain = only && !options.sheetjsOnly ? readPlainCells(parts, only, listed!, parsing) : null;
    if (plain) {
      cellsBy = "plain";
      workbook = plain;
    } else workbook = parseWith(file, kind, () => parseZip(zipContainer(parts), { ...parsing, ...sheets }));
  } else if (kind === "cfb") {
    // Excel keeps an encrypted xlsx inside an OLE container with these streams.
    if (bytes.toString("latin1").includes("E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o")) throw new MatrizError("spreadsheet_password", { file });
    if (bytes.length > LIMITS.xlsBytes) throw tooLarge(file, bytes.length);
    workbook = parseWith(file, kind, () => XLSX.read(bytes, { ...COMMON, type: "buffer", cellFormula: true, cellNF: true }));
  } else {
    const decoded = decodeText(bytes);
    const text = decoded.text.replace(/^\uFEFF/, "");
    if (!text.trim() || CONTROL.test(text)) throw new MatrizError("spreadsheet_unreadable", { file });
    checkTextSize(text, file);
    if (decoded.guessed) notices.push({ code: "spreadsheet_encoding", params: { file, encoding: decoded.encoding } });
    workbook = parseWith(file, kind, () => XLSX.read(text, { ...COMMON, type: "string", raw: true }));
  }
  if (!Array.isArray(workbook.SheetNames) || !workbook.SheetNames.length) throw new MatrizError("spreadsheet_unreadable", { file });
  const names = only ? workbook.SheetNames.filter((name) => only.includes(name)) : workbook.SheetNames;
  return { kind, sheets: names.map((name) => gridOf(String(name), workbook.Sheets?.[name], file)), notices, partial: Boolean(only), cells: cellsBy };
}
