/**
 * The returns tracker: for each institution, the finance workbook it was sent and
 * when, whether it came back (file, date, who imported it) and the conflicts still
 * open, with the export and conflict dialogs a click away.
 */
import { useEffect, useState } from "react";
import type { ReturnsEntry } from "../../../src/api/contract";
import { useLanguage, useT } from "../../i18n";
import { useMatriz } from "../../store";
import { query } from "../../sync";
import { openConflicts, openExport } from "../finance/finance-store";
import "./directory.css";

export function ReturnsPanel() {
  const t = useT();
  const language = useLanguage();
  const revision = useMatriz((s) => s.plan?.revision);
  const history = useMatriz((s) => s.history);
  const [entries, setEntries] = useState<ReturnsEntry[] | null>(null);

  useEffect(() => {
    let live = true;
    void query("returns.list").then((list) => live && list && setEntries(list));
    return () => {
      live = false;
    };
  }, [revision, history]);

  const date = new Intl.DateTimeFormat(language === "es" ? "es-419" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
  const when = (iso: string) => <time dateTime={iso}>{date.format(new Date(iso))}</time>;
  const list = entries ?? [];
  const sent = list.filter((e) => e.sent.length).length;
  const returned = list.filter((e) => e.status === "returned" || e.status === "conflicts").length;

  return (
    <section className="returns" aria-labelledby="returns-title">
      <header className="directory-head">
        <div>
          <h2 id="returns-title">{t("ui.returns.title")}</h2>
          <p className="directory-intro">{t("ui.returns.intro")}</p>
        </div>
        <button type="button" className="button" onClick={() => openExport("institution")}>
          {t("ui.returns.export")}
        </button>
      </header>
      {entries ? <p className="returns-summary">{t("ui.returns.summary", { sent, returned, pending: sent - returned })}</p> : <p className="muted">{t("ui.loading")}</p>}
      <div className="directory-table-wrap">
        <table className="directory-table returns-table">
          <thead>
            <tr>
              <th scope="col">{t("ui.returns.col.institution")}</th>
              <th scope="col">{t("ui.returns.col.status")}</th>
              <th scope="col">{t("ui.returns.col.sent")}</th>
              <th scope="col">{t("ui.returns.col.returned")}</th>
              <th scope="col" className="num">
                {t("ui.returns.col.conflicts")}
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((entry) => {
              const latest = entry.sent[entry.sent.length - 1];
              const back = latest?.returns ?? [];
              return (
                <tr key={entry.institutionId ?? "plan"} data-institution={entry.label ?? ""} className={`returns-row returns-row--${entry.status}`}>
                  <th scope="row">
                    {entry.label ?? t("ui.returns.wholePlan")}
                    {entry.acronym && entry.acronym !== entry.label ? <span className="directory-acronym">{entry.acronym}</span> : null}
                  </th>
                  <td>
                    <span className={`returns-status returns-status--${entry.status}`}>{t("ui.returns.status", { status: entry.status })}</span>
                  </td>
                  <td>
                    {latest ? (
                      <>
                        {when(latest.at)} <span className="returns-file">{latest.file}</span>
                        {entry.sent.length > 1 ? <span className="muted"> {t("ui.returns.earlier", { count: entry.sent.length - 1 })}</span> : null}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {back.map((r) => (
                      <div key={r.id}>
                        {when(r.at)} <span className="returns-file">{r.file}</span>
                        {r.by ? <span className="muted"> · {t("ui.returns.byWhom", { by: r.by })}</span> : null}
                      </div>
                    ))}
                  </td>
                  <td className="num">
                    {entry.openConflicts ? (
                      <button type="button" className="button button--small finance-bar-conflicts" onClick={openConflicts}>
                        {entry.openConflicts} · {t("ui.returns.review")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
