/**
 * A sheet that is one table: a title row, a header row repeated on every printed
 * page, then rows of text, counts, money and percentages, written as they come
 * (exceljs's streaming writer). The monitoring reports are made of these.
 */
import type ExcelJS from "exceljs";
import { boldFont, printSettings, setMoney, setText, sharedStyle, styleHeader, wrappedRowHeight } from "./workbook-style";

export type CellValue = { text: string | null | undefined } | { count: number | null | undefined } | { money: number | null | undefined } | { percent: number | null | undefined } | { number: number | null | undefined };

export interface TableColumn {
  header: string;
  width: number;
}

const WRAPPED = sharedStyle({ alignment: { vertical: "top", wrapText: true } });
const TOTAL = sharedStyle({ alignment: { vertical: "top", wrapText: true }, font: boldFont() });
const FORMATS = { count: "#,##0", percent: '0.0" %"', number: "#,##0.##" } as const;
/** One frozen style per look and number format, so exceljs writes each once however many cells share it. */
const NUMERIC = {
  plain: { count: sharedStyle({ ...WRAPPED, numFmt: FORMATS.count }), percent: sharedStyle({ ...WRAPPED, numFmt: FORMATS.percent }), number: sharedStyle({ ...WRAPPED, numFmt: FORMATS.number }) },
  total: { count: sharedStyle({ ...TOTAL, numFmt: FORMATS.count }), percent: sharedStyle({ ...TOTAL, numFmt: FORMATS.percent }), number: sharedStyle({ ...TOTAL, numFmt: FORMATS.number }) },
};

export interface TableSheet {
  row(cells: CellValue[], options?: { total?: boolean }): void;
  /** A line of text across the table (a note under the title, an empty line). */
  line(text: string, options?: { bold?: boolean }): void;
  done(): void;
}

export function tableSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, title: string, columns: TableColumn[], paper?: "A4" | "Letter", notes: string[] = []): TableSheet {
  const headerRow = 2 + notes.length;
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: headerRow }], ...printSettings(`${headerRow}:${headerRow}`, paper) });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const titleRow = sheet.addRow([]);
  setText(titleRow.getCell(1), title);
  titleRow.getCell(1).font = boldFont({ size: 13 });
  for (const note of notes) setText(sheet.addRow([]).getCell(1), note);
  styleHeader(sheet.addRow(columns.map((c) => c.header)));
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
  return {
    row(cells, options = {}) {
      const row = sheet.addRow([]);
      const style = options.total ? TOTAL : WRAPPED;
      const wrapped: Array<[string, number]> = [];
      cells.forEach((value, i) => {
        const cell = row.getCell(i + 1);
        if ("text" in value) {
          setText(cell, value.text, style);
          wrapped.push([value.text ?? "", columns[i]?.width ?? 10]);
        } else if ("money" in value) setMoney(cell, value.money, style);
        else {
          const kind = "count" in value ? "count" : "percent" in value ? "percent" : "number";
          const number = "count" in value ? value.count : "percent" in value ? value.percent : value.number;
          cell.style = NUMERIC[options.total ? "total" : "plain"][kind] as ExcelJS.Style;
          if (number !== null && number !== undefined) cell.value = number;
        }
      });
      row.height = wrappedRowHeight(wrapped);
      row.commit();
    },
    line(text, options = {}) {
      const row = sheet.addRow([]);
      setText(row.getCell(1), text);
      if (options.bold) row.getCell(1).font = boldFont();
      row.commit();
    },
    done() {
      sheet.commit();
    },
  };
}
