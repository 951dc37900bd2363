/**
 * A returned file read twice, by Matriz's plain-xlsx reader where it can and by
 * SheetJS alone: the two readings must be the same for the import, cell for cell.
 */
import { expect } from "vitest";
import { isMatrizError } from "../../src/domain/errors";
import { readSpreadsheet, type ReadWorkbook } from "../../src/spreadsheet/read";

/** What a reading gives the import: each sheet's cells (type, value, formula, a number's format), merges and size; or the refusal. */
function reading(bytes: Buffer, sheets: readonly string[], sheetjsOnly: boolean): { by?: ReadWorkbook["cells"]; result: unknown } {
  try {
    const book = readSpreadsheet(bytes, "returned.xlsx", { sheets, sheetjsOnly });
    const grids = book.sheets.map((grid) => ({
      name: grid.name,
      rows: grid.rows,
      cols: grid.cols,
      merges: grid.merges,
      cells: Array.from({ length: grid.rows }, (_, r) =>
        Array.from(grid.row(r) ?? [], (cell) => {
          if (!cell) return null;
          const value = typeof cell.v === "number" && Number.isNaN(cell.v) ? "NaN" : cell.v;
          return [cell.t, value, cell.f ?? null, cell.t === "n" ? (cell.z ?? null) : null, cell.t === "e" ? (cell.w ?? null) : null];
        }),
      ),
    }));
    return { by: book.cells, result: { sheets: grids, partial: book.partial, notices: book.notices } };
  } catch (error) {
    return { result: isMatrizError(error) ? { code: error.code, params: error.params } : { thrown: String(error) } };
  }
}

/** Who read the cells ("refused" when the file was), after checking both readings agree; the finance import's sheets by default. */
export function sameReading(bytes: Buffer, sheets: readonly string[] = ["Actions", "Acciones"]): ReadWorkbook["cells"] | "refused" {
  const plain = reading(bytes, sheets, false);
  const sheetjs = reading(bytes, sheets, true);
  expect(plain.result).toEqual(sheetjs.result);
  return plain.by ?? "refused";
}

