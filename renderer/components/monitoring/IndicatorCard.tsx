/**
 * One indicator: what it measures, its unit and baseline, and a table of the
 * plan's reporting periods with the target, the value reached, the share of the
 * target reached, a note and the source of verification; under each period the
 * parts of its breakdown by sex and age when the indicator keeps one. A box
 * saves when it is left or Enter is pressed.
 */
import { useEffect, useState, type KeyboardEvent } from "react";
import type { MonitoringRow } from "../../../src/api/contract";
import type { Sex } from "../../../src/domain/document";
import { removeIndicator, setIndicatorValue } from "../../edits";
import { useLanguage, useNumberLocale, useT } from "../../i18n";
import { IndicatorForm } from "./IndicatorForm";
import { formatPercent, formatValue, percentReached, readValue } from "./values";

type Indicator = MonitoringRow["indicators"][number];
type Actual = NonNullable<Indicator["actuals"]>[number];

/** A text box that saves what was typed when it is left or Enter is pressed; says when a number cannot be read. */
function CommitInput(props: {
  value: string;
  label: string;
  onCommit: (text: string) => boolean | void;
  /** Left as it was (a wrong number typed over, say, then put back). */
  onUnchanged?: () => void;
  className?: string;
  inputMode?: "decimal";
}) {
  const [text, setText] = useState(props.value);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => setText(props.value), [props.value]);
  const commit = () => {
    if (text === props.value) {
      setInvalid(false);
      props.onUnchanged?.();
      return;
    }
    setInvalid(props.onCommit(text) === false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      commit();
    }
  };
  return (
    <input
      className={`text-input ${props.className ?? ""}`}
      aria-label={props.label}
      aria-invalid={invalid || undefined}
      value={text}
      inputMode={props.inputMode}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}

export function IndicatorCard({ row, indicator, onNotice }: { row: MonitoringRow; indicator: Indicator; onNotice: (text: string | null) => void }) {
  const t = useT();
  const language = useLanguage();
  const locale = useNumberLocale();
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const title = (language === "es" ? (indicator.title_es ?? indicator.title_en) : (indicator.title_en ?? indicator.title_es)) ?? indicator.title ?? "";
  const targetOf = (period: string) => indicator.targets?.find((x) => (x.period ?? String(x.year)) === period)?.value ?? null;
  const actualOf = (period: string): Actual | undefined => indicator.actuals?.find((a) => a.period === period);
  const periods = [...new Set([...row.periods, ...(indicator.targets ?? []).map((x) => x.period ?? String(x.year)), ...(indicator.actuals ?? []).map((a) => a.period)])];
  const parts: Array<{ sex: Sex | null; age: string | null; label: string }> = [
    ...(indicator.by_sex ? (["female", "male"] as const).map((sex) => ({ sex, age: null, label: t(`ui.monitoring.${sex}`) })) : []),
    ...(indicator.age_groups ?? []).map((age) => ({ sex: null, age, label: t("ui.monitoring.age", { age }) })),
  ];

  /** Saves a number typed in a box; false (and a message) when it is not one. */
  const saveNumber = (text: string, save: (value: number | null) => void) => {
    const value = readValue(text, locale);
    if (value === "bad") {
      setProblem(t("ui.monitoring.badNumber", { text }));
      return false;
    }
    setProblem(null);
    save(value);
    return true;
  };
  const setActual = (period: string, change: { value?: number | null; note?: string | null; source?: string | null }) => {
    const actual = actualOf(period);
    void setIndicatorValue({
      indicatorId: indicator.id!,
      kind: "actual",
      period,
      value: change.value !== undefined ? change.value : (actual?.value ?? null),
      note: change.note !== undefined ? change.note : (actual?.note ?? null),
      source: change.source !== undefined ? change.source : (actual?.source ?? null),
    });
  };

  if (editing) {
    return <IndicatorForm owner={{ kind: row.kind, id: row.id }} indicator={indicator} onDone={() => setEditing(false)} onNotice={onNotice} />;
  }
  const labelled = (what: string, period: string) => `${what} ${period}`;
  return (
    <article className="indicator-card" aria-label={title}>
      <header className="indicator-head">
        <div>
          <h4 className="indicator-title">{title}</h4>
          <p className="muted indicator-meta">
            {indicator.unit} ·{" "}
            {indicator.baseline ? t("ui.monitoring.baseline", { value: formatValue(indicator.baseline.value, locale), year: indicator.baseline.year }) : t("ui.monitoring.noBaseline")}
          </p>
        </div>
        <span className="monitoring-row-buttons">
          <button type="button" className="button button--small" onClick={() => setEditing(true)}>
            {t("ui.monitoring.edit")}
          </button>
          <button type="button" className="button button--small button--danger-quiet" onClick={() => void removeIndicator(indicator.id!)}>
            {t("ui.monitoring.removeIndicator")}
          </button>
        </span>
      </header>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <table className="indicator-values">
        <caption className="visually-hidden">{t("ui.monitoring.valuesFor", { title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("ui.monitoring.period")}</th>
            <th scope="col" className="num">
              {t("ui.monitoring.target")}
            </th>
            <th scope="col" className="num">
              {t("ui.monitoring.actual")}
            </th>
            <th scope="col" className="num">
              {t("ui.monitoring.percent")}
            </th>
            <th scope="col">{t("ui.monitoring.valueNote")}</th>
            <th scope="col">{t("ui.monitoring.source")}</th>
          </tr>
        </thead>
        <tbody>
          {periods.map((period) => {
            const target = targetOf(period);
            const actual = actualOf(period);
            return [
              <tr key={period}>
                <th scope="row">{period}</th>
                <td className="num">
                  <CommitInput
                    className="value-input"
                    inputMode="decimal"
                    onUnchanged={() => setProblem(null)}
                    label={labelled(t("ui.monitoring.target"), period)}
                    value={formatValue(target, locale)}
                    onCommit={(text) => saveNumber(text, (value) => void setIndicatorValue({ indicatorId: indicator.id!, kind: "target", period, value }))}
                  />
                </td>
                <td className="num">
                  <CommitInput
                    className="value-input"
                    inputMode="decimal"
                    onUnchanged={() => setProblem(null)}
                    label={labelled(t("ui.monitoring.actual"), period)}
                    value={formatValue(actual?.value, locale)}
                    onCommit={(text) => saveNumber(text, (value) => setActual(period, { value }))}
                  />
                </td>
                <td className="num percent">{formatPercent(percentReached(actual?.value, target), locale)}</td>
                <td>
                  <CommitInput label={labelled(t("ui.monitoring.valueNote"), period)} value={actual?.note ?? ""} onCommit={(text) => setActual(period, { note: text.trim() || null })} />
                </td>
                <td>
                  <CommitInput label={labelled(t("ui.monitoring.source"), period)} value={actual?.source ?? ""} onCommit={(text) => setActual(period, { source: text.trim() || null })} />
                </td>
              </tr>,
              parts.length ? (
                <tr key={`${period}-parts`} className="indicator-breakdown">
                  <td />
                  <td colSpan={5}>
                    <span className="indicator-breakdown-label">{t("ui.monitoring.breakdown", { period })}</span>
                    {parts.map((part) => {
                      const value = actual?.breakdown?.find((b) => (b.sex ?? null) === part.sex && (b.age ?? null) === part.age)?.value ?? null;
                      return (
                        <label key={`${part.sex}-${part.age}`} className="indicator-part">
                          <span>{part.label}</span>
                          <CommitInput
                            className="value-input"
                            inputMode="decimal"
                            onUnchanged={() => setProblem(null)}
                            label={`${part.label} ${period}`}
                            value={formatValue(value, locale)}
                            onCommit={(text) => saveNumber(text, (v) => void setIndicatorValue({ indicatorId: indicator.id!, kind: "actual", period, sex: part.sex, age: part.age, value: v }))}
                          />
                        </label>
                      );
                    })}
                  </td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
    </article>
  );
}
