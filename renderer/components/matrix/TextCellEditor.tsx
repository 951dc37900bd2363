/**
 * A multi-line text box that grows with its text. Enter saves and goes down,
 * Shift+Enter saves and goes up, Tab and Shift+Tab save and go sideways,
 * Ctrl+Enter saves and opens a new action below, Alt+Enter starts a new line
 * inside the cell (as in Excel), Esc cancels. Leaving the box saves.
 */
import { useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from "react";
import type { Period } from "../../../src/domain/schedule";
import { parseScheduleYears } from "../../../src/domain/schedule";
import { formatYears } from "../../format";
import { useLanguage, useT } from "../../i18n";
import { cancelEdit, commitText, type After } from "./commands";
import { keepInView } from "./keep-in-view";

export function TextCellEditor(props: { initial: string; kind: "text" | "schedule"; period: Period | undefined; style: CSSProperties; hint?: string }) {
  const t = useT();
  const language = useLanguage();
  const [value, setValue] = useState(props.initial);
  const box = useRef<HTMLTextAreaElement>(null);
  const finished = useRef(false);

  // The row under the editor may move (rows above it measured again once drawn): the editor follows it into view.
  useLayoutEffect(() => keepInView(box.current?.parentElement ?? null), [props.style.top]);
  const height = useRef(0);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = "auto";
    const next = el.scrollHeight + 2;
    el.style.height = `${next}px`;
    if (next !== height.current) {
      height.current = next;
      keepInView(el.parentElement);
    }
  }, [value]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    el.setSelectionRange(el.value.length, el.value.length);
    // Once the grid has brought the row on screen (a new row below, a row at the bottom), the whole editor comes in view.
    const frame = requestAnimationFrame(() => requestAnimationFrame(() => keepInView(el.parentElement)));
    return () => cancelAnimationFrame(frame);
  }, []);

  const finish = (after: After | "cancel") => {
    if (finished.current) return;
    finished.current = true;
    if (after === "cancel") cancelEdit();
    else commitText(box.current?.value ?? value, after);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const ctrl = event.ctrlKey || event.metaKey;
    let after: After | "cancel" | null = null;
    if (event.key === "Enter" && event.altKey) {
      // A line break inside the cell, where the caret is.
      event.preventDefault();
      const el = event.currentTarget;
      const { selectionStart: start, selectionEnd: end } = el;
      const next = `${el.value.slice(0, start)}\n${el.value.slice(end)}`;
      setValue(next);
      requestAnimationFrame(() => el.setSelectionRange(start + 1, start + 1));
      return;
    }
    if (event.key === "Enter") after = ctrl ? "insertBelow" : event.shiftKey ? "up" : "down";
    else if (event.key === "Tab") after = event.shiftKey ? "left" : "right";
    else if (event.key === "Escape") after = "cancel";
    if (!after) return;
    event.preventDefault();
    event.stopPropagation();
    finish(after);
  };

  const years = props.kind === "schedule" ? parseScheduleYears(value, props.period) : [];
  return (
    <div className="cell-editor" style={props.style}>
      <textarea
        ref={box}
        className="cell-editor-input"
        value={value}
        rows={1}
        aria-label={t(props.kind === "schedule" ? "ui.editor.scheduleLabel" : "ui.editor.textLabel")}
        aria-describedby="cell-editor-hint"
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => finish("stay")}
      />
      {props.kind === "schedule" ? (
        <p className="cell-editor-understood" aria-live="polite">
          {years.length ? t("ui.editor.understood", { years: formatYears(years, language) }) : t("ui.editor.understoodNone")}
        </p>
      ) : null}
      {props.hint ? <p className="cell-editor-understood">{props.hint}</p> : null}
      <p className="cell-editor-hint" id="cell-editor-hint">
        {t("ui.editor.textHint")}
      </p>
    </div>
  );
}
