/**
 * The matrix's cell cursor, spreadsheet style: the table keeps focus and points
 * at the current cell with aria-activedescendant. The column the user was in is
 * remembered while the cursor crosses one-cell group rows, as in a spreadsheet.
 * The cell editor will hang off this cursor (Enter/F2 to edit the current cell).
 */
import { useCallback, useState, type KeyboardEvent } from "react";

export interface CellPosition {
  row: number;
  col: number;
}

const PAGE = 10;

export function useCellCursor(cellsPerRow: readonly number[]) {
  const [wanted, setWanted] = useState<CellPosition>({ row: 0, col: 0 });
  const lastRow = Math.max(0, cellsPerRow.length - 1);
  const row = Math.min(wanted.row, lastRow);
  const widthOf = (r: number) => Math.max(1, cellsPerRow[r] ?? 1);
  const cursor: CellPosition = { row, col: Math.min(wanted.col, widthOf(row) - 1) };

  const moveTo = useCallback((position: CellPosition) => setWanted(position), []);

  const onKeyDown = (event: KeyboardEvent) => {
    const rowEnd = widthOf(row) - 1;
    let next: CellPosition | null = null;
    switch (event.key) {
      case "ArrowDown":
        next = { row: Math.min(lastRow, row + 1), col: wanted.col };
        break;
      case "ArrowUp":
        next = { row: Math.max(0, row - 1), col: wanted.col };
        break;
      case "ArrowRight":
        next = { row, col: Math.min(rowEnd, cursor.col + 1) };
        break;
      case "ArrowLeft":
        next = { row, col: Math.max(0, cursor.col - 1) };
        break;
      case "PageDown":
        next = { row: Math.min(lastRow, row + PAGE), col: wanted.col };
        break;
      case "PageUp":
        next = { row: Math.max(0, row - PAGE), col: wanted.col };
        break;
      case "Home":
        next = event.ctrlKey || event.metaKey ? { row: 0, col: 0 } : { row, col: 0 };
        break;
      case "End":
        next = event.ctrlKey || event.metaKey ? { row: lastRow, col: widthOf(lastRow) - 1 } : { row, col: rowEnd };
        break;
    }
    if (next) {
      event.preventDefault();
      setWanted(next);
    }
  };

  return { cursor, moveTo, onKeyDown };
}
