/** Dated progress notes per reporting period: the list, newest period first, and the form to add or change one. */
import { useId, useState, type FormEvent } from "react";
import type { MonitoringRow } from "../../../src/api/contract";
import { today } from "../../../src/domain/periods";
import type { MessageKey } from "../../../src/i18n";
import { removeProgressNote, saveProgressNote } from "../../edits";
import { formatDate } from "../../format";
import { useLanguage, useT } from "../../i18n";
import { AddOrUpdateButtons } from "../form-parts";

type Note = MonitoringRow["notes"][number];

/** The period a new note is for: the current year's (or half-year's) when the plan has it, else the last. */
function defaultPeriod(periods: readonly string[]): string {
  const now = new Date();
  const half = now.getMonth() < 6 ? "H1" : "H2";
  const year = String(now.getFullYear());
  return periods.find((p) => p === year || p === `${year}-${half}`) ?? periods[periods.length - 1] ?? year;
}

export function NotesSection({ row }: { row: MonitoringRow }) {
  const t = useT();
  const language = useLanguage();
  const blank = () => ({ id: undefined as string | undefined, period: defaultPeriod(row.periods), date: today(), note: "" });
  const [draft, setDraft] = useState(blank);
  // Labels point at their fields by id: a field inside its label would add its own value to its name.
  const ids = { period: useId(), date: useId(), note: useId() };
  const periods = [...new Set([...row.periods, ...row.notes.map((n) => n.period)])];
  const notes = [...row.notes].sort((a, b) => b.period.localeCompare(a.period) || (b.recorded_at ?? "").localeCompare(a.recorded_at ?? ""));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.note.trim()) return;
    const saved = await saveProgressNote(row.id, { ...(draft.id ? { id: draft.id } : {}), period: draft.period, note: draft.note.trim(), date: draft.date });
    if (saved) setDraft({ ...blank(), period: draft.period });
  };
  const edit = (note: Note) => setDraft({ id: note.id, period: note.period, date: (note.recorded_at ?? today()).slice(0, 10), note: note.note });

  return (
    <section className="monitoring-section" aria-labelledby="monitoring-notes">
      <h3 id="monitoring-notes">{t("ui.monitoring.notes")}</h3>
      <form className="monitoring-note-form" onSubmit={onSubmit}>
        <div className="monitoring-field">
          <label htmlFor={ids.period}>{t("ui.monitoring.period")}</label>
          <select id={ids.period} value={draft.period} onChange={(e) => setDraft({ ...draft, period: e.target.value })}>
            {periods.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div className="monitoring-field">
          <label htmlFor={ids.date}>{t("ui.monitoring.date")}</label>
          <input id={ids.date} type="date" className="text-input" value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.target.value })} required />
        </div>
        <div className="monitoring-field monitoring-note-text">
          <label htmlFor={ids.note}>{t("ui.monitoring.note")}</label>
          <textarea id={ids.note} className="text-input" rows={2} value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
        </div>
        <AddOrUpdateButtons
          editing={Boolean(draft.id)}
          submitLabel={t(draft.id ? "ui.monitoring.updateNote" : "ui.monitoring.addNote")}
          submitDisabled={!draft.note.trim()}
          onCancel={() => setDraft(blank())}
        />
      </form>
      {notes.length === 0 ? <p className="muted">{t("ui.monitoring.noNotes")}</p> : null}
      <ul className="monitoring-notes">
        {notes.map((note) => (
          <li key={note.id} className="monitoring-note">
            <div className="monitoring-note-head">
              <strong className="monitoring-period">{note.period}</strong>
              <span className="muted">
                {t("ui.monitoring.noteMeta", {
                  date: formatDate(note.recorded_at ?? "", language),
                  author: note.author ?? "—",
                  status: t(`ui.status.${note.status ?? "planned"}` as MessageKey),
                })}
              </span>
              <span className="monitoring-row-buttons">
                <button type="button" className="button button--small" onClick={() => edit(note)}>
                  {t("ui.monitoring.edit")}
                </button>
                <button type="button" className="button button--small button--danger-quiet" onClick={() => note.id && void removeProgressNote(note.id)}>
                  {t("ui.monitoring.remove")}
                </button>
              </span>
            </div>
            <p className="monitoring-note-body">{note.note}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
