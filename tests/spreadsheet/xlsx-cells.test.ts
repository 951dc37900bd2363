/**
 * Matriz's own reader of plain xlsx cells (src/spreadsheet/xlsx-cells.ts) against
 * SheetJS's reading of the very same files: generated sheets mixing the XML that
 * Excel, LibreOffice and SheetJS write with the odd, the damaged and the hostile.
 * Each file must read the same both ways (every cell's type, value and number
 * format, the merged cells, the sheet's name and size), or be refused the same
 * way; and the plain reader must really be the one reading the plain files.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { readSpreadsheet } from "../../src/spreadsheet/read";
import { readSharedStrings, readSheetData } from "../../src/spreadsheet/xlsx-cells";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { editWorkbook, financePlan } from "./fixture";
import { sameReading } from "./readings";
import { buildZip, deflatedPart, partContent, zipParts } from "./zip-craft";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

interface Book {
  sheetData: string;
  /** What comes after </sheetData> (merged cells, hyperlinks…). */
  after?: string;
  /** What comes before <sheetData> (dimension, views…). */
  before?: string;
  sst?: string | null;
  styles?: string | null;
  sheetName?: string;
}

/** A small xlsx of two sheets, the second the one asked for ("Actions" by default). */
function workbook(book: Book): Buffer {
  const sst = book.sst === undefined ? `<sst xmlns="${MAIN}"><si><t>zero</t></si><si><t>one</t></si></sst>` : book.sst;
  const styles =
    book.styles === undefined
      ? `<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>`
      : book.styles;
  const name = book.sheetName ?? "Actions";
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`,
    `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    `<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    sst === null ? "" : `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`,
    styles === null ? "" : `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`,
  ];
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  const parts: Array<[string, string]> = [
    ["[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join("")}</Types>`],
    ["_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel("rId1", "officeDocument", "xl/workbook.xml")}</Relationships>`],
    ["xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Instructions" sheetId="1" r:id="rId1"/><sheet name="${name}" sheetId="2" r:id="rId2"/></sheets></workbook>`],
    [
      "xl/_rels/workbook.xml.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel("rId1", "worksheet", "worksheets/sheet1.xml")}${rel("rId2", "worksheet", "worksheets/sheet2.xml")}${sst === null ? "" : rel("rId3", "sharedStrings", "sharedStrings.xml")}${styles === null ? "" : rel("rId4", "styles", "styles.xml")}</Relationships>`,
    ],
    ["xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Read me</t></is></c></row></sheetData></worksheet>`],
    ["xl/worksheets/sheet2.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${book.before ?? ""}<sheetData>${book.sheetData}</sheetData>${book.after ?? ""}</worksheet>`],
  ];
  if (sst !== null) parts.push(["xl/sharedStrings.xml", sst]);
  if (styles !== null) parts.push(["xl/styles.xml", styles]);
  return buildZip(parts.map(([name, content]) => deflatedPart(name, content)));
}

const TEXTS = [
  "plain",
  "a &amp; b",
  "&lt;b&gt;bold&lt;/b&gt;",
  "&amp;lt;",
  "&amp;amp;",
  "&quot;quoted&quot; &apos;too&apos;",
  "café",
  "中文",
  "&#233;",
  "&#x41;&#X41;&#65;",
  "&AMP;",
  "&amp;#233;",
  "line\r\nbreak\nand\rmore",
  "_x000D_",
  "_x00e9__x0041_",
  "  spaced  ",
  "",
  "1,250.50",
  "{&quot;tag&quot;:&quot;matriz-finance-return&quot;}",
  "&amp;lt;![CDATA[x]]&gt;",
  "=SUM(A1)",
  "\u0001control",
];
const NUMBERS = ["1", "1.5", "-3", "1e3", "1E-2", " 2", "2 ", "abc", "0x10", "1&#48;", "&#x31;", "12\u00a0", "\u00a012", "Infinity", ".5", "1,5", "00012", "9007199254740993"];
const INDEXES = ["0", "1", "2", "3", "-1", "x", " 1", "1 ", "01", "1e0", "&#49;"];
const STYLES = ["", ' s="0"', ' s="1"', ' s="2"', ' s="3"', ' s="9"', ' s="01"', ' s="x"'];

const plainCellXml = fc.oneof(
  fc.tuple(fc.constantFrom(...NUMBERS.slice(0, 10)), fc.constantFrom(...STYLES.slice(0, 6))).map(([n, s]) => (ref: string) => `<c r="${ref}"${s}><v>${n}</v></c>`),
  fc.tuple(fc.constantFrom("0", "1", "2"), fc.constantFrom(...STYLES.slice(0, 3))).map(([i, s]) => (ref: string) => `<c r="${ref}"${s} t="s"><v>${i}</v></c>`),
  fc.constantFrom(...TEXTS.filter((t) => !t.includes("&#") && !t.includes("_x"))).map((text) => (ref: string) => `<c r="${ref}" t="str"><v>${text}</v></c>`),
  fc.constantFrom(...TEXTS).map((text) => (ref: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`),
);

const cellXml = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...NUMBERS), fc.constantFrom(...STYLES), fc.constantFrom("", ' t="n"', ' t=""')).map(([n, s, t]) => (ref: string) => `<c r="${ref}"${s}${t}><v>${n}</v></c>`) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...INDEXES), fc.constantFrom(...STYLES)).map(([i, s]) => (ref: string) => `<c r="${ref}"${s} t="s"><v>${i}</v></c>`) },
  { weight: 4, arbitrary: fc.constantFrom(...TEXTS).map((text) => (ref: string) => `<c r="${ref}" t="str"><v>${text}</v></c>`) },
  { weight: 3, arbitrary: fc.constantFrom(...TEXTS).map((text) => (ref: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      (ref: string) => `<c r="${ref}" t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>ri</t></r><r><t xml:space="preserve">ch </t></r></is></c>`,
      (ref: string) => `<c r="${ref}" t="b"><v>1</v></c>`,
      (ref: string) => `<c r="${ref}" t="e"><v>#DIV/0!</v></c>`,
      (ref: string) => `<c r="${ref}" t="d"><v>2019-01-01</v></c>`,
      (ref: string) => `<c r="${ref}"><f>1+1</f><v>2</v></c>`,
      (ref: string) => `<c r="${ref}" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>`,
      (ref: string) => `<c r="${ref}" s="1"/>`,
      (ref: string) => `<c r="${ref}" t="str"/>`,
      (ref: string) => `<c r="${ref}" t="s"/>`,
      (ref: string) => `<c r="${ref}"><v/></c>`,
      (ref: string) => `<c r="${ref}"><v></v></c>`,
      (ref: string) => `<c r="${ref}" t="str"><v></v></c>`,
      (ref: string) => `<c r="${ref}" T="s"><v>1</v></c>`,
      (ref: string) => `<c r="${ref}" x:t="s"><v>1</v></c>`,
      (ref: string) => `<c r="${ref}" t_x="s"><v>1</v></c>`,
      (ref: string) => `<c r="${ref}" cm="1" vm="1" ph="1"><v>4</v></c>`,
      (ref: string) => `<x:c r="${ref}"><x:v>5</x:v></x:c>`,
      (ref: string) => `<c\tr="${ref}"><v>6</v></c>`,
      (ref: string) => `<c r='${ref}' t='str'><v>single quotes</v></c>`,
      (ref: string) => `<c r="${ref}" ><v >7</v ></c>`,
      (ref: string) => `<c r="${ref}"><v>8</v><v>9</v></c>`,
      (ref: string) => `<c r="${ref}" t="inlineStr"><v>x</v><is><t>y</t></is></c>`,
      (ref: string) => `<c r="${ref}" t="inlineStr"/>`,
      (ref: string) => `<c r="${ref}" t="inlineStr"><is><t/></is></c>`,
      (ref: string) => `<c r="${ref}"><!-- note --><v>10</v></c>`,
      (ref: string) => `<c r="${ref}"><v><![CDATA[11]]></v></c>`,
      (ref: string) => `<c r="${ref}"><extLst/><v>12</v></c>`,
      (ref: string) => `<c r="${ref.toLowerCase()}"><v>13</v></c>`,
      (ref: string) => `<c><v>14</v></c>`,
      (ref: string) => `<c r="A1"><v>15</v></c>`,
      (ref: string) => `<c r="${ref}" t="str"><v>a > b</v></c>`,
      (ref: string) => `<c r="${ref}" s="1>"><v>16</v></c>`,
    ),
  },
);

const rowXml = (cell: fc.Arbitrary<(ref: string) => string>, odd: fc.Arbitrary<number>) => fc.tuple(fc.array(cell, { minLength: 0, maxLength: 6 }), fc.constantFrom("", ' spans="1:6"', ' x14ac:dyDescent="0.25"', ' ht="15" customHeight="1"'), odd).map(
  ([cells, attributes, odd]) =>
    (r: number) => {
      const content = cells.map((cell, c) => cell(`${XLSX.utils.encode_col(c * 2)}${r}`)).join(odd === 1 ? "\n  " : "");
      if (odd === 2) return `<row${attributes}>${content}</row>`;
      if (odd === 3) return `<row r="${r}" R="${r + 1}">${content}</row>`;
      if (odd === 4) return `<row r="${r}"/>`;
      if (odd === 5) return `<row r="${r}">${content}</row >`;
      if (odd === 6) return `<row r="${r}"${attributes}>${content}`;
      if (odd === 7) return `<x:row r="${r}">${content}</x:row>`;
      return `<row r="${r}"${attributes}>${content}</row>`;
    },
);

const AFTER = [
  "",
  '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>',
  '<mergeCells count="1"><mergeCell ref="A3:C4"/></mergeCells>',
  '<mergeCells count="1"><mergeCell ref="A3:C4" extra="1"/></mergeCells>',
  '<mergeCells><x:mergeCell ref="B2:B3"/></mergeCells>',
  '<hyperlinks><hyperlink ref="A1" r:id="rId9"/></hyperlinks>',
  '<hyperlinks><hyperlink ref="Z40" location="Instructions!A1"/></hyperlinks>',
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
  '<dataValidations count="1"><dataValidation type="list" sqref="C3:C9"><formula1>"GTQ,USD"</formula1></dataValidation></dataValidations>',
  '<sheetData><row r="9"><c r="A9"><v>1</v></c></row></sheetData>',
  '<legacyDrawing r:id="rId1"/>',
];
const BEFORE = [
  "",
  '<dimension ref="A1:S102"/>',
  '<dimension ref="A1"/>',
  '<dimension ref="A1:B60000"/>',
  '<dimension ref="A1:B50003"/>',
  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>',
  '<sheetPr codeName="Hoja2"/><dimension ref="C2:D9"/>',
];
const SST = [
  undefined,
  null,
  `<?xml version="1.0"?><sst xmlns="${MAIN}" count="3" uniqueCount="3"><si><t xml:space="preserve"> zero </t></si><si><r><rPr><b/><rFont val="Calibri"/></rPr><t>o</t></r><r><t>ne</t></r></si><si><t>two</t><rPh sb="0" eb="1"><t>ツー</t></rPh><phoneticPr fontId="1"/></si></sst>`,
  `<sst xmlns="${MAIN}"><si><t>&amp;lt;x&gt; &#233; _x000D_ a\r\nb</t></si><si><t>caf\u00e9</t></si></sst>`,
  `<sst xmlns="${MAIN}"><si><t>a</t></si><si/></sst>`,
  `<sst xmlns="${MAIN}"><si foo="1"><t>a</t></si></sst>`,
  `<x:sst xmlns:x="${MAIN}"><x:si><x:t>prefixed</x:t></x:si></x:sst>`,
  `<sst xmlns="${MAIN}"><si><r><t>&am</t></r><r><t>p;</t></r></si></sst>`,
  `<sst xmlns="${MAIN}"><si><t>a</t><r><t>b</t></r></si></sst>`,
  `<sst xmlns="${MAIN}"><!-- c --><si><t>a</t></si></sst>`,
];
const STYLE_PARTS = [
  undefined,
  null,
  `<styleSheet xmlns="${MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22"/></cellXfs></styleSheet>`,
  `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="14" formatCode="0.00"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`,
  `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="500" formatCode="d/m/yy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="500"/><xf numFmtId="44"/></cellXfs></styleSheet>`,
];

const oddBook = fc.record({
  rows: fc.array(fc.tuple(rowXml(cellXml, fc.nat(30)), fc.constantFrom(1, 2, 3, 4, 5, 7, 50_001, 50_002, 50_003, 60_000)), { minLength: 0, maxLength: 8 }),
  before: fc.constantFrom(...BEFORE),
  after: fc.constantFrom(...AFTER),
  sst: fc.constantFrom(...SST),
  styles: fc.constantFrom(...STYLE_PARTS),
  space: fc.constantFrom("", "\n", "\r\n  "),
});
/** Sheets as Excel, LibreOffice and SheetJS write them, with only now and then something odd. */
const plainBook = fc.record({
  rows: fc.array(fc.tuple(rowXml(fc.oneof({ weight: 30, arbitrary: plainCellXml }, { weight: 1, arbitrary: cellXml }), fc.constantFrom(0, 0, 0, 0, 1, 4)), fc.constantFrom(1, 2, 3, 50_002)), { minLength: 1, maxLength: 8 }),
  before: fc.constantFrom(...BEFORE.filter((b) => !b.includes("0000") && !b.includes("50003"))),
  after: fc.constantFrom(...AFTER.slice(0, 3), AFTER[7]!, AFTER[8]!),
  sst: fc.constantFrom(SST[0], SST[2], SST[3]),
  styles: fc.constantFrom(...STYLE_PARTS),
  space: fc.constantFrom("", "\n", "\r\n  "),
});
const bookXml = fc.oneof(oddBook, plainBook);

describe("the plain-xlsx reader", () => {
  // 600 generated workbooks, each read twice: about 20 s on a loaded 2-core machine, so a wider limit than the default 30 s.
  it("reads every generated sheet as SheetJS does, or steps aside", { timeout: 120_000 }, () => {
    let plain = 0;
    let runs = 0;
    fc.assert(
      fc.property(bookXml, (book) => {
        // Rows in the order given, each numbered by its place unless a big number was drawn.
        const sheetData = book.rows.map(([row, big], i) => row(big > 10 ? big : i + big)).join(book.space);
        const bytes = workbook({ sheetData, before: book.before, after: book.after, sst: book.sst, styles: book.styles });
        runs++;
        if (sameReading(bytes) === "plain") plain++;
      }),
      { numRuns: 600, seed: 20261201 },
    );
    // Most generated sheets hold something odd; the plain ones must still be read here.
    expect(plain / runs).toBeGreaterThan(0.3);
  });

  it("reads plain sheets itself: shared, inline and formula strings, numbers in every format, merges and the declared size", () => {
    const sheetData = [
      `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>`,
      `<row r="3" spans="1:4"><c r="A3" s="1"><v>43101</v></c><c r="B3" s="2"><v>43102</v></c><c r="C3" s="3"><v>1250.5</v></c><c r="D3"><v>-7</v></c></row>`,
      `<row r="4"><c r="A4" t="str"><v>{&quot;tag&quot;:&quot;x&quot;} &amp;lt;</v></c><c r="C4" t="inlineStr"><is><r><t>in</t></r><r><rPr><i/></rPr><t>line</t></r></is></c></row>`,
    ].join("");
    const bytes = workbook({
      sheetData,
      before: '<dimension ref="A1:D4"/>',
      after: '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>',
      sst: SST[2],
    });
    expect(sameReading(bytes)).toBe("plain");
    const grid = readSpreadsheet(bytes, "returned.xlsx", { sheets: ["Actions"] }).sheets[0]!;
    expect([grid.cell(0, 0)?.v, grid.cell(0, 1)?.v, grid.cell(0, 2)?.v, grid.cell(0, 3)?.v]).toEqual([" zero ", "one", "two", ""]);
    expect([grid.cell(2, 0)?.z, grid.cell(2, 1)?.z, grid.cell(2, 2)?.z, grid.cell(2, 3)?.z]).toEqual(["m/d/yy", "yyyy\\-mm\\-dd", "#,##0.00", "General"]);
    expect([grid.cell(3, 0)?.v, grid.cell(3, 2)?.v]).toEqual(['{"tag":"x"} <', "inline"]);
    expect(grid.merges).toEqual([{ s: { r: 0, c: 0 }, e: { r: 0, c: 1 } }]);
  });

  it("leaves to SheetJS what only SheetJS reads its way, with the same refusal", () => {
    const cases: Book[] = [
      { sheetData: `<row r="2"><c r="A2"><f>1/0</f><v>#DIV/0!</v></c></row>` },
      { sheetData: `<row r="2"><c r="A2" t="e"><v>#N/A</v></c></row>` },
      { sheetData: `<row r="2"><c r="A2" t="s"><v>7</v></c></row>` },
      { sheetData: `<row r="60000"><c r="A60000"><v>1</v></c></row>` },
      { sheetData: `<row r="2"><c r="A2"><v>1</v></c></row>`, before: '<dimension ref="A1:A90000"/>' },
      { sheetData: `<row r="2"><c r="A2"><v>1</v></c></row>`, after: '<hyperlinks><hyperlink ref="A2" location="A1"/></hyperlinks>' },
    ];
    for (const book of cases) {
      const bytes = workbook(book);
      expect(sameReading(bytes), JSON.stringify(book)).not.toBe("plain");
    }
  });

  it("reads the workbooks Matriz exports, and those SheetJS and a ministry's edit write back, itself and as SheetJS does", async () => {
    const { store, dir } = financePlan();
    for (const language of ["es", "en"] as const) {
      const exported = path.join(dir, `dgm-${language}.xlsx`);
      await exportFinanceWorkbook(store.db, exported, { institution: "DGM/IGM", language });
      const edited = path.join(dir, `edited-${language}.xlsx`);
      await editWorkbook(exported, edited, [{ action: "act-1", key: "amount:2019", value: 140_000 }]);
      const rewritten = XLSX.write(XLSX.read(fs.readFileSync(edited)), { type: "buffer", bookType: "xlsx" }) as Buffer;
      for (const bytes of [fs.readFileSync(exported), fs.readFileSync(edited), rewritten]) expect(sameReading(bytes)).toBe("plain");
    }
    // The exported workbook with each of its parts damaged in turn: same reading or same refusal.
    const exported = fs.readFileSync(path.join(dir, "dgm-en.xlsx"));
    const parts = zipParts(exported);
    for (const [index, part] of parts.entries()) {
      const xml = partContent(part).toString("utf8");
      for (const damage of [(x: string) => x.slice(0, Math.floor(x.length / 2)), (x: string) => x.replace(/<\/row>/, ""), (x: string) => x.replace(/"/g, "'"), (x: string) => x.replace(/<c /g, "<x:c ")]) {
        const bytes = buildZip(parts.map((p, i) => (i === index ? deflatedPart(p.name, damage(xml)) : p)));
        sameReading(bytes);
      }
    }
  });

  it("reads shared strings and cells as SheetJS means them, odd escapes included", () => {
    expect(readSharedStrings(Buffer.from(`<sst><si><t>&amp;lt; &AMP; &#X41; _x0041_ a\r\nb</t></si></sst>`))).toEqual(["&lt; \u0000 ) A a\nb", ""]);
    expect(readSharedStrings(Buffer.from(`<sst><si><t>a</t></si><!-- --></sst>`))).toBeNull();
    const cells = readSheetData(`<row r="1"><c r="A1" t="str"><v>&amp;lt;</v></c><c r="B1"><v> 12</v></c></row>`, 100);
    expect(cells?.rows[0]).toEqual([{ t: "s", v: "<" }, { t: "n", v: 12 }]);
    expect(readSheetData(`<row r="1"><c r="A1" t="str"><v>&#233;</v></c></row>`, 100)).toBeNull();
    expect(readSheetData(`<row r="101"><c r="A101"><v>1</v></c></row>`, 100)).toBeNull();
  });
});

describe("the plain-xlsx reader on hostile markup", () => {
  const attributes = (count: number) => Array.from({ length: count }, (_, i) => ` a${i}=""`).join("");

  it("steps aside at a tag with more attributes than Excel writes, so a tag of thousands costs no more than one of 33", () => {
    // 32 attributes at most (r and 31 others here); the 33rd is not read one by one against all before it.
    expect(readSheetData(`<row r="1"${attributes(31)}><c r="A1"><v>1</v></c></row>`, 100)?.rows[0]).toEqual([{ t: "n", v: 1 }]);
    expect(readSheetData(`<row r="1"${attributes(32)}><c r="A1"><v>1</v></c></row>`, 100)).toBeNull();
    expect(readSheetData(`<row r="1"><c r="A1"${attributes(40)}><v>1</v></c></row>`, 100)).toBeNull();
    expect(readSharedStrings(Buffer.from(`<sst${attributes(40)}><si><t>a</t></si></sst>`))).toBeNull();
    // The reviewer's file: one row tag of 160,000 attributes (a 361 KB zip) took the old check 26 s.
    const bytes = workbook({ sheetData: `<row r="1"${attributes(160_000)}><c r="A1"><v>1</v></c></row>` });
    expect(sameReading(bytes)).toBe("sheetjs");
  });

  it("reads only the run properties Excel writes inside <rPr>, each empty: any other element there is SheetJS's to read", () => {
    const properties = `<b/><i/><u val="single"/><strike/><sz val="11"/><color rgb="FFFF0000"/><rFont val="Calibri"/><family val="2"/><charset val="1"/><scheme val="minor"/><vertAlign val="superscript"/><outline/><shadow/><condense/><extend/>`;
    expect(readSharedStrings(Buffer.from(`<sst><si><r><rPr>${properties}</rPr><t>ri</t></r><r><rPr/><t>ch</t></r></si></sst>`))).toEqual(["rich", ""]);
    // SheetJS's patterns see these wherever they are: a shared string more, a formula, an error cell, a row.
    for (const inside of ["<sstItem></sstItem>", "<si><t>x</t></si>", "<f>1</f>", '<c r="B1" t="e"/>', '<row r="7"></row>', "<b></b>", "<b><i/></b>", "<t>x</t>", "<a/>"]) {
      expect(readSharedStrings(Buffer.from(`<sst><si><r><rPr>${inside}</rPr><t>x</t></r></si></sst>`)), inside).toBeNull();
      expect(readSheetData(`<row r="1"><c r="A1" t="inlineStr"><is><r><rPr>${inside}</rPr><t>x</t></r></is></c></row>`, 100), inside).toBeNull();
    }
    // The reviewer's files: each read differently by the two readers before.
    const cells = (rPr: string) => `<row r="1"><c r="A1" t="inlineStr"><is><r><rPr>${rPr}</rPr><t>x</t></r></is></c></row>`;
    const books: Book[] = [
      { sheetData: `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>`, sst: `<sst xmlns="${MAIN}"><si><r><rPr><sstItem></sstItem></rPr><t>first</t></r></si><si><t>second</t></si><si><t>third</t></si></sst>` },
      { sheetData: cells("<f></f>") },
      { sheetData: cells('<c r="B1"/>') },
      { sheetData: cells('<c r="B9" t="str"></c>') },
      { sheetData: cells('<c r="B1" t="e"/>') },
      { sheetData: cells('<row r="7"></row>') },
    ];
    for (const book of books) expect(sameReading(workbook(book)), book.sheetData).not.toBe("plain");
  });

  it("steps aside at an attribute name beyond ASCII letters, digits and _:.- (SheetJS takes byte A0 for a space)", () => {
    for (const name of ["x\u00e0t", "x\u00a0t", "x\u00e0r", "\u00e9"]) {
      expect(readSheetData(`<row r="1"><c r="A1" ${name}="s"><v>1</v></c></row>`, 100), name).toBeNull();
      expect(readSheetData(`<row r="1" ${name}="9"><c r="A1"><v>1</v></c></row>`, 100), name).toBeNull();
    }
    expect(readSharedStrings(Buffer.from(`<sst><si><t x\u00e0y="1">a</t></si></sst>`))).toBeNull();
    expect(readSheetData(`<row r="1" x14ac:dyDescent="0.25" a.b-c_d="1"><c r="A1"><v>1</v></c></row>`, 100)?.rows[0]).toEqual([{ t: "n", v: 1 }]);
    const books: Book[] = [
      { sheetData: `<row r="1"><c r="A1" x\u00a0t="e"><v>#N/A</v></c></row>` },
      { sheetData: `<row r="1"><c r="A1" x\u00e0t="s"><v>1</v></c></row>` },
      { sheetData: `<row r="1"><c r="A1" x\u00e0r="C9"><v>5</v></c></row>` },
      { sheetData: `<row r="1" x\u00e0r="90000"><c r="A1"><v>5</v></c></row>` },
    ];
    for (const book of books) expect(sameReading(workbook(book)), book.sheetData).not.toBe("plain");
  });

  it("steps aside at deep nesting inside <rPr> without running out of stack", () => {
    const depth = 100_000;
    const sheetData = `<row r="1"><c r="A1" t="inlineStr"><is><r><rPr>${"<a>".repeat(depth)}${"</a>".repeat(depth)}</rPr><t>x</t></r></is></c></row>`;
    expect(readSheetData(sheetData, 100)).toBeNull();
    expect(readSharedStrings(Buffer.from(`<sst><si><r><rPr>${"<b>".repeat(depth)}${"</b>".repeat(depth)}</rPr><t>x</t></r></si></sst>`))).toBeNull();
  });
});
