/** The Consultations tab: every numbered round with its date, place, attendance, objectives and outcome; edited here, one change per save. */
import { useState } from "react";
import type { ConsultationRoundDoc, PlanDocument } from "../../../src/domain/document";
import { useT } from "../../i18n";
import { chooseRound, openRound, removeRound, updateRound, useCurrentRound } from "../../rounds";
import { focusRow, editButtonId, useCanEdit } from "./ListTools";
import { RoundForm } from "./RoundForm";

function Attendance({ round }: { round: ConsultationRoundDoc }) {
  const t = useT();
  const list = round.attendance ?? [];
  if (list.length === 0) return null;
  const sum = (pick: (a: (typeof list)[number]) => number | null | undefined) => list.reduce((n, a) => n + (pick(a) ?? 0), 0);
  return (
    <>
      <table className="attendance-table attendance-table--read">
        <caption className="visually-hidden">{t("ui.rounds.attendance")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("ui.rounds.attendanceName")}</th>
            <th scope="col">{t("ui.rounds.attendanceKind")}</th>
            <th scope="col" className="num">{t("ui.rounds.total")}</th>
            <th scope="col" className="num">{t("ui.rounds.women")}</th>
            <th scope="col" className="num">{t("ui.rounds.men")}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((a) => (
            <tr key={`${a.kind}:${a.name}`}>
              <td>{a.name}</td>
              <td>{t(`ui.rounds.kind.${a.kind}`)}</td>
              <td className="num">{a.total}</td>
              <td className="num">{a.women ?? "—"}</td>
              <td className="num">{a.men ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="round-totals">{t("ui.rounds.totals", { total: sum((a) => a.total), women: sum((a) => a.women), men: sum((a) => a.men) })}</p>
    </>
  );
}

export function RoundsPanel({ document: doc }: { document: PlanDocument }) {
  const t = useT();
  const current = useCurrentRound((s) => s.current);
  const [editing, setEditing] = useState<string | null>(null);
  const canEdit = useCanEdit();
  const rounds = doc.consultation_rounds ?? [];
  const open = async () => {
    const id = await openRound();
    if (id) setEditing(id);
  };
  return (
    <div className="section-panel rounds">
      <p className="muted section-intro">{t("ui.rounds.intro")}</p>
      {canEdit ? (
        <div className="section-bar">
          <button type="button" className="button button--small" onClick={() => void open()}>
            + {t("ui.round.new")}
          </button>
        </div>
      ) : null}
      {rounds.length === 0 ? <p className="muted empty-note">{t("ui.rounds.empty")}</p> : null}
      {rounds.map((round) => (
        <section key={round.id} className="round-card" aria-labelledby={`round-${round.id}`}>
          <header className="round-head">
            <h2 id={`round-${round.id}`}>
              {t("ui.round.name", { number: round.number })}
              <span className="round-when">
                {" · "}
                {round.date ?? t("ui.rounds.noDate")}
                {round.place ? ` · ${round.place}` : ""}
              </span>
              {round.id === current ? <span className="round-current">{t("ui.rounds.current")}</span> : null}
            </h2>
            {editing === round.id || !canEdit ? null : (
              <div className="list-tools">
                <button id={editButtonId(round.id!)} type="button" className="button button--small" onClick={() => setEditing(round.id!)}>
                  {t("ui.list.edit")}
                </button>
                {round.id !== current ? (
                  <button type="button" className="button button--small" onClick={() => void chooseRound(round.id!)}>
                    {t("ui.rounds.makeCurrent")}
                  </button>
                ) : null}
                <button type="button" className="button button--small button--danger-quiet" onClick={() => void removeRound(round.id!)}>
                  {t("ui.rounds.remove")}
                </button>
              </div>
            )}
          </header>
          {editing === round.id ? (
            <RoundForm
              round={round}
              doc={doc}
              onCancel={() => (setEditing(null), focusRow(round.id!))}
              onSave={(draft) => {
                setEditing(null);
                void updateRound(round.id!, draft);
                focusRow(round.id!);
              }}
            />
          ) : (
            <dl className="round-details">
              {round.participants ? (
                <>
                  <dt>{t("ui.rounds.participants")}</dt>
                  <dd>{round.participants}</dd>
                </>
              ) : null}
              {round.objectives ? (
                <>
                  <dt>{t("ui.rounds.objectives")}</dt>
                  <dd>{round.objectives}</dd>
                </>
              ) : null}
              {round.progress ? (
                <>
                  <dt>{t("ui.rounds.outcome")}</dt>
                  <dd>{round.progress}</dd>
                </>
              ) : null}
              {(round.attendance?.length ?? 0) > 0 ? (
                <>
                  <dt>{t("ui.rounds.attendance")}</dt>
                  <dd>
                    <Attendance round={round} />
                  </dd>
                </>
              ) : null}
            </dl>
          )}
        </section>
      ))}
    </div>
  );
}
