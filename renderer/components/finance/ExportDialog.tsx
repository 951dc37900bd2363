/**
 * File › Export for an institution / the whole plan: pick the institution by
 * acronym or name, the workbook's language, then where to save it. The same
 * dialog exports an institution's monitoring workbook for a reporting period.
 */
import { useEffect, useMemo, useState } from "react";
import type { FinanceInstitution } from "../../../src/api/contract";
import { planPeriods } from "../../../src/domain/periods";
import type { Language } from "../../../src/i18n";
import { useLanguage, useT } from "../../i18n";
import { call, useMatriz } from "../../store";
import { runTask } from "../../tasks";
import { TaskBar } from "../TaskBar";
import { FinanceModal } from "./FinanceModal";
import { closeFinance, useFinance } from "./finance-store";

const PLAN = "__plan__";
const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

export function ExportDialog() {
  const t = useT();
  const uiLanguage = useLanguage();
  const planLanguage = useMatriz((s) => s.plan?.language ?? uiLanguage);
  const scope = useFinance((s) => s.exportScope);
  const notice = useFinance((s) => s.notice);
  /** The workbook just written, for Show in folder beside the message. */
  const [saved, setSaved] = useState<string | null>(null);
  const [institutions, setInstitutions] = useState<FinanceInstitution[] | null>(null);
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<string>(scope === "plan" ? PLAN : "");
  const [language, setLanguage] = useState<Language>(planLanguage);
  const [busy, setBusy] = useState(false);
  const monitoring = scope === "monitoring";
  const doc = useMatriz((s) => s.document);
  const periods = useMemo(() => (doc?.period ? planPeriods(doc.period, doc.reporting ?? "year") : []), [doc?.period, doc?.reporting]);
  const [period, setPeriod] = useState(() => periods.find((p) => p.startsWith(String(new Date().getFullYear() - 1))) ?? periods[0] ?? "");

  useEffect(() => {
    // Nothing chosen for the user: the first name in the list ("All Institutions", say) is rarely the one meant.
    void call("finance.institutions").then((list) => setInstitutions(list ?? []));
  }, [scope]);

  const shown = useMemo(() => {
    const wanted = fold(search.trim());
    return (institutions ?? []).filter((i) => !wanted || [i.label, i.acronym, i.name].some((v) => v && fold(v).includes(wanted)));
  }, [institutions, search]);

  const submit = async () => {
    if (!chosen || busy) return;
    setBusy(true);
    if (monitoring) {
      const made = await call("dialog.exportMonitoring", { institution: chosen, period, language });
      setBusy(false);
      if (made) {
        setSaved(made.handle);
        useFinance.setState({ notice: t("ui.finance.export.done", { path: made.path, rows: made.rows }) });
      }
      return;
    }
    const made = await runTask("exportFinance", (task) => call("dialog.exportFinance", { institution: chosen === PLAN ? null : chosen, language, task }));
    setBusy(false);
    if (made) {
      setSaved(made.handle);
      useFinance.setState({ notice: t("ui.finance.export.done", { path: made.path, rows: made.rows }) });
    }
  };

  const option = (value: string, title: string, detail: string | null, counts: string | null) => (
    <li key={value}>
      <label className={`finance-choice ${chosen === value ? "is-chosen" : ""}`}>
        <input type="radio" name="finance-institution" value={value} checked={chosen === value} onChange={() => setChosen(value)} />
        <span className="finance-choice-title">{title}</span>
        {detail ? <span className="finance-choice-detail">{detail}</span> : null}
        {counts ? <span className="finance-choice-counts">{counts}</span> : null}
      </label>
    </li>
  );

  return (
    <FinanceModal title={t(monitoring ? "ui.finance.export.monitoringTitle" : "ui.finance.export.title")} className="modal--finance-export" onClose={closeFinance}>
      <p className="finance-intro">{t(monitoring ? "ui.finance.export.monitoringIntro" : "ui.finance.export.intro")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="finance-field">
          <span>{t("ui.finance.export.institution")}</span>
          <input
            type="search"
            className="text-input"
            value={search}
            placeholder={t("ui.finance.export.search")}
            aria-label={t("ui.finance.export.search")}
            onChange={(e) => setSearch(e.target.value)}
            data-autofocus
          />
        </label>
        <fieldset className="finance-choices">
          <legend className="visually-hidden">{t("ui.finance.export.institution")}</legend>
          <ul className="plain-list">
            {monitoring ? null : option(PLAN, t("ui.finance.export.wholePlan"), null, null)}
            {shown.map((i) =>
              option(
                i.id,
                i.acronym && i.acronym !== i.label ? `${i.acronym} · ${i.label}` : i.label,
                i.name && i.name !== i.label ? i.name : null,
                t("ui.finance.export.counts", { actions: i.actions, lines: i.lines }),
              ),
            )}
          </ul>
          {institutions && !shown.length ? <p className="empty-note">{t("ui.finance.export.none")}</p> : null}
        </fieldset>
        {monitoring ? (
          <label className="finance-field">
            <span>{t("ui.finance.export.period")}</span>
            <select value={period} onChange={(e) => setPeriod(e.target.value)}>
              {periods.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <fieldset className="finance-language">
          <legend>{t("ui.finance.export.language")}</legend>
          {(["es", "en"] as const).map((l) => (
            <label key={l}>
              <input type="radio" name="finance-language" value={l} checked={language === l} onChange={() => setLanguage(l)} /> {t(`language.${l}`)}
            </label>
          ))}
        </fieldset>
        {notice ? (
          <p className="finance-notice" role="status">
            {notice}{" "}
            {saved ? (
              <button type="button" className="button button--small" onClick={() => void call("file.showInFolder", { handle: saved })}>
                {t("ui.notice.showInFolder")}
              </button>
            ) : null}
          </p>
        ) : null}
        <TaskBar kinds={["exportFinance"]} />
        <div className="modal-buttons">
          <button type="button" className="button" onClick={closeFinance}>
            {t("ui.finance.import.close")}
          </button>
          <button type="submit" className="button button--primary" disabled={!chosen || busy}>
            {t("ui.finance.export.submit")}
          </button>
        </div>
      </form>
    </FinanceModal>
  );
}
