/**
 * The consultation session: who is typing (every change is signed with this
 * name), the current consultation round, undo and redo with what they would
 * undo, and whether everything typed is saved in the plan file.
 */
import { useEffect, useState, type KeyboardEvent } from "react";
import { useLanguage, useT } from "../../i18n";
import { call, useMatriz } from "../../store";
import { chooseRound, loadCurrentRound, openRound, useCurrentRound } from "../../rounds";
import { focusGrid, redo, undo } from "../matrix/commands";
import { changeLabel, columnHeadings } from "./change-labels";
import { LiveStatus } from "../live/LiveStatus";

function UserName() {
  const t = useT();
  const saved = useMatriz((s) => s.settings?.userName ?? "");
  const [name, setName] = useState(saved);
  useEffect(() => setName(saved), [saved]);
  const save = async () => {
    const trimmed = name.trim();
    if (!trimmed || trimmed === saved) return setName(saved);
    const settings = await call("settings.update", { userName: trimmed });
    if (settings) useMatriz.setState({ settings });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter") {
      event.preventDefault();
      void save().then(focusGrid);
    }
  };
  return (
    <label className="session-field">
      <span>{t("ui.session.user")}</span>
      <input className="text-input session-user" value={name} onChange={(e) => setName(e.target.value)} onBlur={() => void save()} onKeyDown={onKeyDown} />
    </label>
  );
}

function RoundPicker() {
  const t = useT();
  const planPath = useMatriz((s) => s.plan?.path);
  const rounds = useMatriz((s) => s.document?.consultation_rounds);
  const current = useCurrentRound((s) => s.current);
  useEffect(() => {
    void loadCurrentRound();
  }, [planPath]);
  return (
    <div className="session-field">
      <label htmlFor="session-round">{t("ui.session.round")}</label>
      <select id="session-round" value={current ?? ""} onChange={(e) => void chooseRound(e.target.value || null)}>
        <option value="">{t("ui.round.none")}</option>
        {rounds?.map((round) => (
          <option key={round.id} value={round.id}>
            {t("ui.round.name", { number: round.number })}
            {round.date ? ` · ${round.date}` : ""}
          </option>
        ))}
      </select>
      <button type="button" className="button button--small" onClick={() => void openRound()}>
        {t("ui.round.new")}
      </button>
    </div>
  );
}

function UndoRedo() {
  const t = useT();
  const history = useMatriz((s) => s.history);
  const language = useLanguage();
  const heading = columnHeadings(useMatriz((s) => s.document?.custom_columns), language);
  const undoLabel = history?.undo ? t("ui.session.undoWhat", { what: changeLabel(history.undo.label, t, heading) }) : t("ui.session.undoNothing");
  const redoLabel = history?.redo ? t("ui.session.redoWhat", { what: changeLabel(history.redo.label, t, heading) }) : t("ui.session.redoNothing");
  return (
    <div className="session-history">
      <button type="button" className="button button--small" disabled={!history?.undo} title={`${undoLabel} (Ctrl+Z)`} aria-label={undoLabel} onMouseDown={(e) => e.preventDefault()} onClick={() => (undo(), focusGrid())}>
        ↶ {t("ui.session.undo")}
      </button>
      <button type="button" className="button button--small" disabled={!history?.redo} title={`${redoLabel} (Ctrl+Y)`} aria-label={redoLabel} onMouseDown={(e) => e.preventDefault()} onClick={() => (redo(), focusGrid())}>
        ↷ {t("ui.session.redo")}
      </button>
      <span className="session-undo-label" aria-hidden="true">
        {history?.undo ? changeLabel(history.undo.label, t, heading) : ""}
      </span>
    </div>
  );
}

/** A plan opened read-only says so where "Saved" would be, with why. */
function ReadOnlyState({ reason }: { reason: string | null }) {
  const t = useT();
  return (
    <span className="save-state save-state--read-only" role="status" data-state="read-only">
      <span className="save-dot" aria-hidden="true" />
      {t("ui.session.readOnly", { reason: reason ?? "file" })}
    </span>
  );
}

/** Saved, saving or not saved (or read-only): the session bar shows it, and the projector's bar too. */
export function SaveState() {
  const t = useT();
  const state = useMatriz((s) => s.saveState);
  const readOnly = useMatriz((s) => (s.plan?.readOnly ? (s.plan.readOnlyReason ?? "file") : null));
  if (readOnly) return <ReadOnlyState reason={readOnly} />;
  const key = state === "saving" ? "ui.session.saving" : state === "error" ? "ui.session.saveError" : "ui.saved";
  return (
    <span className={`save-state save-state--${state}`} role="status" data-state={state}>
      <span className="save-dot" aria-hidden="true" />
      {t(key)}
    </span>
  );
}

export function SessionBar() {
  const t = useT();
  // Read-only: nothing is signed, no round is started, nothing to undo; the state says why.
  const readOnly = useMatriz((s) => s.plan?.readOnly ?? false);
  return (
    <div className={readOnly ? "session-bar session-bar--read-only" : "session-bar"} role="region" aria-label={t("ui.session.label")} data-region="session">
      {readOnly ? null : (
        <>
          <UserName />
          <RoundPicker />
          <UndoRedo />
        </>
      )}
      <SaveState />
      <LiveStatus />
    </div>
  );
}
