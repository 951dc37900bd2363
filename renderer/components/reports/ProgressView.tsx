/**
 * The Progress view of the Summaries tab: what happened to the plan in a
 * reporting period (or up to today). Statuses by pillar and by institution, the
 * actions whose schedule has passed without being done, and each indicator's
 * target against the value reached, as charts with their data tables.
 */
import { useEffect, useId, useState } from "react";
import type { ProgressReportTables } from "../../../src/api/contract";
import type { ActionStatus } from "../../../src/domain/document";
import type { MessageKey } from "../../../src/i18n";
import { setReporting } from "../../edits";
import { formatAmount, formatDate } from "../../format";
import { useLanguage, useNumberLocale, useT } from "../../i18n";
import { call, useMatriz } from "../../store";
import { query } from "../../sync";
import { STATUSES } from "../matrix/StatusCellEditor";
import { openExport } from "../finance/finance-store";
import { formatPercent, formatValue } from "../monitoring/values";
import { BarChart } from "./BarChart";

const TOP_INSTITUTIONS = 15;

/** "33.3" — a share in per cent with one decimal, as the reports write it. */
function formatShare(part: number, whole: number, locale: string): string {
  const share = whole ? Math.round((part / whole) * 1000) / 10 : 0;
  return formatAmount(share, locale, Number.isInteger(share) ? 0 : 1);
}
type Filter = { period: string | null; pillar: number | null; institution: string | null };

function useProgress(filter: Filter): ProgressReportTables | null {
  const revision = useMatriz((s) => s.plan?.revision);
  const [report, setReport] = useState<ProgressReportTables | null>(null);
  const key = JSON.stringify(filter);
  useEffect(() => {
    let live = true;
    void query("reports.progress", { period: filter.period, filter: { pillar: filter.pillar, institution: filter.institution } }).then((answer) => {
      if (live && answer) setReport(answer);
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, revision]);
  return report;
}

export function ProgressView() {
  const t = useT();
  const language = useLanguage();
  const locale = useNumberLocale();
  const doc = useMatriz((s) => s.document);
  const [filter, setFilter] = useState<Filter>({ period: null, pillar: null, institution: null });
  const report = useProgress(filter);
  const count = (value: number) => formatValue(value, locale);
  const status = (s: ActionStatus) => t(`ui.status.${s}` as MessageKey);
  const institutions = [...new Set((doc?.institutions ?? []).map((i) => i.label))].sort((a, b) => a.localeCompare(b));

  const statusSeries = (rows: ProgressReportTables["byPillar"]) => STATUSES.map((s) => ({ label: status(s), values: rows.map((r) => r.counts[s]) }));
  const done = report?.totals.done ?? 0;
  // Labels point at their fields by id: a select inside its label would add its choice to its name.
  const idPrefix = useId();
  const fieldId = (name: string) => `${idPrefix}-${name}`;

  return (
    <div className="progress-view">
      <form className="summary-filter" role="search" aria-label={t("ui.summary.filter")} onSubmit={(e) => e.preventDefault()}>
        <div className="summary-field">
          <label htmlFor={fieldId("period")}>{t("ui.progress.period")}</label>
          <select
            id={fieldId("period")}
            value={filter.period ?? ""}
            onChange={(e) => setFilter({ ...filter, period: e.target.value || null })}
          >
            <option value="">{t("ui.progress.today")}</option>
            {(report?.periods ?? []).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div className="summary-field">
          <label htmlFor={fieldId("pillar")}>{t("ui.summary.pillar")}</label>
          <select
            id={fieldId("pillar")}
            value={filter.pillar ?? ""}
            onChange={(e) => setFilter({ ...filter, pillar: e.target.value === "" ? null : Number(e.target.value) })}
          >
            <option value="">{t("ui.summary.all")}</option>
            {(doc?.pillars ?? []).map((p) => (
              <option key={p.number} value={p.number}>
                {p.number}. {language === "es" ? p.title_es || p.title : p.title_en || p.title}
              </option>
            ))}
          </select>
        </div>
        <div className="summary-field">
          <label htmlFor={fieldId("institution")}>{t("ui.summary.institution")}</label>
          <select
            id={fieldId("institution")}
            value={filter.institution ?? ""}
            onChange={(e) => setFilter({ ...filter, institution: e.target.value || null })}
          >
            <option value="">{t("ui.summary.all")}</option>
            {institutions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="summary-field">
          <label htmlFor={fieldId("reporting")}>{t("ui.progress.reporting")}</label>
          <select
            id={fieldId("reporting")}
            value={report?.reporting ?? "year"}
            onChange={(e) => {
              setFilter({ ...filter, period: null });
              void setReporting(e.target.value as "year" | "half");
            }}
          >
            <option value="year">{t("ui.progress.reportingYear")}</option>
            <option value="half">{t("ui.progress.reportingHalf")}</option>
          </select>
        </div>
      </form>
      <ReportButtons period={filter.period} />
      {!report ? (
        <p className="loading">{t("ui.loading")}</p>
      ) : (
        <div className="summary-charts">
          <p className="progress-overview">
            <strong>{t("ui.progress.asOf", { date: formatDate(report.asOf, language) })}</strong>{" "}
            {t("ui.progress.overview", { count: report.actions, done, percent: formatShare(done, report.actions, locale), late: report.late.length })}
          </p>
          {report.byPillar.length > 0 && (
            <BarChart
              id="chart-status-pillar"
              title={t("ui.progress.byPillar")}
              categories={report.byPillar.map((r) => r.label)}
              series={statusSeries(report.byPillar)}
              format={count}
              totals
            />
          )}
          {report.byInstitution.length > 0 && (
            <BarChart
              id="chart-status-institution"
              title={t("ui.progress.byInstitution")}
              categories={report.byInstitution.slice(0, TOP_INSTITUTIONS).map((r) => r.label)}
              series={statusSeries(report.byInstitution.slice(0, TOP_INSTITUTIONS))}
              format={count}
              totals
            />
          )}
          <LateActions report={report} />
          <Indicators report={report} />
        </div>
      )}
    </div>
  );
}

/** The annual report of the chosen period, a round's report, and an institution's monitoring workbook. */
function ReportButtons({ period }: { period: string | null }) {
  const t = useT();
  const [rounds, setRounds] = useState<Array<{ number: number; date: string | null }>>([]);
  const [round, setRound] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const revision = useMatriz((s) => s.plan?.revision);
  useEffect(() => {
    void call("rounds.list").then((answer) => {
      const list = (answer?.rounds ?? []).map((r) => ({ number: r.number, date: r.date }));
      setRounds(list);
      setRound((current) => current ?? list.at(-1)?.number ?? null);
    });
  }, [revision]);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  const roundId = useId();
  return (
    <div className="progress-reports" role="group" aria-label={t("ui.progress.reports")}>
      <span className="progress-reports-label">{t("ui.progress.annualReport", { period: period ?? "—" })}</span>
      {(["xlsx", "pdf"] as const).map((format) => (
        <button key={format} type="button" className="button button--small" disabled={!period || busy} title={period ? undefined : t("ui.progress.choosePeriod")} onClick={() => period && void run(() => call("dialog.exportAnnualReport", { period, format }))}>
          {format === "xlsx" ? t("ui.progress.workbook") : "PDF"}
        </button>
      ))}
      <label htmlFor={roundId} className="progress-reports-label">
        {t("ui.progress.roundReport")}
      </label>
      <select id={roundId} value={round ?? ""} onChange={(e) => setRound(e.target.value ? Number(e.target.value) : null)} disabled={!rounds.length}>
        {rounds.length ? null : <option value="">{t("ui.progress.noRounds")}</option>}
        {rounds.map((r) => (
          <option key={r.number} value={r.number}>
            {t("ui.round.name", { number: r.number })}
            {r.date ? ` · ${r.date}` : ""}
          </option>
        ))}
      </select>
      {(["xlsx", "pdf"] as const).map((format) => (
        <button key={format} type="button" className="button button--small" disabled={round === null || busy} onClick={() => round !== null && void run(() => call("dialog.exportRoundReport", { round, format }))}>
          {format === "xlsx" ? t("ui.progress.workbook") : "PDF"}
        </button>
      ))}
      <button type="button" className="button button--small" onClick={() => openExport("monitoring")}>
        {t("menu.file.finance.exportMonitoring")}
      </button>
    </div>
  );
}

function LateActions({ report }: { report: ProgressReportTables }) {
  const t = useT();
  const language = useLanguage();
  return (
    <section className="progress-section" aria-labelledby="progress-late">
      <h3 id="progress-late" className="summary-chart-title">
        {t("ui.progress.late")} ({report.late.length})
      </h3>
      <p className="muted">{t("ui.progress.lateHint", { date: formatDate(report.asOf, language) })}</p>
      {report.late.length === 0 ? (
        <p>{t("ui.progress.noLate")}</p>
      ) : (
        <table className="summary-table progress-table">
          <caption>{t("ui.progress.late")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("ui.progress.ref")}</th>
              <th scope="col">{t("ui.progress.action")}</th>
              <th scope="col">{t("ui.progress.institutions")}</th>
              <th scope="col" className="num">
                {t("ui.progress.due")}
              </th>
              <th scope="col">{t("ui.progress.status")}</th>
            </tr>
          </thead>
          <tbody>
            {report.late.map((late) => (
              <tr key={late.actionId}>
                <td>{late.ref}</td>
                <td>{late.text}</td>
                <td>{late.institutions.join(", ")}</td>
                <td className="num">{late.due}</td>
                <td>
                  <span className={`status-badge status-badge--${late.status}`}>{t(`ui.status.${late.status}` as MessageKey)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Indicators({ report }: { report: ProgressReportTables }) {
  const t = useT();
  const locale = useNumberLocale();
  const title = report.period ? `${t("ui.progress.indicators")} (${report.period})` : t("ui.progress.indicatorsLatest");
  const withPercent = report.indicators.filter((i) => i.percent !== null);
  const number = (value: number | null) => (value === null ? "—" : formatValue(value, locale));
  return (
    <section className="progress-section" aria-labelledby="progress-indicators">
      <h3 id="progress-indicators" className="summary-chart-title">
        {title}
      </h3>
      {report.indicators.length === 0 ? (
        <p>{t("ui.progress.noIndicators")}</p>
      ) : (
        <table className="summary-table progress-table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("ui.progress.ref")}</th>
              <th scope="col">{t("ui.progress.indicator")}</th>
              <th scope="col">{t("ui.progress.unit")}</th>
              <th scope="col" className="num">
                {t("ui.progress.baseline")}
              </th>
              <th scope="col">{t("ui.progress.periodColumn")}</th>
              <th scope="col" className="num">
                {t("ui.progress.target")}
              </th>
              <th scope="col" className="num">
                {t("ui.progress.actual")}
              </th>
              <th scope="col" className="num">
                {t("ui.progress.percent")}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.indicators.map((i) => (
              <tr key={i.id}>
                <td>{i.ref}</td>
                <td>{i.title}</td>
                <td>{i.unit}</td>
                <td className="num">{i.baseline ? `${number(i.baseline.value)} (${i.baseline.year})` : "—"}</td>
                <td>{i.period ?? "—"}</td>
                <td className="num">{number(i.target)}</td>
                <td className="num">{number(i.actual)}</td>
                <td className="num">{formatPercent(i.percent, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {withPercent.length > 0 && (
        <BarChart
          id="chart-indicator-percent"
          title={t("ui.progress.percentChart")}
          categories={withPercent.map((i) => `${i.ref} ${i.title}`)}
          series={[{ label: t("ui.progress.percentSeries"), values: withPercent.map((i) => i.percent ?? 0) }]}
          format={(value) => formatPercent(value, locale)}
        />
      )}
    </section>
  );
}
