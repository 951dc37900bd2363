/**
 * A consultation round's details: date, place, participants as described, the
 * attendance (a count per institution or sector, by sex where known), objectives
 * and outcome. Saved as one change.
 */
import { useState, type FormEvent } from "react";
import type { AttendanceDoc, ConsultationRoundDoc, PlanDocument } from "../../../src/domain/document";
import { useT } from "../../i18n";
import { FormButtons, FormProblem, formKeyHandler } from "../form-parts";

export type RoundDraft = Pick<ConsultationRoundDoc, "date" | "place" | "participants" | "objectives" | "progress"> & { attendance: AttendanceDoc[] };

interface Row {
  name: string;
  kind: "institution" | "sector";
  total: string;
  women: string;
  men: string;
}

const count = (text: string): number | null => (text.trim() === "" ? null : /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : NaN);
const blank = (text: string) => (text.trim() ? text.trim() : null);

export function RoundForm(props: { round: ConsultationRoundDoc; doc: PlanDocument; onSave: (draft: RoundDraft) => void; onCancel: () => void }) {
  const t = useT();
  const { round } = props;
  const [date, setDate] = useState(round.date ?? "");
  const [place, setPlace] = useState(round.place ?? "");
  const [participants, setParticipants] = useState(round.participants ?? "");
  const [objectives, setObjectives] = useState(round.objectives ?? "");
  const [outcome, setOutcome] = useState(round.progress ?? "");
  const [rows, setRows] = useState<Row[]>(
    (round.attendance ?? []).map((a) => ({ name: a.name, kind: a.kind, total: String(a.total), women: a.women == null ? "" : String(a.women), men: a.men == null ? "" : String(a.men) })),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const setRow = (index: number, patch: Partial<Row>) => setRows((list) => list.map((r, i) => (i === index ? { ...r, ...patch } : r)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const attendance: AttendanceDoc[] = [];
    for (const row of rows) {
      if (!row.name.trim()) continue;
      const [total, women, men] = [count(row.total), count(row.women), count(row.men)];
      const known = (women ?? 0) + (men ?? 0);
      if ([total, women, men].some((n) => Number.isNaN(n)) || (total !== null && known > total)) {
        return setProblem(t("ui.rounds.badCounts", { name: row.name.trim() }));
      }
      attendance.push({ name: row.name.trim(), kind: row.kind, total: total ?? known, women, men });
    }
    props.onSave({ date: date || null, place: blank(place), participants: blank(participants), objectives: blank(objectives), progress: blank(outcome), attendance });
  };
  const institutions = props.doc.institutions ?? [];

  return (
    <form className="section-form round-form" onSubmit={submit} onKeyDown={formKeyHandler(props.onCancel)} aria-label={t("ui.round.name", { number: round.number })}>
      <label>
        <span>{t("ui.rounds.date")}</span>
        <input className="text-input" type="date" value={date} onChange={(e) => setDate(e.target.value)} autoFocus />
      </label>
      <label>
        <span>{t("ui.rounds.place")}</span>
        <input className="text-input" value={place} onChange={(e) => setPlace(e.target.value)} />
      </label>
      <label className="section-form__wide">
        <span>{t("ui.rounds.participants")}</span>
        <textarea className="text-input" rows={2} value={participants} onChange={(e) => setParticipants(e.target.value)} />
      </label>
      <fieldset className="section-form__wide attendance">
        <legend>{t("ui.rounds.attendance")}</legend>
        <datalist id={`attendance-names-${round.id}`}>
          {institutions.map((i) => (
            <option key={i.label} value={i.label} />
          ))}
        </datalist>
        <table className="attendance-table">
          <thead>
            <tr>
              <th scope="col">{t("ui.rounds.attendanceName")}</th>
              <th scope="col">{t("ui.rounds.attendanceKind")}</th>
              <th scope="col">{t("ui.rounds.total")}</th>
              <th scope="col">{t("ui.rounds.women")}</th>
              <th scope="col">{t("ui.rounds.men")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("ui.list.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <td>
                  <input className="text-input" aria-label={t("ui.rounds.attendanceName")} list={`attendance-names-${round.id}`} value={row.name} onChange={(e) => setRow(i, { name: e.target.value })} />
                </td>
                <td>
                  <select aria-label={t("ui.rounds.attendanceKind")} value={row.kind} onChange={(e) => setRow(i, { kind: e.target.value as Row["kind"] })}>
                    <option value="institution">{t("ui.rounds.kind.institution")}</option>
                    <option value="sector">{t("ui.rounds.kind.sector")}</option>
                  </select>
                </td>
                {(["total", "women", "men"] as const).map((field) => (
                  <td key={field}>
                    <input className="text-input text-input--count" inputMode="numeric" aria-label={t(`ui.rounds.${field}`)} value={row[field]} onChange={(e) => setRow(i, { [field]: e.target.value })} />
                  </td>
                ))}
                <td>
                  <button type="button" className="button button--small button--danger-quiet" aria-label={t("ui.rounds.removeAttendance", { name: row.name || "…" })} onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="button button--small" onClick={() => setRows((list) => [...list, { name: "", kind: "institution", total: "", women: "", men: "" }])}>
          + {t("ui.rounds.addAttendance")}
        </button>
      </fieldset>
      <label className="section-form__wide">
        <span>{t("ui.rounds.objectives")}</span>
        <textarea className="text-input" rows={2} value={objectives} onChange={(e) => setObjectives(e.target.value)} />
      </label>
      <label className="section-form__wide">
        <span>{t("ui.rounds.outcome")}</span>
        <textarea className="text-input" rows={2} value={outcome} onChange={(e) => setOutcome(e.target.value)} />
      </label>
      <FormProblem>{problem}</FormProblem>
      <FormButtons onCancel={props.onCancel} />
    </form>
  );
}
