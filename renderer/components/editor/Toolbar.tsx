/** The editor's toolbar: the grid commands by mouse, each naming its shortcut. */
import type { MessageKey } from "../../../src/i18n";
import { useT } from "../../i18n";
import * as cmd from "../matrix/commands";
import { useEditor } from "../matrix/editor-state";
import { useMatriz } from "../../store";

/** `compact`: in a narrow window only the icon shows (the name stays for screen readers and in the tooltip). */
function ToolButton(props: { label: MessageKey; keys: string; run: () => void; pressed?: boolean; icon?: string; keepFocus?: boolean; iconOnly?: boolean; compact?: boolean }) {
  const t = useT();
  return (
    <button
      type="button"
      className={props.compact ? "tool-button tool-button--compact" : "tool-button"}
      title={`${t(props.label)} (${props.keys})`}
      aria-label={props.iconOnly ? t(props.label) : undefined}
      aria-keyshortcuts={props.keys.replace(/\s/g, "")}
      aria-pressed={props.pressed}
      // The grid keeps focus on a mouse click, so the cursor stays where it was.
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => {
        props.run();
        if (!props.keepFocus) cmd.focusGrid();
      }}
    >
      {props.icon ? (
        <span className="tool-icon" aria-hidden="true">
          {props.icon}
        </span>
      ) : null}
      {props.iconOnly ? null : <span className="tool-label">{t(props.label)}</span>}
    </button>
  );
}

export function Toolbar() {
  const t = useT();
  const projector = useEditor((s) => s.projector);
  const historyOpen = useEditor((s) => s.historyOpen);
  const zoom = useEditor((s) => s.zoom);
  // A read-only plan offers what reads: history, projector, zoom (printing and exports stay in their places).
  const readOnly = useMatriz((s) => s.plan?.readOnly ?? false);
  return (
    <div className="toolbar" role="toolbar" aria-label={t("ui.toolbar")} data-region="toolbar">
      {readOnly ? null : (
        <>
          <div className="tool-group">
            <ToolButton label="ui.command.insertBelow" keys="Ctrl+Enter" icon="+" run={() => cmd.insertAction("below")} keepFocus />
            <ToolButton label="ui.command.insertNeed" keys="Ctrl+Alt+Enter" icon="⊕" run={cmd.insertNeed} keepFocus />
          </div>
          <div className="tool-group">
            <ToolButton label="ui.command.moveUp" keys="Alt+ArrowUp" icon="↑" run={() => void cmd.moveRow("up")} compact />
            <ToolButton label="ui.command.moveDown" keys="Alt+ArrowDown" icon="↓" run={() => void cmd.moveRow("down")} compact />
            <ToolButton label="ui.command.moveTo" keys="Ctrl+M" icon="⇢" run={cmd.openMoveTo} keepFocus />
          </div>
        </>
      )}
      <div className="tool-group">
        {readOnly ? null : (
          <>
            <ToolButton label="ui.command.budget" keys="Ctrl+B" icon="¤" run={cmd.openBudget} keepFocus />
            <ToolButton label="ui.command.details" keys="Ctrl+I" icon="✎" run={cmd.openDetails} keepFocus compact />
            <ToolButton label="ui.command.columns" keys="Ctrl+Shift+K" icon="▥" run={cmd.openColumns} keepFocus compact />
          </>
        )}
        <ToolButton label="ui.command.history" keys="Ctrl+Shift+H" icon="⟲" run={cmd.toggleHistory} pressed={historyOpen} />
        {readOnly ? null : <ToolButton label="ui.command.delete" keys="Ctrl+Delete" icon="✕" run={() => void cmd.askDelete()} keepFocus />}
      </div>
      <div className="tool-group tool-group--end">
        <ToolButton label="ui.command.projector" keys="F5" icon="▣" run={cmd.toggleProjector} pressed={projector} />
        <ToolButton label="ui.command.zoomOut" keys="Ctrl+-" icon="−" run={() => cmd.zoom(-1)} iconOnly />
        <span className="zoom-level" aria-live="polite">
          {Math.round(zoom * 100)} %
        </span>
        <ToolButton label="ui.command.zoomIn" keys="Ctrl++" icon="+" run={() => cmd.zoom(1)} iconOnly />
      </div>
    </div>
  );
}
