/**
 * The regional view: several national plans (or their national workbooks) side
 * by side in one currency. The user adds files, types the exchange rates (rate
 * and date) the consolidation asks for, and may count a national pillar under
 * another CRRF pillar; totals follow at once. The national files are only read.
 */
import { useEffect, useState } from "react";
import { create } from "zustand";
import type { GrantedFile, RegionalAnswer } from "../../../src/api/contract";
import { formatAmount } from "../../../src/domain/numbers";
import type { MessageKey } from "../../../src/i18n";
import { crrfPillarTitle, nationalPillarTitle } from "../../format";
import { useLanguage, useNumberLocale, useT } from "../../i18n";
import { call } from "../../store";
import { dropTask, runTask } from "../../tasks";
import "./regional.css";

/** Whether the regional view is showing (it is reached from the welcome screen). */
export const useRegional = create<{ open: boolean }>(() => ({ open: false }));
export const openRegional = () => useRegional.setState({ open: true });

type Rates = Record<string, { rate: string; date: string }>;
type Mapping = Record<string, Record<string, number>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Only complete rates are sent; a half-typed one waits. A rate is a plain
 * decimal (0.125 or 0,125): unlike amounts it never has thousands marks, so a
 * single comma or point is always the decimal mark.
 */
function ratesToSend(rates: Rates) {
  const out: Record<string, { rate: number; date: string }> = {};
  for (const [currency, { rate, date }] of Object.entries(rates)) {
    const text = rate.trim();
    if (!/^\d+([.,]\d+)?$/.test(text) || !DATE.test(date)) continue;
    const value = Number(text.replace(",", "."));
    if (value > 0) out[currency] = { rate: value, date };
  }
  return out;
}

export function RegionalView() {
  const t = useT();
  const language = useLanguage();
  const locale = useNumberLocale();
  const crrf = (n: number) => t("ui.regional.crrfPillar", { n, title: crrfPillarTitle(n, language) });
  /** The plans and workbooks the user chose in the dialog: handles to send, names to show. */
  const [files, setFiles] = useState<GrantedFile[]>([]);
  const [currency, setCurrency] = useState("USD");
  const [rates, setRates] = useState<Rates>({});
  const [mapping, setMapping] = useState<Mapping>({});
  const [answer, setAnswer] = useState<RegionalAnswer | null>(null);
  const money = (n: number) => `${formatAmount(n, locale)} ${currency}`;
  const request = { sources: files.map((f) => f.handle), currency, rates: ratesToSend(rates), mapping };
  const key = JSON.stringify(request);

  useEffect(() => {
    if (!files.length || !/^[A-Z]{3}$/.test(currency)) {
      setAnswer(null);
      return;
    }
    let live = true;
    let task: string | null = null;
    // A cancelled consolidation answers null: the view keeps what it showed.
    void runTask("consolidate", (id) => {
      task = id;
      return call("regional.consolidate", { ...request, task: id });
    }).then((value) => {
      task = null;
      if (live && value) setAnswer(value);
    });
    return () => {
      live = false;
      // A newer request replaces this one: the core need not finish it.
      if (task) dropTask(task);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const addFiles = async () => {
    const picked = await call("dialog.pickRegionalSources");
    if (picked?.length) setFiles((list) => [...list, ...picked.filter((f) => !list.some((g) => g.handle === f.handle))]);
  };
  const setRate = (code: string, field: "rate" | "date", value: string) =>
    setRates((r) => ({ ...r, [code]: { rate: r[code]?.rate ?? "", date: r[code]?.date ?? "", [field]: value } }));
  const setPillar = (iso3: string, pillar: number, crrf: number) => setMapping((m) => ({ ...m, [iso3]: { ...m[iso3], [String(pillar)]: crrf } }));
  // Where it went is said by the notice every export raises, with Show in folder.
  const exportWorkbook = () => void runTask("exportRegional", (task) => call("dialog.exportRegional", { ...request, task }));
  const result = answer?.result ?? null;

  return (
    <div className="regional">
      <header className="regional-head">
        <h1>{t("ui.regional.title")}</h1>
        <p>{t("ui.regional.intro")}</p>
        <div className="regional-actions">
          <button type="button" className="button button--primary" onClick={() => void addFiles()}>
            {t("ui.regional.add")}
          </button>
          <label>
            {t("ui.regional.currency")}{" "}
            <input className="regional-currency" value={currency} maxLength={3} size={4} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
          </label>
          <button type="button" className="button" disabled={!result} onClick={exportWorkbook}>
            {t("ui.regional.export")}
          </button>
          <button type="button" className="button" onClick={() => useRegional.setState({ open: false })}>
            {t("ui.regional.close")}
          </button>
        </div>
      </header>

      <section aria-labelledby="regional-sources">
        <h2 id="regional-sources">{t("ui.regional.sources")}</h2>
        {files.length === 0 ? <p className="empty-note">{t("ui.regional.none")}</p> : null}
        <ul className="regional-sources">
          {files.map((file) => {
            const source = answer?.sources.find((s) => s.handle === file.handle);
            return (
              <li key={file.handle}>
                <span title={file.path}>{source ? `${source.country} (${source.iso3}) · ` : ""}{file.name}</span>{" "}
                <button type="button" className="button" aria-label={t("ui.regional.remove", { file: file.name })} onClick={() => setFiles((list) => list.filter((f) => f.handle !== file.handle))}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      </section>

      {answer && answer.currencies.length ? (
        <section aria-labelledby="regional-rates">
          <h2 id="regional-rates">{t("ui.regional.rates", { currency })}</h2>
          <table className="regional-table regional-rates">
            <thead>
              <tr>
                <th scope="col">{t("ui.regional.from")}</th>
                <th scope="col">{t("ui.regional.rate", { currency })}</th>
                <th scope="col">{t("ui.regional.date")}</th>
              </tr>
            </thead>
            <tbody>
              {answer.currencies.map((code) => (
                <tr key={code} data-currency={code} className={answer.missing.includes(code) ? "regional-missing" : undefined}>
                  <th scope="row">{code}</th>
                  <td>
                    <input aria-label={t("ui.regional.rate", { currency: `${code} → ${currency}` })} value={rates[code]?.rate ?? ""} onChange={(e) => setRate(code, "rate", e.target.value)} />
                  </td>
                  <td>
                    <input type="date" aria-label={t("ui.regional.date")} value={rates[code]?.date ?? ""} onChange={(e) => setRate(code, "date", e.target.value)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {answer.missing.length ? <p className="regional-waiting">{t("ui.regional.missing", { count: answer.missing.length, currencies: answer.missing.join(", ") })}</p> : null}
        </section>
      ) : null}

      {result ? (
        <>
          <section aria-labelledby="regional-totals">
            <h2 id="regional-totals">{t("ui.regional.totals")}</h2>
            <table className="regional-table regional-by-country">
              <tbody>
                {result.byCountry.map((c) => (
                  <tr key={c.iso3} data-iso3={c.iso3}>
                    <th scope="row">{c.country}</th>
                    <td className="amount">{money(c.total)}</td>
                  </tr>
                ))}
                {result.byCrrfPillar.map((p) => (
                  <tr key={p.crrfPillar} data-crrf={p.crrfPillar}>
                    <th scope="row">{crrf(p.crrfPillar)}</th>
                    <td className="amount">{money(p.total)}</td>
                  </tr>
                ))}
                <tr className="regional-total">
                  <th scope="row">{t("ui.regional.total")}</th>
                  <td className="amount">{money(result.total)}</td>
                </tr>
              </tbody>
            </table>
          </section>
          {result.monitoring ? <RegionalProgress monitoring={result.monitoring} /> : null}
          <section aria-labelledby="regional-mapping">
            <h2 id="regional-mapping">{t("ui.regional.mapping")}</h2>
            <table className="regional-table">
              <thead>
                <tr>
                  <th scope="col">{t("ui.regional.country")}</th>
                  <th scope="col">{t("ui.regional.nationalPillar")}</th>
                  <th scope="col">{t("ui.regional.crrf")}</th>
                </tr>
              </thead>
              <tbody>
                {result.mapping.map((m) => (
                  <tr key={`${m.iso3}-${m.nationalPillar}`}>
                    <td>{m.iso3}</td>
                    <td>
                      {m.nationalPillar}. {nationalPillarTitle(m.iso3, m.nationalPillar, m.nationalTitle, language)}
                    </td>
                    <td>
                      <select
                        aria-label={t("ui.regional.crrfFor", { iso3: m.iso3, n: m.nationalPillar })}
                        value={m.crrfPillar}
                        onChange={(e) => setPillar(m.iso3, m.nationalPillar, Number(e.target.value))}
                      >
                        {[1, 2, 3, 4].map((n) => (
                          <option key={n} value={n}>
                            {crrf(n)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </div>
  );
}

/** Each country's action statuses, late actions and indicators whose latest value meets its target. */
function RegionalProgress({ monitoring }: { monitoring: NonNullable<NonNullable<RegionalAnswer["result"]>["monitoring"]> }) {
  const t = useT();
  const statuses = ["planned", "in_progress", "done", "delayed", "cancelled"] as const;
  return (
    <section aria-labelledby="regional-progress">
      <h2 id="regional-progress">{t("report.regional.statusTitle", { date: monitoring.asOf })}</h2>
      <table className="regional-table regional-progress">
        <thead>
          <tr>
            <th scope="col">{t("ui.regional.country")}</th>
            {statuses.map((s) => (
              <th key={s} scope="col" className="count">
                {t(`ui.status.${s}` as MessageKey)}
              </th>
            ))}
            <th scope="col" className="count">
              {t("report.regional.statusUnknown")}
            </th>
            <th scope="col" className="count">
              {t("ui.progress.late")}
            </th>
            <th scope="col" className="count">
              {t("report.regional.targetsMet")}
            </th>
          </tr>
        </thead>
        <tbody>
          {monitoring.byCountry.map((c) => (
            <tr key={c.iso3} data-progress-iso3={c.iso3}>
              <th scope="row">{c.country}</th>
              {statuses.map((s) => (
                <td key={s} className="count">
                  {c.counts[s] ?? 0}
                </td>
              ))}
              <td className="count">{c.unknown}</td>
              <td className="count">{c.late}</td>
              <td className="count">
                {c.targetsMet} / {c.indicators}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
