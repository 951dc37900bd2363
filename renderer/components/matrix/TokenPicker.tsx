/**
 * Institutions and commitments are chosen from the plan's directory with a
 * typeahead (by acronym or name, accents ignored), shown as chips, and new names
 * are added on the fly. Enter adds the highlighted suggestion, Shift+Enter adds it
 * as the lead, a leading * marks the lead too; Enter on an empty box saves and goes
 * down, Tab saves and goes right, Backspace on an empty box removes the last chip,
 * Esc cancels.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from "react";
import type { Output } from "../../../src/api/contract";
import type { ActionDoc } from "../../../src/domain/document";
import { fold } from "../../../src/domain/matrix-rows";
import { useLanguage, useT } from "../../i18n";
import { query } from "../../sync";
import { cancelEdit, commitCommitments, commitInstitutions, type After } from "./commands";
import { keepInView } from "./keep-in-view";

type Directory = Output<"directory.list">;
interface Option {
  label: string;
  detail: string | null;
  isNew: boolean;
}
interface Chip {
  label: string;
  lead: boolean;
}

function useDirectory(): Directory | null {
  const [directory, setDirectory] = useState<Directory | null>(null);
  useEffect(() => {
    let live = true;
    void query("directory.list").then((d) => live && d && setDirectory(d));
    return () => {
      live = false;
    };
  }, []);
  return directory;
}

function rank(text: string, candidates: Array<{ label: string; words: string[]; uses: number; detail: string | null }>, chosen: Set<string>): Option[] {
  const q = fold(text.trim());
  const scored = candidates
    .filter((c) => !chosen.has(c.label))
    .map((c) => {
      const folded = c.words.map(fold);
      const score = !q ? 3 : folded.some((w) => w.startsWith(q)) ? 0 : folded.some((w) => w.split(/[\s/()-]+/).some((part) => part.startsWith(q))) ? 1 : folded.some((w) => w.includes(q)) ? 2 : -1;
      return { c, score };
    })
    .filter((s) => s.score >= 0)
    .sort((a, b) => a.score - b.score || b.c.uses - a.c.uses || a.c.label.localeCompare(b.c.label));
  return scored.slice(0, 8).map(({ c }) => ({ label: c.label, detail: c.detail, isNew: false }));
}

function TokenPicker(props: {
  chips: Chip[];
  seed: string | null;
  allowLead: boolean;
  candidates: Array<{ label: string; words: string[]; uses: number; detail: string | null }> | null;
  label: string;
  style: CSSProperties;
  onDone: (chips: Chip[], after: After | "cancel") => void;
}) {
  const t = useT();
  const listId = useId();
  const [chips, setChips] = useState<Chip[]>(props.chips);
  const [text, setText] = useState(props.seed ?? "");
  const [highlight, setHighlight] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  const leadTyped = props.allowLead && text.trimStart().startsWith("*");
  const typed = text.replace(/^\s*\*/, "").trim();

  const options = useMemo(() => {
    const chosen = new Set(chips.map((c) => c.label));
    const found = props.candidates ? rank(typed, props.candidates, chosen) : [];
    const exact = found.some((o) => fold(o.label) === fold(typed)) || chips.some((c) => fold(c.label) === fold(typed));
    if (typed && !exact) found.push({ label: typed, detail: null, isNew: true });
    return typed || found.length ? found : [];
  }, [typed, chips, props.candidates]);

  useEffect(() => {
    input.current?.focus({ preventScroll: true });
  }, []);
  useEffect(() => setHighlight(0), [typed]);
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => keepInView(box.current), [options.length, chips.length, props.style.top]);

  const finish = (after: After | "cancel", list = chips) => {
    if (finished.current) return;
    finished.current = true;
    props.onDone(list, after);
  };

  const add = (option: Option | undefined, lead: boolean) => {
    if (!option) return chips;
    const next = chips.map((c) => (lead ? { ...c, lead: false } : c)).concat({ label: option.label, lead: props.allowLead && lead });
    setChips(next);
    setText("");
    return next;
  };

  const toggleLead = (label: string) => setChips((list) => list.map((c) => ({ ...c, lead: c.label === label ? !c.lead : false })));
  const remove = (label: string) => setChips((list) => list.filter((c) => c.label !== label));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const ctrl = event.ctrlKey || event.metaKey;
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      handled();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setHighlight((h) => Math.max(0, Math.min(options.length - 1, h + step)));
    } else if (event.key === "Enter") {
      handled();
      if (typed && !ctrl) add(options[highlight], event.shiftKey || leadTyped);
      else {
        const list = typed ? add(options[highlight], leadTyped) : chips;
        finish(ctrl ? "insertBelow" : event.shiftKey ? "up" : "down", list);
      }
    } else if (event.key === "Tab") {
      handled();
      const list = typed ? add(options[highlight], leadTyped) : chips;
      finish(event.shiftKey ? "left" : "right", list);
    } else if (event.key === "Escape") {
      // Esc cancels, as the hint says, even with a half-typed name: nothing of this edit is kept.
      handled();
      finish("cancel");
    } else if (event.key === "Backspace" && text === "" && chips.length) {
      handled();
      setChips(chips.slice(0, -1));
    }
  };

  const optionId = (i: number) => `${listId}-o${i}`;
  return (
    <div
      ref={box}
      className="cell-editor picker"
      style={props.style}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) finish("stay");
      }}
    >
      <ul className="chips" aria-label={props.label}>
        {chips.map((chip) => (
          <li key={chip.label} className={chip.lead ? "chip chip--lead" : "chip"}>
            <span className="chip-label">{chip.label}</span>
            {props.allowLead ? (
              <button
                type="button"
                className="chip-button"
                tabIndex={-1}
                aria-pressed={chip.lead}
                title={t("ui.picker.markLead")}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => toggleLead(chip.label)}
              >
                {chip.lead ? t("ui.matrix.lead") : "☆"}
              </button>
            ) : null}
            <button type="button" className="chip-button" tabIndex={-1} aria-label={t("ui.picker.remove", { name: chip.label })} onMouseDown={(e) => e.preventDefault()} onClick={() => remove(chip.label)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        ref={input}
        className="picker-input"
        value={text}
        role="combobox"
        aria-label={props.label}
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={options.length ? optionId(highlight) : undefined}
        placeholder={t("ui.picker.placeholder")}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <ul className="picker-options" role="listbox" id={listId} aria-label={props.label}>
        {options.map((option, i) => (
          <li
            key={`${option.isNew ? "new:" : ""}${option.label}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === highlight}
            className={i === highlight ? "picker-option is-highlighted" : "picker-option"}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => add(option, false)}
          >
            {option.isNew ? (
              <span className="picker-new">{t("ui.picker.addNew", { name: option.label, kind: props.allowLead ? "institution" : "commitment" })}</span>
            ) : (
              <>
                <span className="picker-label">{option.label}</span>
                {option.detail ? <span className="picker-detail">{option.detail}</span> : null}
              </>
            )}
          </li>
        ))}
      </ul>
      <p className="cell-editor-hint">{t(props.allowLead ? "ui.picker.hintLead" : "ui.picker.hint")}</p>
    </div>
  );
}

export function InstitutionsPicker({ action, seed, style }: { action: ActionDoc; seed: string | null; style: CSSProperties }) {
  const t = useT();
  const language = useLanguage();
  const directory = useDirectory();
  const candidates = useMemo(
    () =>
      directory?.institutions.map((i) => {
        const name = (language === "es" ? i.name_es : i.name_en) ?? i.name_es ?? i.name_en;
        return { label: i.label, words: [i.label, i.acronym ?? "", i.name_es ?? "", i.name_en ?? ""].filter(Boolean), uses: i.uses, detail: name && name !== i.label ? name : null };
      }) ?? null,
    [directory, language],
  );
  const chips = action.institutions.map((label) => ({ label, lead: label === action.lead }));
  return (
    <TokenPicker
      chips={chips}
      seed={seed}
      allowLead
      candidates={candidates}
      label={t("column.institutions")}
      style={style}
      onDone={(list, after) => (after === "cancel" ? cancelEdit() : commitInstitutions(action.id!, list, action, after))}
    />
  );
}

export function CommitmentsPicker({ action, seed, style }: { action: ActionDoc; seed: string | null; style: CSSProperties }) {
  const t = useT();
  const directory = useDirectory();
  const candidates = useMemo(() => directory?.commitments.map((c) => ({ label: c.label, words: [c.label], uses: c.uses, detail: null })) ?? null, [directory]);
  return (
    <TokenPicker
      chips={action.commitments.map((label) => ({ label, lead: false }))}
      seed={seed}
      allowLead={false}
      candidates={candidates}
      label={t("column.commitments")}
      style={style}
      onDone={(list, after) =>
        after === "cancel"
          ? cancelEdit()
          : commitCommitments(
              action.id!,
              list.map((c) => c.label),
              action,
              after,
            )
      }
    />
  );
}
