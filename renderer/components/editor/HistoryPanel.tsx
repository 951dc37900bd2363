/** Who changed the selected row, when, in which consultation round: old → new. */
import { useEffect, useState } from "react";
import type { HistoryEntry } from "../../../src/api/contract";
import { formatAmount } from "../../format";
import type { Language, MessageKey } from "../../../src/i18n";
import { useLanguage, useNumberLocale, useT, type Translate } from "../../i18n";
import { useMatriz } from "../../store";
import { query, realId } from "../../sync";
import { toggleHistory } from "../matrix/commands";
import type { GridRow } from "../matrix/model";
import { changeLabel, columnHeadings } from "./change-labels";

function shortValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "∅";
  if (typeof value === "string") return value.length > 140 ? `${value.slice(0, 140)}…` : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "…";
}

interface Described {
  what: string;
  /** A sentence that says the change whole (a budget line with its year, amount and currency). */
  detail?: string;
  from?: string;
  to?: string;
  diff?: NonNullable<HistoryEntry["diff"]>;
}

/** Each change as a person reads it: long texts as the words that changed, budget lines with year, amount and currency. */
function describe(entry: HistoryEntry, t: Translate, locale: string, heading: (key: string) => string | undefined, language: Language): Described {
  // A plan column's value names the column by its heading, as the entry carries it (the column may be gone since).
  const columnHeading = entry.column?.[language];
  const what = changeLabel(entry.label, t, (key) => columnHeading ?? heading(key));
  const money = (value: unknown) => (typeof value === "number" ? formatAmount(value, locale) : "—");
  if (entry.entity === "budget_line" && entry.line) {
    // The year as text: a number would be written "2,019".
    const line = { year: String(entry.line.year), currency: entry.line.currency };
    if (entry.op !== "update") {
      return { what, detail: t("ui.history.line", { op: entry.op, ...line, amount: money(entry.line.amount) }) + (entry.institution ? ` · ${entry.institution}` : "") };
    }
    const shown = (value: unknown) => (entry.field === "amount_minor" ? money(value) : shortValue(value));
    return { what, detail: t("ui.history.lineField", { field: entry.field ?? "", ...line }), from: shown(entry.oldValue), to: shown(entry.newValue) };
  }
  if (entry.entity === "action_institution" && entry.institution) {
    if (entry.op !== "update") return { what, detail: t("ui.history.institutionLink", { op: entry.op, name: entry.institution }) };
    if (entry.field === "is_lead") return { what, detail: t("ui.history.lead", { lead: entry.newValue === 1 ? "yes" : "no", name: entry.institution }) };
  }
  if (entry.entity === "action" && entry.field === "status") {
    const status = (value: unknown) => (typeof value === "string" ? t(`ui.status.${value}` as MessageKey) : "—");
    return { what, from: status(entry.oldValue), to: status(entry.newValue) };
  }
  if (entry.entity === "custom_value") {
    // The value itself, not "added": a cell filled, changed or emptied.
    const valueOf = (v: unknown) => (v && typeof v === "object" ? (v as { value?: unknown }).value : v);
    const whatColumn = columnHeading ? t("ui.change.custom", { column: columnHeading }) : what;
    if (entry.op === "update") return { what: whatColumn, from: shortValue(entry.oldValue), to: shortValue(entry.newValue) };
    return { what: whatColumn, from: entry.op === "delete" ? shortValue(valueOf(entry.oldValue)) : "∅", to: entry.op === "insert" ? shortValue(valueOf(entry.newValue)) : "∅" };
  }
  if (entry.op === "update") return entry.diff ? { what, diff: entry.diff } : { what, from: shortValue(entry.oldValue), to: shortValue(entry.newValue) };
  // "línea añadida", "acción añadida", "indicador quitado": the words agree with what was added or removed.
  const op = t(entry.op === "insert" ? "ui.history.added" : "ui.history.removed", { entity: entry.entity });
  return { what, from: entry.op === "delete" ? op : "", to: entry.op === "insert" ? op : "" };
}

export function HistoryPanel({ row }: { row: GridRow | undefined }) {
  const t = useT();
  const language = useLanguage();
  const locale = useNumberLocale();
  const revision = useMatriz((s) => s.history);
  // Another laptop's edit (a live workshop) changes the plan's revision without touching this laptop's undo.
  const planRevision = useMatriz((s) => s.plan?.revision);
  const heading = columnHeadings(useMatriz((s) => s.document?.custom_columns), language);
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const target = row?.kind === "action" ? { entity: "action" as const, id: row.action.id! } : row?.kind === "need" ? { entity: "need" as const, id: row.need.id! } : null;

  useEffect(() => {
    if (!target || target.id.startsWith("tmp-")) return setEntries(null);
    let live = true;
    void query("history.row", { entity: target.entity, id: realId(target.id) }).then((list) => live && setEntries(list ?? []));
    return () => {
      live = false;
    };
  }, [target?.entity, target?.id, revision, planRevision]);

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
                const d = describe(entry, t, locale, heading, language);
                return (
                  <li key={`${entry.changeSet}-${i}`} className="history-entry">
                    <div className="history-meta">
                      <strong>{entry.author || t("ui.history.someone")}</strong>
                      {entry.device ? <span className="history-device">{t("ui.history.device", { device: entry.device })}</span> : null}
                      <time dateTime={entry.at}>{when.format(new Date(entry.at))}</time>
                      {entry.round !== null ? <span className="history-round">{t("ui.round.name", { number: entry.round })}</span> : null}
                    </div>
                    <div className="history-what">{d.what}</div>
                    {d.detail ? <div className="history-detail">{d.detail}</div> : null}
                    {d.diff ? (
                      <div className="history-change history-diff" aria-label={t("ui.history.changedWords")}>
                        {d.diff.map((part, k) =>
                          part.kind === "added" ? (
                            <ins key={k}>{part.text}</ins>
                          ) : part.kind === "removed" ? (
                            <del key={k}>{part.text}</del>
                          ) : (
                            <span key={k} className={part.kind === "gap" ? "history-gap" : undefined}>
                              {part.text}
                            </span>
                          ),
                        )}
                      </div>
                    ) : null}
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

