/**
 * The matrix editor: filter bar, toolbar, the grid with its optional history
 * panel, the dialogs, and the clipboard and window-wide shortcuts.
 */
import { useEffect, useMemo, useRef } from "react";
import type { EditorCommand } from "../../../src/api/contract";
import type { GridDocument as PlanDocument } from "../../../src/domain/grid";
import type { MessageKey } from "../../../src/i18n";
import { formatAmount, formatYears } from "../../format";
import { useLanguage, useNumberLocale, useT } from "../../i18n";
import { onEditorCommand, useBudgetLines, useMatriz } from "../../store";
import * as cmd from "../matrix/commands";
import { resolveCursor, resetEditor, useEditor } from "../matrix/editor-state";
import { globalShortcut } from "../matrix/keys";
import { gridModel } from "../matrix/model";
import { MatrixGrid } from "../matrix/MatrixGrid";
import { MonitoringPanel } from "../monitoring/MonitoringPanel";
import { BudgetPanel } from "./BudgetPanel";
import { ColumnsDialog } from "./ColumnsDialog";
import { RowDetailsDialog } from "./RowDetailsDialog";
import { ContextMenu } from "./ContextMenu";
import { DeleteDialog } from "./DeleteDialog";
import { EditorNotice } from "./EditorNotice";
import { FilterBar } from "./FilterBar";
import { HistoryPanel } from "./HistoryPanel";
import { MoveToDialog } from "./MoveToDialog";
import { ProjectorBar } from "./ProjectorBar";
import { StartHint } from "./StartHint";
import { Toolbar } from "./Toolbar";

function countActions(doc: PlanDocument): number {
  return doc.pillars.reduce((n, p) => n + p.needs.reduce((m, need) => m + need.actions.length, 0), 0);
}

/** Plain text for a cell, as copied to the clipboard; "*" marks the lead, as paste reads it back. */
function useCellText(): cmd.CellText {
  const t = useT();
  const language = useLanguage();
  const locale = useNumberLocale();
  return useMemo<cmd.CellText>(
    () => (row, column) => {
      const a = row.action;
      // Copying a block first fetched the lines of its rows (see MatrixGrid).
      const lines = useBudgetLines.getState().lines.get(a.id!) ?? [];
      if (column.kind === "custom") return a.custom?.[column.key] ?? "";
      if (column.kind === "status") return t(`ui.status.${a.status ?? "planned"}` as MessageKey);
      switch (column.key) {
        case "need":
          return row.need.title;
        case "action":
          return a.text;
        case "institutions":
          return a.institutions.map((i) => (i === a.lead ? `*${i}` : i)).join(", ");
        case "schedule":
          return a.schedule ?? (a.schedule_years?.length ? formatYears(a.schedule_years, language) : "");
        case "commitments":
          return a.commitments.join("; ");
        case "budget":
          return lines.map((l) => (l.amount === null ? "" : formatAmount(l.amount, locale))).join("\n");
        case "currency":
          return lines.map((l) => l.currency).join("\n");
        case "funding_source":
          return lines.map((l) => (l.funding_source ? t(`ui.funding.${l.funding_source}` as MessageKey) : "")).join("\n");
        case "pei":
          return lines.map((l) => l.pei ?? "").join("\n");
        case "poa":
          return lines.map((l) => l.poa ?? "").join("\n");
      }
    },
    [t, language, locale],
  );
}

function useClipboard(cellText: cmd.CellText) {
  useEffect(() => {
    const gridHasFocus = () => document.activeElement?.id === cmd.GRID_ID;
    const onCopy = (event: ClipboardEvent) => {
      if (!gridHasFocus()) return;
      const text = cmd.copySelection(cellText);
      if (!text) return;
      event.clipboardData?.setData("text/plain", text);
      event.preventDefault();
    };
    const onCut = (event: ClipboardEvent) => {
      if (!gridHasFocus()) return;
      onCopy(event);
      cmd.clearSelection();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (!gridHasFocus()) return;
      const text = event.clipboardData?.getData("text/plain");
      if (!text) return;
      event.preventDefault();
      cmd.pasteText(text);
    };
    document.addEventListener("copy", onCopy);
    document.addEventListener("cut", onCut);
    document.addEventListener("paste", onPaste);
    return () => {
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("cut", onCut);
      document.removeEventListener("paste", onPaste);
    };
  }, [cellText]);
}

const MENU_COMMANDS: Record<EditorCommand, () => void> = {
  undo: cmd.undo,
  redo: cmd.redo,
  find: cmd.focusFilter,
  projector: cmd.toggleProjector,
  insertAction: () => cmd.insertAction("below"),
  insertNeed: cmd.insertNeed,
  deleteRow: () => void cmd.askDelete(),
  details: cmd.openDetails,
  columns: cmd.openColumns,
  monitoring: cmd.openMonitoring,
  history: cmd.toggleHistory,
};

function useShortcuts() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (useEditor.getState().dialog) return;
      const run = globalShortcut(event);
      if (!run) return;
      event.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKeyDown);
    const unsubscribe = onEditorCommand((command) => MENU_COMMANDS[command]());
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      unsubscribe();
    };
  }, []);
}

function Dialogs() {
  const dialog = useEditor((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.type) {
    case "delete":
      return <DeleteDialog preview={dialog.preview} />;
    case "moveTo":
      return <MoveToDialog kind={dialog.kind} id={dialog.id} title={dialog.title} />;
    case "budget":
      return <BudgetPanel actionId={dialog.actionId} />;
    case "monitoring":
      return <MonitoringPanel kind={dialog.kind} id={dialog.id} />;
    case "menu":
      return <ContextMenu x={dialog.x} y={dialog.y} />;
    case "details":
      return <RowDetailsDialog kind={dialog.kind} id={dialog.id} />;
    case "columns":
      return <ColumnsDialog />;
  }
}

export function MatrixEditor({ document: doc, planPath }: { document: PlanDocument; planPath: string }) {
  const t = useT();
  const filter = useEditor((s) => s.filter);
  const draft = useEditor((s) => s.draft);
  const projector = useEditor((s) => s.projector);
  const findOpen = useEditor((s) => s.findOpen);
  const historyOpen = useEditor((s) => s.historyOpen);
  // A read-only plan's hint names only the keys that read.
  const readOnly = useMatriz((s) => s.plan?.readOnly ?? false);
  const hintKey = readOnly ? "ui.matrix.keyboardHintReadOnly" : "ui.matrix.keyboardHint";
  const cursor = useEditor((s) => s.cursor);
  const model = gridModel(doc, filter, draft);
  const total = useMemo(() => countActions(doc), [doc]);
  const shown = useMemo(() => model.rows.filter((r) => r.kind === "action").length, [model]);
  const cellText = useCellText();
  useClipboard(cellText);
  useShortcuts();
  // A plan just opened: the keyboard goes straight to the matrix.
  useEffect(() => {
    cmd.focusGrid();
    return resetEditor;
  }, [planPath]);
  useEffect(() => {
    document.documentElement.classList.toggle("projector", projector);
  }, [projector]);
  // Leaving the plan (closed from the menu, say) leaves projector mode's type size behind too.
  useEffect(() => () => document.documentElement.classList.remove("projector"), []);
  // A new filter shows its first match under the cursor.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    cmd.cursorToFirstMatch();
  }, [filter]);
  const historyRow = historyOpen ? model.rows[resolveCursor(model, cursor).row] : undefined;

  return (
    <div className="matrix-editor">
      {projector ? <ProjectorBar shown={shown} total={total} /> : null}
      {!projector || findOpen ? (
        <div className="editor-bars">
          <FilterBar doc={doc} shown={shown} total={total} />
          {projector ? null : <Toolbar />}
        </div>
      ) : null}
      {total === 0 && !model.filtered && !readOnly ? <StartHint doc={doc} /> : null}
      <div className="editor-body">
        <MatrixGrid model={model} />
        {historyOpen ? <HistoryPanel row={historyRow} /> : null}
      </div>
      {/* The hint stays in the document (the grid points at it) but not on the projector's screen. */}
      <div className="editor-foot" hidden={projector}>
        <p className="keyboard-hint" id="matrix-keys-hint" title={t(hintKey)}>
          {t(hintKey)}
        </p>
        {projector ? null : <EditorNotice />}
      </div>
      <Dialogs />
    </div>
  );
}
