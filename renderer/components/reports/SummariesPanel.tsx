/**
 * The Summaries tab: the plan's budget totals (reports.summary) as bar charts with
 * their data tables, under a small filter bar. Amounts stay per currency: one
 * chart per currency, never a sum across currencies.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { PlanSummaryTables } from "../../../src/api/contract";
import { formatAmount, pillarTitle } from "../../format";
import { useLanguage, useNumberLocale, useT } from "../../i18n";
import { call, useMatriz } from "../../store";
import { BarChart } from "./BarChart";
import { PrintChapter } from "./PrintChapter";
import { ProgressView } from "./ProgressView";
import "./summaries.css";

type Filter = { text: string; pillar: number | null; institution: string | null; year: number | null };
const EMPTY: Filter = { text: "", pillar: null, institution: null, year: null };
const DEBOUNCE_MS = 150;
const TOP_INSTITUTIONS = 15;

const currenciesOf = (tables: PlanSummaryTables) => Object.keys(tables.total).sort();
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

function useSummary(filter: Filter | undefined): PlanSummaryTables | null {
  const revision = useMatriz((s) => s.document);
  const [tables, setTables] = useState<PlanSummaryTables | null>(null);
  const key = JSON.stringify(filter ?? null);
  const sentText = useRef(filter?.text ?? "");
  useEffect(() => {
    let live = true;
    const f = filter;
    // Typing waits for a pause; picking a pillar, institution or year redraws at once.
    const typing = f !== undefined && f.text !== sentText.current;
    const timer = setTimeout(
      () => {
        sentText.current = f?.text ?? "";
        const input = f
          ? { filter: { ...(f.text.trim() ? { text: f.text.trim() } : {}), institution: f.institution, pillar: f.pillar, year: f.year } }
          : {};
        void call("reports.summary", input).then((result) => {
          if (live && result) setTables(result);
        });
      },
      typing ? DEBOUNCE_MS : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, revision]);
  return tables;
}

/** Pillar titles as the matrix shows them, in the language of the UI; the core's title when the plan has no such pillar. */
function usePillarTitles(): (number: number, fallback: string) => string {
  const language = useLanguage();
  const pillars = useMatriz((s) => s.document?.pillars);
  return useMemo(() => {
    const byNumber = new Map((pillars ?? []).map((p) => [p.number, pillarTitle(p, language)]));
    return (number, fallback) => byNumber.get(number) ?? fallback;
  }, [pillars, language]);
}


type View = "budget" | "progress";

/** Budget or Progress: the two views of the Summaries tab, as a pair of toggle buttons. */
export function SummariesPanel() {
  const t = useT();
  const [view, setView] = useState<View>("budget");
  return (
    <div className="summaries">
      <h2 className="visually-hidden">{t("ui.summary.heading")}</h2>
      <div className="summary-views" role="group" aria-label={t("ui.summary.view")}>
        {(["budget", "progress"] as const).map((v) => (
          <button key={v} type="button" className={`summary-view${view === v ? " is-on" : ""}`} aria-pressed={view === v} onClick={() => setView(v)}>
            {t(v === "budget" ? "ui.summary.viewBudget" : "ui.summary.viewProgress")}
          </button>
        ))}
      </div>
      {view === "budget" ? <BudgetView /> : <ProgressView />}
    </div>
  );
}

function BudgetView() {
  const t = useT();
  const locale = useNumberLocale();
  const titleOf = usePillarTitles();
  const [filter, setFilter] = useState<Filter>(EMPTY);
  /** The unfiltered summary, only for the filter's choices. */
  const all = useSummary(undefined);
  const tables = useSummary(filter);
  const money = (value: number) => formatAmount(value, locale);
  const count = (value: number) => formatAmount(value, locale, 0);

  const choices = useMemo(() => {
    const pillars = new Map<number, string>();
    for (const row of all?.byPillarYear ?? []) pillars.set(row.pillar, titleOf(row.pillar, row.title));
    const institutions = new Set<string>();
    for (const row of all?.actionsPerInstitution ?? []) institutions.add(row.institution);
    for (const row of all?.byInstitutionYear ?? []) institutions.add(row.institution);
    return {
      pillars: [...pillars].sort((a, b) => a[0] - b[0]),
      institutions: [...institutions].sort((a, b) => a.localeCompare(b)),
      years: all?.years ?? [],
    };
  }, [all, titleOf]);

  const set = <K extends keyof Filter>(key: K, value: Filter[K]) => setFilter((f) => ({ ...f, [key]: value }));

  return (
    <div className="budget-view">
      <form className="summary-filter" role="search" aria-label={t("ui.summary.filter")} onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t("ui.summary.text")}</span>
          <input type="search" value={filter.text} onChange={(e) => set("text", e.target.value)} />
        </label>
        <label>
          <span>{t("ui.summary.pillar")}</span>
          <select value={filter.pillar ?? ""} onChange={(e) => set("pillar", e.target.value === "" ? null : Number(e.target.value))}>
            <option value="">{t("ui.summary.all")}</option>
            {choices.pillars.map(([number, title]) => (
              <option key={number} value={number}>
                {number}. {title}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("ui.summary.institution")}</span>
          <select value={filter.institution ?? ""} onChange={(e) => set("institution", e.target.value === "" ? null : e.target.value)}>
            <option value="">{t("ui.summary.all")}</option>
            {choices.institutions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("ui.summary.year")}</span>
          <select value={filter.year ?? ""} onChange={(e) => set("year", e.target.value === "" ? null : Number(e.target.value))}>
            <option value="">{t("ui.summary.all")}</option>
            {choices.years.map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
        </label>
        <PrintChapter />
      </form>
      {!tables ? (
        <p className="loading">{t("ui.loading")}</p>
      ) : (
        <Charts tables={tables} money={money} count={count} titleOf={titleOf} />
      )}
    </div>
  );
}

function Charts(props: { tables: PlanSummaryTables; money: (n: number) => string; count: (n: number) => string; titleOf: (number: number, fallback: string) => string }) {
  const { tables, money, count, titleOf } = props;
  const t = useT();
  const currencies = currenciesOf(tables);
  const years = tables.years;
  const lead = t("ui.summary.lead");
  const supporting = t("ui.summary.supporting");
  const actions = tables.actionsPerInstitution.slice(0, TOP_INSTITUTIONS);

  return (
    <div className="summary-charts">
      {currencies.length === 0 && <p className="summary-empty">{t("ui.summary.empty")}</p>}
      {currencies.map((currency) => {
        // Only the pillars with an amount in this currency: a dollar chart has no rows of zeros for the quetzal pillars.
        const inCurrency = tables.byPillarYear.filter((r) => r.amounts[currency] !== undefined);
        const pillars = [...new Map(inCurrency.map((r) => [r.pillar, `${r.pillar}. ${titleOf(r.pillar, r.title)}`]))].sort((a, b) => a[0] - b[0]);
        const pillarSeries = years
          .map((year) => ({
            label: String(year),
            values: pillars.map(([p]) => tables.byPillarYear.filter((r) => r.pillar === p && r.year === year).reduce((n, r) => n + (r.amounts[currency] ?? 0), 0)),
          }))
          .filter((s) => s.values.some((v) => v !== 0));
        const perInstitution = new Map<string, number>();
        for (const row of tables.byInstitutionYear) {
          const amount = row.amounts[currency];
          if (amount !== undefined) perInstitution.set(row.institution, (perInstitution.get(row.institution) ?? 0) + amount);
        }
        const topInstitutions = [...perInstitution].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_INSTITUTIONS);
        const f = tables.fundedVersusToMobilise;
        const code = slug(currency);
        return (
          <section key={currency} className="summary-currency" data-currency={currency}>
            <BarChart
              id={`chart-pillar-year-${code}`}
              title={t("ui.summary.byPillarYear", { currency })}
              categories={pillars.map(([, label]) => label)}
              series={pillarSeries}
              format={money}
              totals
            />
            <BarChart
              id={`chart-institution-${code}`}
              title={t("ui.summary.byInstitution", { currency })}
              categories={topInstitutions.map(([name]) => name)}
              series={[{ label: t("ui.summary.amount"), values: topInstitutions.map(([, n]) => n) }]}
              format={money}
            />
            <BarChart
              id={`chart-funded-${code}`}
              title={t("ui.summary.funded", { currency })}
              categories={[t("ui.summary.fundedLabel"), t("ui.summary.toBeMobilised"), t("ui.summary.unspecified")]}
              series={[{ label: t("ui.summary.amount"), values: [f.funded[currency] ?? 0, f.toBeMobilised[currency] ?? 0, f.unspecified[currency] ?? 0] }]}
              format={money}
            />
          </section>
        );
      })}
      {actions.length > 0 && (
        <BarChart
          id="chart-actions"
          title={t("ui.summary.actions")}
          categories={actions.map((r) => r.institution)}
          series={[
            { label: lead, values: actions.map((r) => r.lead) },
            { label: supporting, values: actions.map((r) => r.supporting) },
          ]}
          format={count}
          totals
        />
      )}
    </div>
  );
}
