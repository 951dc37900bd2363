/**
 * The grid's keyboard while no cell is being edited, Excel style. Copy and paste
 * are not here: they come as the DOM's copy/paste events (see useClipboard), which
 * work without clipboard permissions.
 */
import type { KeyboardEvent } from "react";
import * as cmd from "./commands";
import { cellId } from "./GridRow";
import { useEditor } from "./editor-state";

/** Shortcuts that work anywhere in the editor, even from the filter bar or a toolbar button. */
export function globalShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }): (() => void) | null {
  const ctrl = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === "F5") return cmd.toggleProjector;
  if (!ctrl) return null;
  if (key === "f") return cmd.focusFilter;
  if (key === "+" || key === "=") return () => cmd.zoom(1);
  if (key === "-") return () => cmd.zoom(-1);
  if (key === "0") return () => cmd.zoom(0);
  return null;
}

function gridShortcut(event: KeyboardEvent): (() => void) | null {
  const ctrl = event.ctrlKey || event.metaKey;
  const { shiftKey: shift, altKey: alt } = event;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (ctrl && alt && key === "Enter") return cmd.insertNeed;
  if (ctrl && key === "Enter") return () => cmd.insertAction(shift ? "above" : "below");
  if (alt && !ctrl && (key === "ArrowUp" || key === "ArrowDown")) return () => void cmd.moveRow(key === "ArrowUp" ? "up" : "down");
  if (ctrl && key === "z") return shift ? cmd.redo : cmd.undo;
  if (ctrl && key === "y") return cmd.redo;
  if (ctrl && key === "Delete") return () => void cmd.askDelete();
  if (ctrl && !shift && key === "m") return cmd.openMoveTo;
  if (ctrl && key === "b") return cmd.openBudget;
  if (ctrl && !shift && key === "i") return cmd.openDetails;
  if (ctrl && shift && key === "k") return cmd.openColumns;
  if (ctrl && shift && key === "m") return cmd.openMonitoring;
  if (ctrl && shift && key === "h") return cmd.toggleHistory;
  if (ctrl && key === "Home") return () => cmd.moveHome(true);
  if (ctrl && key === "End") return () => cmd.moveEnd(true);
  if (ctrl || alt) return null;
  switch (key) {
    case "ArrowDown":
      return () => cmd.moveCursor(1, 0, shift);
    case "ArrowUp":
      return () => cmd.moveCursor(-1, 0, shift);
    case "ArrowRight":
      return () => cmd.moveCursor(0, 1, shift);
    case "ArrowLeft":
      return () => cmd.moveCursor(0, -1, shift);
    case "PageDown":
      return () => cmd.pageMove(1, shift);
    case "PageUp":
      return () => cmd.pageMove(-1, shift);
    case "Home":
      return () => cmd.moveHome(false);
    case "End":
      return () => cmd.moveEnd(false);
    case "Enter":
    case "F2":
      return () => cmd.startEdit(null);
    case "Delete":
    case "Backspace":
      return cmd.clearSelection;
    case "Escape":
      return () => useEditor.setState({ anchor: null });
    case "ContextMenu":
      return openMenuAtCursor;
    case "F10":
      return shift ? openMenuAtCursor : null;
  }
  // A printable character starts editing and becomes the cell's first character.
  if (event.key.length === 1 && event.key !== " ") return () => cmd.startEdit(event.key);
  if (event.key === " " && !shift) return () => cmd.startEdit(" ");
  return null;
}

function openMenuAtCursor(): void {
  const grid = document.getElementById(cmd.GRID_ID);
  const active = grid?.getAttribute("aria-activedescendant");
  const rect = (active ? document.getElementById(active) : grid)?.getBoundingClientRect();
  cmd.openMenu(rect ? rect.left + 16 : 40, rect ? rect.top + Math.min(rect.height, 28) : 40);
}

export function onGridKeyDown(event: KeyboardEvent<HTMLElement>): void {
  // Keys typed inside a cell editor belong to the editor.
  if (event.target !== event.currentTarget) return;
  if (event.key === "Tab") {
    // Tab walks along the row; past its last cell (or before its first) it leaves the
    // matrix as Tab leaves any control, so the keyboard is never trapped in the grid.
    if (!cmd.tabMove(event.shiftKey)) return;
    event.preventDefault();
    return;
  }
  const run = gridShortcut(event);
  if (!run) return;
  event.preventDefault();
  run();
}

export { cellId };
