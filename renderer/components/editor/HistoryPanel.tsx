/** Who changed the selected row, when, in which consultation round: old → new. */
import { useEffect, useState } from "react";
import type { HistoryEntry } from "../../../src/api/contract";
import { useLanguage, useT, type Translate } from "../../i18n";
import { useMatriz } from "../../store";
import { query, realId } from "../../sync";
import { toggleHistory } from "../matrix/commands";
import type { GridRow } from "../matrix/model";
import { changeLabel } from "./change-labels";

function shortValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "∅";
  if (typeof value === "string") return value.length > 140 ? `${value.slice(0, 140)}…` : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "…";
}

function describe(entry: HistoryEntry, t: Translate): { what: string; from: string; to: string } {
  const what = changeLabel(entry.label, t);
  if (entry.op === "update") return { what, from: shortValue(entry.oldValue), to: shortValue(entry.newValue) };
  const op = t(entry.op === "insert" ? "ui.history.added" : "ui.history.removed");
  return { what, from: entry.op === "delete" ? op : "", to: entry.op === "insert" ? op : "" };
}

export function HistoryPanel({ row }: { row: GridRow | undefined }) {
  const t = useT();
  const language = useLanguage();
  const revision = useMatriz((s) => s.history);
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const target = row?.kind === "action" ? { entity: "action" as const, id: row.action.id! } : row?.kind === "need" ? { entity: "need" as const, id: row.need.id! } : null;

  useEffect(() => {
    if (!target || target.id.startsWith("tmp-")) return setEntries(null);
    let live = true;
    void query("history.row", { entity: target.entity, id: realId(target.id) }).then((list) => live && setEntries(list ?? []));
    return () => {
      live = false;
    };
  }, [target?.entity, target?.id, revision]);

  const when = new Intl.DateTimeFormat(language === "es" ? "es-419" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
  return (
    <aside className="history-panel" aria-label={t("ui.history.title")} data-region="history">
      <header className="history-head">
        <h2>{t("ui.history.title")}</h2>
        <button type="button" className="button button--small" onClick={toggleHistory}>
          {t("ui.history.close")}
        </button>
      </header>
      {!target ? (
        <p className="muted">{t("ui.history.pick")}</p>
      ) : (
        <>
          <p className="history-row-title">{row?.kind === "action" ? row.action.text : row?.kind === "need" ? row.need.title : ""}</p>
          {entries === null ? null : entries.length === 0 ? (
            <p className="muted">{t("ui.history.none")}</p>
          ) : (
            <ol className="history-list">
              {entries.map((entry, i) => {
                const d = describe(entry, t);
                return (
                  <li key={`${entry.changeSet}-${i}`} className="history-entry">
                    <div className="history-meta">
                      <strong>{entry.author || t("ui.history.someone")}</strong>
                      <time dateTime={entry.at}>{when.format(new Date(entry.at))}</time>
                      {entry.round !== null ? <span className="history-round">{t("ui.round.name", { number: entry.round })}</span> : null}
                    </div>
                    <div className="history-what">{d.what}</div>
                    {d.from || d.to ? (
                      <div className="history-change">
                        {d.from ? <del>{d.from}</del> : null}
                        {d.from && d.to ? <span aria-hidden="true"> → </span> : null}
                        {d.to ? <ins>{d.to}</ins> : null}
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          )}
        </>
      )}
    </aside>
  );
}

