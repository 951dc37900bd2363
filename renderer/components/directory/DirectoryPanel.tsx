/**
 * The institution directory: every institution once, with its action and
 * budget-line counts; rename it, complete its details (acronym, full names,
 * kind, focal point, level), merge spelling variants into one. Likely
 * duplicates are suggested at the top. Every change is one undo step.
 */
import { useEffect, useMemo, useState } from "react";
import type { DirectoryEntry, DuplicateGroup } from "../../../src/api/contract";
import { useLanguage, useT } from "../../i18n";
import { useMatriz } from "../../store";
import { edit, query } from "../../sync";
import { undo } from "../matrix/commands";
import { EditInstitutionDialog } from "./EditInstitutionDialog";
import { MergeDialog } from "./MergeDialog";
import "./directory.css";

const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

export type DirectoryDialog = { type: "edit"; entry: DirectoryEntry } | { type: "merge"; from: DirectoryEntry; into: string | null } | null;

export function DirectoryPanel() {
  const t = useT();
  const language = useLanguage();
  const history = useMatriz((s) => s.history);
  const revision = useMatriz((s) => s.plan?.revision);
  const [data, setData] = useState<{ entries: DirectoryEntry[]; suggestions: DuplicateGroup[] } | null>(null);
  const [search, setSearch] = useState("");
  const [dialog, setDialog] = useState<DirectoryDialog>(null);
  const [done, setDone] = useState<string | null>(null);

  // Again after every edit (undo included) and whenever the plan changed under the screen.
  useEffect(() => {
    let live = true;
    void query("directory.institutions").then((answer) => live && answer && setData(answer));
    return () => {
      live = false;
    };
  }, [history, revision]);

  const shown = useMemo(() => {
    const wanted = fold(search.trim());
    return (data?.entries ?? []).filter((e) => !wanted || [e.label, e.acronym, e.name_es, e.name_en, ...e.merged].some((v) => v && fold(v).includes(wanted)));
  }, [data, search]);
  const byId = useMemo(() => new Map((data?.entries ?? []).map((e) => [e.id, e])), [data]);

  const merge = async (from: DirectoryEntry, into: DirectoryEntry) => {
    const answer = await edit("directory.merge", () => ({ from: from.id, into: into.id }), { structural: true });
    setDialog(null);
    if (answer) setDone(t("ui.directory.done.merged", { from: answer.merged.from, into: answer.merged.into }));
  };

  const kindName = (entry: DirectoryEntry) => (entry.kind ? t("ui.directory.kind", { kind: entry.kind }) : "");

  return (
    <section className="directory" aria-labelledby="directory-title">
      <header className="directory-head">
        <div>
          <h2 id="directory-title">{t("ui.directory.title")}</h2>
          <p className="directory-intro">{t("ui.directory.intro")}</p>
        </div>
        <label className="directory-search">
          <span className="visually-hidden">{t("ui.directory.search")}</span>
          <input type="search" className="text-input" value={search} placeholder={t("ui.directory.search")} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </header>
      {done ? (
        <p className="directory-done" role="status">
          {done}{" "}
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              undo();
              setDone(null);
            }}
          >
            {t("ui.directory.undo")}
          </button>
        </p>
      ) : null}
      {data && data.suggestions.length ? (
        <section className="directory-suggestions" aria-labelledby="directory-suggestions-title">
          <h3 id="directory-suggestions-title">{t("ui.directory.suggestions", { count: data.suggestions.length })}</h3>
          <ul className="plain-list">
            {data.suggestions.map((group) => {
              const into = byId.get(group.into);
              if (!into) return null;
              return (
                <li key={group.ids.join("|")} className="directory-suggestion">
                  <span className="directory-suggestion-names">
                    {group.labels.map((label) => (
                      <span key={label} className="tag">
                        {label}
                      </span>
                    ))}
                  </span>
                  <span className="directory-suggestion-why">{group.reasons.map((r) => t("ui.directory.reason", { kind: r.kind, value: r.value })).join(" · ")}</span>
                  <span className="directory-suggestion-actions">
                    {group.ids
                      .filter((id) => id !== group.into)
                      .map((id) => byId.get(id))
                      .filter((e): e is DirectoryEntry => Boolean(e))
                      .map((from) => (
                        <button key={from.id} type="button" className="button button--small" onClick={() => setDialog({ type: "merge", from, into: into.id })}>
                          {from.label} → {into.label}
                        </button>
                      ))}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <p className="directory-count muted">{data ? t("ui.directory.count", { count: shown.length }) : t("ui.loading")}</p>
      <div className="directory-table-wrap">
        <table className="directory-table">
          <thead>
            <tr>
              <th scope="col">{t("ui.directory.col.name")}</th>
              <th scope="col">{t("ui.directory.col.kind")}</th>
              <th scope="col" className="num">
                {t("ui.directory.col.actions")}
              </th>
              <th scope="col" className="num">
                {t("ui.directory.col.lines")}
              </th>
              <th scope="col">{t("ui.directory.col.focal")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("ui.directory.edit")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => {
              const fullName = (language === "es" ? entry.name_es : entry.name_en) ?? entry.name_es ?? entry.name_en;
              return (
                <tr key={entry.id} data-institution={entry.label}>
                  <th scope="row">
                    <span className="directory-label">{entry.label}</span>
                    {entry.acronym && entry.acronym !== entry.label ? <span className="directory-acronym">{entry.acronym}</span> : null}
                    {fullName && fullName !== entry.label ? <span className="directory-fullname">{fullName}</span> : null}
                    {entry.merged.length ? <span className="directory-merged">{t("ui.directory.merged", { names: entry.merged.join(" · ") })}</span> : null}
                  </th>
                  <td>{kindName(entry)}</td>
                  <td className="num">{entry.actions}</td>
                  <td className="num">{entry.budgetLines}</td>
                  <td>
                    {entry.focal_name ? <span className="directory-focal">{entry.focal_name}</span> : null}
                    {entry.focal_email ? <a href={`mailto:${entry.focal_email}`}>{entry.focal_email}</a> : null}
                    {entry.focal_phone ? <span>{entry.focal_phone}</span> : null}
                    {entry.level ? <span className="tag">{t("ui.directory.level", { level: entry.level })}</span> : null}
                  </td>
                  <td className="directory-buttons">
                    <button type="button" className="button button--small" onClick={() => setDialog({ type: "edit", entry })} aria-label={`${t("ui.directory.edit")}: ${entry.label}`}>
                      {t("ui.directory.edit")}
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setDialog({ type: "merge", from: entry, into: null })}
                      aria-label={`${t("ui.directory.merge")} ${entry.label}`}
                    >
                      {t("ui.directory.merge")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {dialog?.type === "edit" ? (
        <EditInstitutionDialog
          entry={dialog.entry}
          onClose={() => setDialog(null)}
          onSaved={(message) => {
            setDialog(null);
            setDone(message);
          }}
        />
      ) : null}
      {dialog?.type === "merge" ? (
        <MergeDialog from={dialog.from} into={dialog.into} entries={data?.entries ?? []} onClose={() => setDialog(null)} onMerge={(from, into) => void merge(from, into)} />
      ) : null}
    </section>
  );
}
