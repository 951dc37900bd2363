/** "Move to…": an action to another need, or a need to another pillar, picked by typing and arrows. */
import { useMemo, useState, type KeyboardEvent } from "react";
import { fold } from "../../../src/domain/matrix-rows";
import { pillarTitle } from "../../format";
import { useLanguage, useT } from "../../i18n";
import { useMatriz } from "../../store";
import { moveTo } from "../matrix/commands";
import { Modal } from "./Modal";

export function MoveToDialog({ kind, id, title }: { kind: "need" | "action"; id: string; title: string }) {
  const t = useT();
  const language = useLanguage();
  const doc = useMatriz((s) => s.document);
  const [text, setText] = useState("");
  const [highlight, setHighlight] = useState(0);
  const targets = useMemo(() => {
    if (!doc) return [];
    if (kind === "need") return doc.pillars.map((p) => ({ id: p.id!, label: `${t("ui.matrix.pillar", { number: p.number })} · ${pillarTitle(p, language)}` }));
    return doc.pillars.flatMap((p) => p.needs.filter((n) => !n.actions.some((a) => a.id === id)).map((n, i) => ({ id: n.id!, label: `${p.number}.${p.needs.indexOf(n) + 1 || i + 1} · ${n.title}` })));
  }, [doc, kind, id, t, language]);
  const shown = targets.filter((target) => fold(target.label).includes(fold(text.trim())));
  const choose = (index: number) => {
    const target = shown[index];
    if (target) moveTo(kind, id, target.id);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setHighlight((h) => Math.max(0, Math.min(shown.length - 1, h + (event.key === "ArrowDown" ? 1 : -1))));
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(highlight);
    }
  };
  return (
    <Modal title={t(kind === "need" ? "ui.moveTo.titleNeed" : "ui.moveTo.titleAction")} className="modal--move">
      <p className="delete-quote">«{title}»</p>
      <input
        className="text-input"
        value={text}
        role="combobox"
        aria-expanded="true"
        aria-controls="move-targets"
        aria-activedescendant={shown.length ? `move-target-${highlight}` : undefined}
        aria-label={t("ui.moveTo.search")}
        placeholder={t("ui.moveTo.search")}
        onChange={(e) => {
          setText(e.target.value);
          setHighlight(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul className="move-targets" role="listbox" id="move-targets">
        {shown.map((target, i) => (
          <li key={target.id} id={`move-target-${i}`} role="option" aria-selected={i === highlight} className={i === highlight ? "picker-option is-highlighted" : "picker-option"} onClick={() => choose(i)}>
            {target.label}
          </li>
        ))}
      </ul>
    </Modal>
  );
}
