/**
 * The status cell's editor: a list of the five statuses over the cell. Arrows or
 * a status's first letter choose, Enter (or a click) saves it dated today, Tab
 * saves and moves sideways, Esc cancels. The date itself is changed in the
 * progress panel (Ctrl+Shift+M).
 */
import { useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from "react";
import type { ActionStatus } from "../../../src/domain/document";
import type { GridAction } from "../../../src/domain/grid";
import type { MessageKey } from "../../../src/i18n";
import { fold } from "../../../src/domain/matrix-rows";
import { useT } from "../../i18n";
import { cancelEdit, commitStatus, type After } from "./commands";

// Listed here rather than imported: document.ts brings zod, which probes eval and trips the CSP.
export const STATUSES: readonly ActionStatus[] = ["planned", "in_progress", "done", "delayed", "cancelled"];

export function StatusCellEditor(props: { action: GridAction; seed: string | null; style: CSSProperties }) {
  const t = useT();
  const label = (s: ActionStatus) => t(`ui.status.${s}` as MessageKey);
  const current = STATUSES.indexOf(props.action.status ?? "planned");
  const startAt = () => {
    if (!props.seed?.trim()) return current;
    const found = STATUSES.findIndex((s) => fold(label(s)).startsWith(fold(props.seed!)));
    return found >= 0 ? found : current;
  };
  const [active, setActive] = useState(startAt);
  const list = useRef<HTMLUListElement>(null);
  const finished = useRef(false);
  useLayoutEffect(() => list.current?.focus({ preventScroll: true }), []);

  const finish = (after: After | "cancel", index = active) => {
    if (finished.current) return;
    finished.current = true;
    if (after === "cancel") cancelEdit();
    else commitStatus(props.action, STATUSES[index]!, after);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    let after: After | "cancel" | null = null;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((a) => (a + step + STATUSES.length) % STATUSES.length);
      return;
    }
    if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      setActive(event.key === "Home" ? 0 : STATUSES.length - 1);
      return;
    }
    if (event.key === "Enter") after = event.shiftKey ? "up" : "down";
    else if (event.key === "Tab") after = event.shiftKey ? "left" : "right";
    else if (event.key === "Escape") after = "cancel";
    else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // Typing the first letters of a status picks it ("c" → Cumplida, "ca" → Cancelada).
      const typed = fold(event.key);
      const after = STATUSES.findIndex((s, i) => i > active && fold(label(s)).startsWith(typed));
      const first = STATUSES.findIndex((s) => fold(label(s)).startsWith(typed));
      const next = after >= 0 ? after : first;
      if (next >= 0) setActive(next);
      event.preventDefault();
      return;
    }
    if (!after) return;
    event.preventDefault();
    event.stopPropagation();
    finish(after);
  };

  const id = (i: number) => `status-option-${i}`;
  return (
    <div className="cell-editor cell-editor--status" style={props.style}>
      <ul
        ref={list}
        className="status-options"
        role="listbox"
        tabIndex={0}
        aria-label={t("ui.status.editorLabel")}
        aria-activedescendant={id(active)}
        aria-describedby="status-editor-hint"
        onKeyDown={onKeyDown}
        onBlur={() => finish("stay")}
      >
        {STATUSES.map((status, i) => (
          <li
            key={status}
            id={id(i)}
            role="option"
            aria-selected={i === active}
            className={`status-option${i === active ? " is-active" : ""}`}
            onMouseDown={(e) => {
              e.preventDefault();
              finish("stay", i);
            }}
          >
            <span className={`status-badge status-badge--${status}`}>{label(status)}</span>
          </li>
        ))}
      </ul>
      <p id="status-editor-hint" className="cell-editor-hint">
        {t("ui.status.editorHint")}
      </p>
    </div>
  );
}
