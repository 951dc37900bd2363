/**
 * Reading a returned file safely: decide what it is from its bytes, refuse
 * password-protected, truncated and zip-bomb files before any parser sees them,
 * then let SheetJS read it into plain cells with a row limit.
 */
import * as XLSX from "xlsx";
import zlib from "node:zlib";
import { MatrizError } from "../domain/errors";

export const LIMITS = {
  /** Data rows per sheet; the largest plan (10,000 actions) needs about a fifth of it. */
  rows: 50_000,
  fileBytes: 50 * 1024 * 1024,
  /** Sum of the uncompressed parts of an xlsx or ods. */
  unzippedBytes: 200 * 1024 * 1024,
  zipEntries: 10_000,
};

export type FileKind = "zip" | "cfb" | "text";

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_EMPTY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function sniff(bytes: Buffer, file: string): FileKind {
  if (bytes.subarray(0, 4).equals(ZIP) || bytes.subarray(0, 4).equals(ZIP_EMPTY)) return "zip";
  if (bytes.subarray(0, 8).equals(CFB)) return "cfb";
  // Text: UTF-8 (or Latin-1) without control bytes other than tab, CR and LF.
  const sample = bytes.subarray(0, 64 * 1024);
  for (const byte of sample) {
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) throw new MatrizError("spreadsheet_unreadable", { file });
  }
  if (bytes.length === 0) throw new MatrizError("spreadsheet_unreadable", { file });
  return "text";
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  encrypted: boolean;
}

/** Lists a zip's entries from its central directory; a missing or cut directory means a truncated file. */
export function zipEntries(bytes: Buffer, file: string): ZipEntry[] {
  const corrupt = (detail: string) => new MatrizError("spreadsheet_corrupt", { file, detail });
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt("zip directory missing, the file is truncated");
  const count = bytes.readUInt16LE(eocd + 10);
  const dirSize = bytes.readUInt32LE(eocd + 12);
  const dirOffset = bytes.readUInt32LE(eocd + 16);
  if (count > LIMITS.zipEntries) throw new MatrizError("spreadsheet_too_large", { file, detail: `${count} parts` });
  if (dirOffset + dirSize > bytes.length) throw corrupt("zip directory past the end, the file is truncated");
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw corrupt("zip directory damaged");
    const flags = bytes.readUInt16LE(at + 8);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    entries.push({
      name: bytes.toString("utf8", at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
      encrypted: (flags & 1) === 1,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Checks the declared sizes, then inflates every part with a hard output cap,
 * because a zip bomb may lie about its sizes. Nothing is kept: this only proves
 * the parser will not be fed more than the limit.
 */
export function guardZip(bytes: Buffer, file: string): ZipEntry[] {
  const entries = zipEntries(bytes, file);
  const tooLarge = (detail: string) => new MatrizError("spreadsheet_too_large", { file, detail });
  const declared = entries.reduce((sum, e) => sum + (e.size === 0xffffffff ? 0 : e.size), 0);
  if (declared > LIMITS.unzippedBytes) throw tooLarge(`${Math.round(declared / 1e6)} MB uncompressed`);
  let budget = LIMITS.unzippedBytes;
  for (const entry of entries) {
    if (entry.encrypted) throw new MatrizError("spreadsheet_password", { file });
    const local = entry.localOffset;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) {
      throw new MatrizError("spreadsheet_corrupt", { file, detail: `part ${entry.name} is missing` });
    }
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + entry.compressedSize);
    if (data.length < entry.compressedSize) throw new MatrizError("spreadsheet_corrupt", { file, detail: `part ${entry.name} is cut short` });
    let size = data.length;
    if (entry.method === 8) {
      try {
        size = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (error) {
        if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
          throw tooLarge(`more than ${Math.round(LIMITS.unzippedBytes / 1e6)} MB uncompressed`);
        }
        throw new MatrizError("spreadsheet_corrupt", { file, detail: `part ${entry.name} cannot be decompressed` });
      }
    } else if (entry.method !== 0) {
      throw new MatrizError("spreadsheet_corrupt", { file, detail: `part ${entry.name} uses compression method ${entry.method}` });
    }
    budget -= size;
    if (budget < 0) throw tooLarge(`more than ${Math.round(LIMITS.unzippedBytes / 1e6)} MB uncompressed`);
  }
  return entries;
}

/** One part of a zip already checked by guardZip. */
function entryBytes(bytes: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localOffset;
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  return entry.method === 8 ? zlib.inflateRawSync(data) : data;
}

/** A sheet as rows of cells, whatever format it came from. */
export interface Grid {
  name: string;
  rows: number;
  cols: number;
  cell(row: number, col: number): XLSX.CellObject | undefined;
  merges: XLSX.Range[];
}

export interface ReadWorkbook {
  kind: FileKind;
  sheets: Grid[];
}

function gridOf(name: string, sheet: XLSX.WorkSheet, file: string): Grid {
  const full = sheet["!fullref"] ?? sheet["!ref"];
  const range = full ? XLSX.utils.decode_range(full) : { s: { r: 0, c: 0 }, e: { r: -1, c: -1 } };
  const rows = range.e.r + 1;
  if (rows > LIMITS.rows + 2) throw new MatrizError("spreadsheet_too_many_rows", { file, sheet: name, rows, limit: LIMITS.rows });
  const data = (sheet as XLSX.DenseWorkSheet)["!data"];
  return {
    name,
    rows,
    cols: range.e.c + 1,
    cell: data ? (r, c) => data[r]?.[c] : (r, c) => sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined,
    merges: sheet["!merges"] ?? [],
  };
}

/** Reads any supported file into grids, or throws the MatrizError that says why not. */
export function readSpreadsheet(bytes: Buffer, file: string): ReadWorkbook {
  if (bytes.length > LIMITS.fileBytes) throw new MatrizError("spreadsheet_too_large", { file, detail: `${Math.round(bytes.length / 1e6)} MB` });
  const kind = sniff(bytes, file);
  if (kind === "zip") {
    const entries = guardZip(bytes, file);
    const names = new Set(entries.map((e) => e.name));
    const manifest = entries.find((e) => e.name === "META-INF/manifest.xml");
    // ODF encrypts the parts themselves and says so in its manifest.
    if (manifest && entryBytes(bytes, manifest).toString("utf8").includes("encryption-data")) throw new MatrizError("spreadsheet_password", { file });
    if (!names.has("[Content_Types].xml") && !names.has("content.xml")) throw new MatrizError("spreadsheet_unreadable", { file });
  }
  if (kind === "cfb") {
    // Excel keeps an encrypted xlsx inside an OLE container with these streams.
    const text = bytes.toString("latin1");
    if (text.includes("E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o")) throw new MatrizError("spreadsheet_password", { file });
  }
  let workbook: XLSX.WorkBook;
  try {
    workbook =
      kind === "text"
        ? XLSX.read(bytes.toString("utf8").replace(/^\uFEFF/, ""), { type: "string", raw: true, dense: true, sheetRows: LIMITS.rows + 3 })
        : XLSX.read(bytes, { type: "buffer", cellFormula: true, cellNF: true, cellDates: false, dense: true, sheetRows: LIMITS.rows + 3 });
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/password|encrypt/i.test(message)) throw new MatrizError("spreadsheet_password", { file });
    if (kind === "text") throw new MatrizError("spreadsheet_unreadable", { file });
    throw new MatrizError("spreadsheet_corrupt", { file, detail: message.split("\n")[0]! });
  }
  if (!workbook.SheetNames.length) throw new MatrizError("spreadsheet_unreadable", { file });
  return { kind, sheets: workbook.SheetNames.map((name) => gridOf(name, workbook.Sheets[name]!, file)) };
}
