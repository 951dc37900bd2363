/**
 * The cells of an xlsx sheet read by a strict reader of Matriz's own, for speed:
 * SheetJS's general parser takes about 2 µs a cell (a returned workbook's
 * actions sheet, 100 rows, 3.6 ms: as much as the rest of its import), this
 * one about a tenth of that.
 *
 * It reads only the plain XML that Excel, LibreOffice, SheetJS and Matriz write
 * inside <sheetData> and the shared strings, and means every value exactly as
 * SheetJS does: anything else (a formula, an error, boolean or date cell, a
 * namespace prefix, an XML comment, a cell without its address, odd spacing
 * inside a tag…) makes it answer null, and the caller reads the file with
 * SheetJS as before. Everything around
 * the cells is still SheetJS's: the workbook is parsed by SheetJS with the cells
 * of the sheets asked for left out, and that same parse says which part holds
 * each sheet, which part holds the shared strings, each number format, the
 * merged cells and the sheet's declared size. tests/spreadsheet/xlsx-cells.test.ts
 * compares both readings on generated and damaged files.
 */
import { randomUUID } from "node:crypto";
import * as XLSX from "xlsx";
import { startTags } from "./xml-tags";

/** A cell as the import reads it: SheetJS's shape, only the fields used (a number's format in z). */
export type PlainCell = { t: "n"; v: number; z?: string } | { t: "s"; v: string };
export type PlainRows = Array<Array<PlainCell | undefined> | undefined>;

/** Thrown inside the reader when the XML is not the plain kind it reads; caught here, never seen outside. */
class NotPlain extends Error {}
const notPlain = (): never => {
  throw new NotPlain();
};

const LT = 60;
const GT = 62;
const SLASH = 47;
const EQUALS = 61;
const QUOTE = 34;
const APOSTROPHE = 39;
const SPACE = 32;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isNameChar(c: number, first: boolean): boolean {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  return !first && c >= 48 && c <= 57;
}

/**
 * An attribute name's characters here: ASCII letters, digits and "_:.-". SheetJS
 * reads bytes, not characters, and takes some beyond ASCII for white space (byte
 * A0, inside "à" or a no-break space): for it `xàt="s"` holds a t="s".
 */
function isAttributeNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 58) || c === 95 || c === 46 || c === 45;
}

/** More attributes than Excel or LibreOffice write on any element read here; past it a tag is not plain (and checking each name against the others stays cheap). */
const MAX_ATTRIBUTES = 32;

/** An attribute name as SheetJS's tag reader files it: without its prefix, cut at "_", lower case. */
function attributeKey(name: string): string {
  const colon = name.indexOf(":");
  const local = colon >= 0 ? name.slice(colon + 1) : name.indexOf("_") > 0 ? name.slice(0, name.indexOf("_")) : name;
  return local.toLowerCase();
}

interface Tag {
  name: string;
  /** Attribute names and values, side by side (a tag has few). */
  names: string[];
  values: string[];
  selfClosing: boolean;
}

function attribute(tag: Tag, name: string): string | undefined {
  const i = tag.names.indexOf(name);
  return i < 0 ? undefined : tag.values[i];
}

/**
 * A pull reader over part of a text that accepts only plain elements: names of
 * letters and digits without prefix, each followed by a space, "/" or ">", at
 * most 32 attributes with ASCII names, quoted with no "<" or ">" inside, end tags
 * written exactly "</name>", and no comments, processing instructions, CDATA or
 * doctype. It never recurses: each caller reads the few elements it expects.
 */
class PlainXml {
  constructor(
    readonly text: string,
    public at: number,
    readonly end: number,
  ) {}

  /** Skips white space; anything else before the next tag is not plain here. */
  skipSpace(): void {
    const { text, end } = this;
    let at = this.at;
    while (at < end && isSpace(text.charCodeAt(at))) at++;
    if (at < end && text.charCodeAt(at) !== LT) notPlain();
    this.at = at;
  }

  atEnd(): boolean {
    return this.at >= this.end;
  }

  /** Whether the next tag is an end tag. */
  closing(): boolean {
    return this.text.charCodeAt(this.at) === LT && this.text.charCodeAt(this.at + 1) === SLASH;
  }

  /** The start tag at the cursor. */
  open(): Tag {
    const { text, end } = this;
    let at = this.at;
    if (text.charCodeAt(at) !== LT || !isNameChar(text.charCodeAt(at + 1), true)) notPlain();
    const nameStart = ++at;
    while (isNameChar(text.charCodeAt(at), false)) at++;
    const tag: Tag = { name: text.slice(nameStart, at), names: [], values: [], selfClosing: false };
    const after = text.charCodeAt(at);
    if (after !== SPACE && after !== SLASH && after !== GT) notPlain();
    for (;;) {
      while (isSpace(text.charCodeAt(at))) at++;
      const c = text.charCodeAt(at);
      if (c === GT) {
        at++;
        break;
      }
      if (c === SLASH) {
        if (text.charCodeAt(at + 1) !== GT) notPlain();
        tag.selfClosing = true;
        at += 2;
        break;
      }
      const nameStart = at;
      while (isAttributeNameChar(text.charCodeAt(at))) at++;
      const equals = at;
      if (equals === nameStart || equals >= end || text.charCodeAt(equals) !== EQUALS) notPlain();
      const name = text.slice(nameStart, equals);
      const quote = text.charCodeAt(equals + 1);
      if (quote !== QUOTE && quote !== APOSTROPHE) notPlain();
      const valueEnd = text.indexOf(quote === QUOTE ? '"' : "'", equals + 2);
      if (valueEnd < 0 || valueEnd >= end) notPlain();
      const value = text.slice(equals + 2, valueEnd);
      if (value.includes("<") || value.includes(">") || tag.names.length === MAX_ATTRIBUTES || tag.names.includes(name)) notPlain();
      tag.names.push(name);
      tag.values.push(value);
      at = valueEnd + 1;
      // Attributes are separated by white space, as SheetJS's pattern for them requires.
      const next = text.charCodeAt(at);
      if (!isSpace(next) && next !== SLASH && next !== GT) notPlain();
    }
    if (at > end) notPlain();
    this.at = at;
    return tag;
  }

  /** The end tag of `name`, written exactly so. */
  close(name: string): void {
    const { text } = this;
    const at = this.at;
    if (text.charCodeAt(at) !== LT || text.charCodeAt(at + 1) !== SLASH || !text.startsWith(name, at + 2)) notPlain();
    const gt = at + 2 + name.length;
    if (text.charCodeAt(gt) !== GT || gt >= this.end) notPlain();
    this.at = gt + 1;
  }

  /** The text of an element holding text alone (<v>…</v>), up to its end tag. */
  textOf(name: string): string {
    const start = this.at;
    let next = this.text.indexOf("<", start);
    if (next < 0 || next > this.end) next = this.end;
    this.at = next;
    this.close(name);
    return this.text.slice(start, next);
  }
}

/** The XML escapes SheetJS undoes in a value (named and numeric entities, then Excel's _xHHHH_), with its results. */
const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const NAMED: Record<string, string> = { "&quot;": '"', "&apos;": "'", "&gt;": ">", "&lt;": "<", "&amp;": "&" };
const EXCEL_ESCAPE = /_x([\da-fA-F]{4})_/gi;

function unescapeValue(text: string): string {
  if (!text.includes("&") && !text.includes("_")) return text;
  return text
    .replace(ENTITY, (whole, code: string | undefined) => NAMED[whole] ?? (String.fromCharCode(parseInt(code!, whole.indexOf("x") > -1 ? 16 : 10)) || whole))
    .replace(EXCEL_ESCAPE, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A string cell's text: unescaped, Windows line ends as "\n". */
function cellText(text: string): string {
  const value = unescapeValue(text);
  return value.includes("\r\n") ? value.replace(/\r\n/g, "\n") : value;
}

/**
 * SheetJS unescapes a "str" cell's value twice, the first time before decoding its
 * UTF-8: where that first pass would make a character beyond ASCII (&#233;, _x00E9_)
 * or a CDATA section, its reading is its own and this reader steps aside.
 */
function formulaStringText(raw: string): string {
  if (raw.includes("&#") || /_x[\da-fA-F]{4}_/.test(raw)) notPlain();
  const once = unescapeValue(raw);
  if (once.includes("<![CDATA[")) notPlain();
  return cellText(once);
}

/** A number's or shared string index's text as SheetJS reads it, byte by byte: plain ASCII only here. */
function asciiValue(raw: string): string {
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) > 127) notPlain();
  return unescapeValue(raw);
}

/**
 * The run properties Excel and LibreOffice write inside <rPr>, each an empty element.
 * SheetJS's patterns find their elements anywhere in the text: another element there
 * (<sstItem>, <c>, <f>, <row>…) may be a shared string, a cell or a formula to it.
 */
const RUN_PROPERTIES = new Set(["b", "i", "u", "strike", "sz", "color", "rFont", "family", "charset", "scheme", "vertAlign", "outline", "shadow", "condense", "extend"]);

/** A run's properties, after its <rPr>: only the known ones, without content. */
function runProperties(xml: PlainXml, rPr: Tag): void {
  if (rPr.names.length) notPlain();
  if (rPr.selfClosing) return;
  for (;;) {
    xml.skipSpace();
    if (xml.closing()) return xml.close("rPr");
    const property = xml.open();
    if (!RUN_PROPERTIES.has(property.name) || !property.selfClosing) notPlain();
  }
}

/**
 * A shared or inline string's content: one <t>, or runs <r>[<rPr>…</rPr>]<t>…</t></r>,
 * then phonetic parts (left out, as SheetJS leaves them). SheetJS joins the runs' raw
 * text before decoding it: a character cut between runs is not read here.
 */
function stringItem(xml: PlainXml): string {
  xml.skipSpace();
  const first = xml.open();
  const texts: string[] = [];
  const tText = (tag: Tag) => {
    for (const name of tag.names) if (name !== "xml:space") notPlain();
    if (tag.selfClosing) notPlain();
    return xml.textOf("t");
  };
  if (first.name === "t") texts.push(tText(first));
  else if (first.name === "r" && !first.selfClosing && first.names.length === 0) {
    let run: Tag | null = first;
    while (run) {
      xml.skipSpace();
      let inner = xml.open();
      if (inner.name === "rPr") {
        runProperties(xml, inner);
        xml.skipSpace();
        inner = xml.open();
      }
      if (inner.name !== "t") notPlain();
      const text = tText(inner);
      if (text.includes("\ufffd")) notPlain();
      texts.push(text);
      xml.skipSpace();
      xml.close("r");
      xml.skipSpace();
      run = null;
      if (!xml.closing()) {
        const next = xml.open();
        if (next.name === "r" && !next.selfClosing && next.names.length === 0) run = next;
        else trailing(xml, next);
      }
    }
  } else notPlain();
  // Phonetic runs and their properties after the text.
  for (;;) {
    xml.skipSpace();
    if (xml.closing()) break;
    trailing(xml, xml.open());
  }
  return cellText(texts.length === 1 ? texts[0]! : texts.join(""));
}

/** What may follow a string's text: a phonetic run (<rPh><t>…</t></rPh>) or the phonetic properties. */
function trailing(xml: PlainXml, tag: Tag): void {
  for (const name of tag.names) if (name.includes(":")) notPlain();
  if (tag.name === "phoneticPr" && tag.selfClosing) return;
  if (tag.name !== "rPh" || tag.selfClosing) notPlain();
  xml.skipSpace();
  const t = xml.open();
  if (t.name !== "t" || t.selfClosing) notPlain();
  xml.textOf("t");
  xml.skipSpace();
  xml.close("rPh");
}

/** Skips an optional byte order mark and XML declaration at the start of a part. */
function prolog(text: string): number {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.startsWith("<?", at)) {
    const end = text.indexOf("?>", at);
    if (end < 0 || !text.startsWith("<?xml ", at)) notPlain();
    at = end + 2;
  }
  return at;
}

/**
 * The shared strings of a plain sst part, plus the empty string SheetJS adds after
 * the last one (its reader splits at each </si> and keeps what follows).
 */
export function readSharedStrings(data: Buffer): string[] | null {
  try {
    const text = data.toString("utf8");
    const xml = new PlainXml(text, prolog(text), text.length);
    xml.skipSpace();
    const root = xml.open();
    if (root.name !== "sst" || root.selfClosing) notPlain();
    const strings: string[] = [];
    for (;;) {
      xml.skipSpace();
      if (xml.closing()) break;
      const si = xml.open();
      if (si.name !== "si" || si.selfClosing || si.names.length) notPlain();
      strings.push(stringItem(xml));
      xml.close("si");
    }
    xml.close("sst");
    xml.skipSpace();
    if (!xml.atEnd()) notPlain();
    strings.push("");
    return strings;
  } catch (error) {
    if (error instanceof NotPlain) return null;
    throw error;
  }
}

const CELL_REF = /^([A-Z]{1,3})([1-9][0-9]{0,6})$/;
/**
 * A cell as Excel, LibreOffice and SheetJS write most of them: r, then s, then t (not an
 * inline string), and a <v> or nothing; anything else goes through the general reading.
 */
const PLAIN_CELL = /<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="(0|[1-9][0-9]{0,8})")?(?: t="(s|str|n)")?(?:\/>|>(?:<v>([^<]*)<\/v>)?<\/c>)/y;
const WHOLE = /^(?:0|[1-9][0-9]{0,8})$/;

function columnIndex(letters: string): number {
  let index = 0;
  for (let i = 0; i < letters.length; i++) index = index * 26 + letters.charCodeAt(i) - 64;
  return index - 1;
}

/** A row's or cell's attributes: `wanted` exactly as named; none other that SheetJS would file under one of them. */
function checkAttributes(tag: Tag, wanted: readonly string[]): void {
  for (const name of tag.names) {
    if (wanted.includes(name)) continue;
    if (wanted.includes(attributeKey(name))) notPlain();
  }
}

export interface SheetCells {
  rows: PlainRows;
  /** The style of each number cell, by its `s` attribute ("" without one): number formats are SheetJS's to say. */
  numberStyles: Map<string, Array<{ t: "n"; v: number; z?: string }>>;
  /** Cells with a shared string, filled once the shared strings are read. */
  sharedStrings: Array<{ cell: { t: "s"; v: string }; index: number }>;
}

/**
 * The cells of a sheet's <sheetData> content (its text decoded from UTF-8), or null when
 * it is not plain. Rows above `maxRow` (1-based) are left to SheetJS, which refuses them.
 */
export function readSheetData(text: string, maxRow: number): SheetCells | null {
  const rows: PlainRows = [];
  const numberStyles = new Map<string, Array<{ t: "n"; v: number; z?: string }>>();
  const sharedStrings: SheetCells["sharedStrings"] = [];
  /** Files a cell's value, as SheetJS would: a number, a shared string (its text later), a string. */
  const place = (r: number, letters: string, style: string, type: string, raw: string | undefined, inline: string | undefined) => {
    let cell: PlainCell;
    if (type === "" || type === "n") {
      if (raw === undefined) return;
      const number = { t: "n" as const, v: parseFloat(asciiValue(raw)) };
      const same = numberStyles.get(style);
      if (same) same.push(number);
      else numberStyles.set(style, [number]);
      cell = number;
    } else if (type === "s") {
      if (raw === undefined) return;
      const shared = { t: "s" as const, v: "" };
      sharedStrings.push({ cell: shared, index: parseInt(asciiValue(raw), 10) });
      cell = shared;
    } else if (type === "str") {
      cell = { t: "s", v: raw === undefined ? "" : formulaStringText(raw) };
    } else if (type === "inlineStr") {
      if (inline === undefined) return notPlain();
      cell = { t: "s", v: inline };
    } else return notPlain();
    (rows[r] ??= [])[columnIndex(letters)] = cell;
  };
  try {
    const xml = new PlainXml(text, 0, text.length);
    for (;;) {
      xml.skipSpace();
      if (xml.atEnd()) break;
      const row = xml.open();
      if (row.name !== "row") notPlain();
      checkAttributes(row, ["r"]);
      const rowNumber = attribute(row, "r");
      if (rowNumber === undefined || !WHOLE.test(rowNumber) || Number(rowNumber) < 1 || Number(rowNumber) > maxRow) notPlain();
      if (row.selfClosing) continue;
      const r = Number(rowNumber) - 1;
      for (;;) {
        xml.skipSpace();
        if (xml.closing()) break;
        // Most cells are written one way (<c r="B7" s="3" t="s"><v>12</v></c>): matched at once.
        PLAIN_CELL.lastIndex = xml.at;
        const plain = PLAIN_CELL.exec(text);
        if (plain && plain[2] === rowNumber) {
          xml.at = PLAIN_CELL.lastIndex;
          // An empty <v></v> is no value, as for SheetJS.
          place(r, plain[1]!, plain[3] ?? "", plain[4] ?? "", plain[5] || undefined, undefined);
          continue;
        }
        const c = xml.open();
        if (c.name !== "c") notPlain();
        checkAttributes(c, ["r", "s", "t"]);
        const ref = CELL_REF.exec(attribute(c, "r") ?? "");
        if (!ref || ref[2] !== rowNumber) return notPlain();
        const style = attribute(c, "s") ?? "";
        if (style !== "" && !WHOLE.test(style)) notPlain();
        const type = attribute(c, "t") ?? "";
        let value: string | undefined;
        let inline: string | undefined;
        if (!c.selfClosing) {
          for (;;) {
            xml.skipSpace();
            if (xml.closing()) break;
            const child = xml.open();
            if (child.names.length || child.selfClosing) notPlain();
            if (child.name === "v" && value === undefined && type !== "inlineStr") value = xml.textOf("v");
            else if (child.name === "is" && inline === undefined && type === "inlineStr") {
              inline = stringItem(xml);
              xml.close("is");
            } else notPlain();
          }
          xml.close("c");
        }
        place(r, ref[1]!, style, type, value || undefined, inline);
      }
      xml.close("row");
    }
    return { rows, numberStyles, sharedStrings };
  } catch (error) {
    if (error instanceof NotPlain) return null;
    throw error;
  }
}

/** SheetJS's reader of a zip already opened: exported by the library, though not in its declarations. */
type ZipContainer = { FileIndex: unknown[]; FullPaths: string[] };
const cfbUtils = XLSX.CFB.utils as {
  cfb_new(): ZipContainer;
  cfb_add(container: ZipContainer, name: string, data: Buffer, options: { unsafe: true }): unknown;
};
const parseZip = (XLSX as unknown as { parse_zip: (zip: ZipContainer, options: XLSX.ParsingOptions) => XLSX.WorkBook }).parse_zip;

export interface ZipPartData {
  name: string;
  data: Buffer;
}

/** Where SheetJS finds a sheet's cells: its first <sheetData…> and the first </sheetData> after it (any prefix). */
function sheetDataBounds(part: Buffer): { openStart: number; contentStart: number; contentEnd: number; closeEnd: number } | null {
  const text = part.toString("latin1", 0, part.length);
  const open = /<(?:\w+:)?sheetData\b[^<>]*>/g.exec(text);
  if (!open) return null;
  const closing = /<\/(?:\w+:)?sheetData>/g;
  closing.lastIndex = open.index + open[0].length;
  const close = closing.exec(text);
  if (!close) return null;
  return { openStart: open.index, contentStart: open.index + open[0].length, contentEnd: close.index, closeEnd: close.index + close[0].length };
}

const SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";

/** The part [Content_Types].xml names for the shared strings, as this reader guesses it (SheetJS's reading confirms it). */
function sharedStringsPart(parts: readonly ZipPartData[]): ZipPartData | undefined {
  const types = parts.find((p) => p.name === "[Content_Types].xml")?.data.toString("utf8") ?? "";
  for (const tag of startTags(types, /<(?:\w+:)?Override\b/y)) {
    if (/\sContentType="([^"]*)"/.exec(tag)?.[1] !== SST_TYPE) continue;
    const name = /\sPartName="\/?([^"]*)"/.exec(tag)?.[1];
    return parts.find((p) => p.name === name);
  }
  return undefined;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A sheet as SheetJS would hand it over: cells from this reader, everything else from SheetJS's own parse. */
export type PlainSheet = XLSX.WorkSheet & { "!data": PlainRows };

/**
 * Reads the sheets named `sheets` (SheetJS's `sheets` option: names, case ignored)
 * of an xlsx whose parts are checked and inflated, the way SheetJS would with
 * `options`, or answers null when it cannot promise the same reading. `partOf`
 * guesses which part holds a sheet; SheetJS's parse of the workbook confirms it.
 */
export function readPlainSheets(
  parts: readonly ZipPartData[],
  sheets: readonly string[],
  partOf: (sheet: string) => string | undefined,
  options: XLSX.ParsingOptions & { sheetRows: number },
): { workbook: XLSX.WorkBook; sheets: Map<string, PlainSheet> } | null {
  const read = new Map<string, { cells: SheetCells; styles: string[]; bounds: NonNullable<ReturnType<typeof sheetDataBounds>> }>();
  let usesStrings = false;
  for (const sheet of sheets) {
    const name = partOf(sheet);
    const part = name === undefined ? undefined : parts.find((p) => p.name === name);
    if (!part) return null;
    if (read.has(part.name)) continue;
    const bounds = sheetDataBounds(part.data);
    if (!bounds) return null;
    // Rows beyond SheetJS's sheetRows are cut by it, and refused after: left to it.
    const cells = readSheetData(part.data.toString("utf8", bounds.contentStart, bounds.contentEnd), options.sheetRows - 1);
    if (!cells) return null;
    usesStrings ||= cells.sharedStrings.length > 0;
    const styles = [...cells.numberStyles.keys()];
    if (styles.length > 5000) return null;
    read.set(part.name, { cells, styles, bounds });
  }
  const stringsPart = usesStrings ? sharedStringsPart(parts) : undefined;
  if (usesStrings && (!stringsPart || read.has(stringsPart.name))) return null;

  // In place of each sheet part read here, a stand-in for SheetJS with everything but the
  // cells, and one row of probes: a mark naming the part, a number in each style the cells
  // use, and a shared string. Marks are random: a file cannot hold one in advance.
  const mark = `matriz-${randomUUID()}`;
  const order = [...read.keys()];
  const stands = new Map<string, Buffer>();
  for (const [index, name] of order.entries()) {
    const { styles, bounds } = read.get(name)!;
    const data = parts.find((p) => p.name === name)!.data;
    const probes = [`<c r="A1" t="str"><v>${mark}:${index}</v></c>`];
    styles.forEach((style, i) => probes.push(`<c r="${XLSX.utils.encode_col(i + 1)}1"${style ? ` s="${style}"` : ""}><v>0</v></c>`));
    if (usesStrings) probes.push(`<c r="${XLSX.utils.encode_col(styles.length + 1)}1" t="s"><v>0</v></c>`);
    stands.set(
      name,
      Buffer.concat([data.subarray(0, bounds.openStart), Buffer.from(`<sheetData><row r="1">${probes.join("")}</row></sheetData>`), data.subarray(bounds.closeEnd)]),
    );
  }
  if (stringsPart) {
    stands.set(stringsPart.name, Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${mark}:sst</t></si></sst>`));
  }
  const container = cfbUtils.cfb_new();
  for (const part of parts) cfbUtils.cfb_add(container, part.name, stands.get(part.name) ?? part.data, { unsafe: true });
  let workbook: XLSX.WorkBook;
  try {
    workbook = parseZip(container, { ...options, sheets: [...sheets] });
  } catch {
    // SheetJS refuses the workbook itself: its own reading of the whole file will say why.
    return null;
  }
  const strings = stringsPart ? readSharedStrings(stringsPart.data) : [];
  if (!strings) return null;

  const result = new Map<string, PlainSheet>();
  for (const name of workbook.SheetNames ?? []) {
    if (!sheets.some((wanted) => wanted.toLowerCase() === String(name).toLowerCase())) continue;
    const stand = workbook.Sheets?.[name] as XLSX.WorkSheet | undefined;
    const probes = stand?.["!data"] as Array<Array<XLSX.CellObject | undefined> | undefined> | undefined;
    const row = probes?.[0];
    // A sheet SheetJS could not load, or one with comments or hyperlinks (cells of their own): SheetJS's to read.
    if (!stand || !probes || probes.length !== 1 || !row) return null;
    const marked = /:(\d+)$/.exec(String(row[0]?.v ?? ""));
    if (!marked || row[0]!.v !== `${mark}:${marked[1]}` || !order[Number(marked[1])]) return null;
    const { cells, styles } = read.get(order[Number(marked[1])]!)!;
    if (row.length !== styles.length + 1 + (usesStrings ? 1 : 0) || row.some((cell) => !cell || "c" in cell || "l" in cell)) return null;
    // The shared strings SheetJS reads are the part read here.
    if (usesStrings && row[styles.length + 1]!.v !== `${mark}:sst`) return null;
    styles.forEach((style, i) => {
      const z = row[i + 1]!.z;
      if (z !== undefined) for (const cell of cells.numberStyles.get(style)!) cell.z = String(z);
    });
    for (const { cell, index } of cells.sharedStrings) {
      const text = strings[index];
      if (text === undefined) return null;
      cell.v = text;
    }
    result.set(name, { ...stand, "!data": cells.rows } as PlainSheet);
  }
  return { workbook, sheets: result };
}
