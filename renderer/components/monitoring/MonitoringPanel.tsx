/**
 * The progress of one action (Ctrl+Shift+M, or the row menu): its status and the
 * date it changed, dated progress notes per reporting period, and its indicators
 * with targets and values reached. On a need row, the need's indicators. Every
 * change is one edit (Ctrl+Z undoes it); the panel reads the row again after each.
 */
import { useEffect, useId, useState, type FormEvent } from "react";
import type { MonitoringRow } from "../../../src/api/contract";
import type { ActionStatus } from "../../../src/domain/document";
import { today } from "../../../src/domain/periods";
import type { MessageKey } from "../../../src/i18n";
import { setActionStatus } from "../../edits";
import { formatDate } from "../../format";
import { useLanguage, useT } from "../../i18n";
import { useMatriz } from "../../store";
import { query } from "../../sync";
import { closeDialog } from "../matrix/commands";
import { STATUSES } from "../matrix/StatusCellEditor";
import { Modal } from "../editor/Modal";
import { IndicatorCard } from "./IndicatorCard";
import { IndicatorForm } from "./IndicatorForm";
import { NotesSection } from "./NotesSection";
import "./monitoring.css";

/** The row as the core has it now, read again whenever the plan's revision moves. */
function useMonitoringRow(kind: "action" | "need", id: string): MonitoringRow | null {
  const revision = useMatriz((s) => s.plan?.revision);
  const [row, setRow] = useState<MonitoringRow | null>(null);
  useEffect(() => {
    let live = true;
    void query("monitoring.row", { kind, id }).then((answer) => {
      if (live && answer) setRow(answer);
    });
    return () => {
      live = false;
    };
  }, [kind, id, revision]);
  return row;
}

export function MonitoringPanel({ kind, id }: { kind: "action" | "need"; id: string }) {
  const t = useT();
  const row = useMonitoringRow(kind, id);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const title = t(kind === "action" ? "ui.monitoring.titleAction" : "ui.monitoring.titleNeed");
  return (
    <Modal title={title} className="modal--monitoring">
      {!row ? (
        <p className="loading">{t("ui.loading")}</p>
      ) : (
        <>
          <p className="monitoring-subject">{row.title}</p>
          {row.kind === "action" ? <StatusForm row={row} /> : null}
          {row.kind === "action" ? <NotesSection row={row} /> : null}
          <section className="monitoring-section" aria-labelledby="monitoring-indicators">
            <div className="monitoring-section-head">
              <h3 id="monitoring-indicators">{t("ui.monitoring.indicators")}</h3>
              {!adding ? (
                <button type="button" className="button button--small" onClick={() => setAdding(true)}>
                  {t("ui.monitoring.newIndicator")}
                </button>
              ) : null}
            </div>
            {notice ? (
              <p className="notice-inline" role="status">
                {notice}
              </p>
            ) : null}
            {adding ? <IndicatorForm owner={{ kind: row.kind, id: row.id }} onDone={() => setAdding(false)} onNotice={setNotice} /> : null}
            {row.indicators.length === 0 && !adding ? <p className="muted">{t("ui.monitoring.noIndicators")}</p> : null}
            {row.indicators.map((indicator) => (
              <IndicatorCard key={indicator.id} row={row} indicator={indicator} onNotice={setNotice} />
            ))}
          </section>
        </>
      )}
      <div className="modal-buttons">
        <button type="button" className="button" onClick={closeDialog}>
          {t("ui.monitoring.close")}
        </button>
      </div>
    </Modal>
  );
}

function StatusForm({ row }: { row: MonitoringRow }) {
  const t = useT();
  const language = useLanguage();
  const current = row.status ?? "planned";
  const [status, setStatus] = useState<ActionStatus>(current);
  const [date, setDate] = useState(row.statusDate ?? today());
  useEffect(() => {
    setStatus(current);
    setDate(row.statusDate ?? today());
  }, [current, row.statusDate]);
  const unchanged = status === current && date === (row.statusDate ?? "");
  const ids = { status: useId(), date: useId() };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!unchanged && /^\d{4}-\d{2}-\d{2}$/.test(date)) void setActionStatus(row.id, status, date);
  };
  const statusLabel = t(`ui.status.${current}` as MessageKey);
  return (
    <form className="monitoring-status" onSubmit={onSubmit} aria-labelledby="monitoring-status-title">
      <h3 id="monitoring-status-title" className="visually-hidden">
        {t("ui.monitoring.status")}
      </h3>
      <p className="monitoring-status-now">
        {row.statusDate ? t("ui.monitoring.statusNow", { status: statusLabel, date: formatDate(row.statusDate, language) }) : t("ui.monitoring.statusNoDate", { status: statusLabel })}
      </p>
      <div className="monitoring-field">
        <label htmlFor={ids.status}>{t("ui.monitoring.status")}</label>
        <select id={ids.status} value={status} onChange={(e) => setStatus(e.target.value as ActionStatus)} data-autofocus>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`ui.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div className="monitoring-field">
        <label htmlFor={ids.date}>{t("ui.monitoring.statusDate")}</label>
        <input id={ids.date} type="date" className="text-input" value={date} onChange={(e) => setDate(e.target.value)} required />
      </div>
      <button type="submit" className="button button--primary" disabled={unchanged}>
        {t("ui.monitoring.saveStatus")}
      </button>
    </form>
  );
}
