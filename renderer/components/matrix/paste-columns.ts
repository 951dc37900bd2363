/** Which grid columns a pasted block can write, in the words of edit.paste. */
import type { Input } from "../../../src/api/contract";
import type { MatrixColumn } from "./model";

export type PasteColumn = Input<"edit.paste">["columns"][number];

export function pasteColumn(column: MatrixColumn): PasteColumn {
  // Status words in Spanish or English (or the stored codes); the core refuses any other.
  if (column.kind === "status") return "status";
  // The plan's own columns: the core reads each cell as if typed there and refuses the paste when one does not fit.
  if (column.kind === "custom") return `custom:${column.key}`;
  switch (column.key) {
    case "need":
    case "action":
    case "institutions":
    case "schedule":
    case "commitments":
      return column.key;
    default:
      return "ignore";
  }
}
