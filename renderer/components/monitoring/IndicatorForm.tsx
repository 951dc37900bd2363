/** An indicator's definition: title in Spanish and English, unit, baseline, and its breakdown by sex and age. */
import { useId, useState, type FormEvent } from "react";
import type { MonitoringRow } from "../../../src/api/contract";
import type { MessageKey } from "../../../src/i18n";
import { saveIndicator } from "../../edits";
import { useNumberLocale, useT } from "../../i18n";
import { formatValue, readValue } from "./values";

type Indicator = MonitoringRow["indicators"][number];

export function IndicatorForm(props: { owner: { kind: "action" | "need"; id: string }; indicator?: Indicator; onDone: () => void; onNotice: (text: string | null) => void }) {
  const t = useT();
  const locale = useNumberLocale();
  const given = props.indicator;
  const [draft, setDraft] = useState({
    title_es: given?.title_es ?? "",
    title_en: given?.title_en ?? "",
    unit: given?.unit ?? "",
    baselineYear: given?.baseline ? String(given.baseline.year) : "",
    baselineValue: given?.baseline ? formatValue(given.baseline.value, locale) : "",
    by_sex: given?.by_sex ?? false,
    ages: (given?.age_groups ?? []).join(", "),
  });
  const [problem, setProblem] = useState<string | null>(null);
  const set = (field: keyof typeof draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.title_es.trim() && !draft.title_en.trim()) return setProblem(t("ui.monitoring.needTitle"));
    if (!draft.unit.trim()) return setProblem(t("ui.monitoring.needUnit"));
    const value = readValue(draft.baselineValue, locale);
    if (value === "bad") return setProblem(t("ui.monitoring.badNumber", { text: draft.baselineValue }));
    const year = draft.baselineYear.trim() ? Number(draft.baselineYear) : null;
    if (year !== null && (!Number.isInteger(year) || year < 1900 || year > 2200)) return setProblem(t("ui.monitoring.badYear"));
    setProblem(null);
    const saved = await saveIndicator(props.owner, {
      ...(given?.id ? { id: given.id } : {}),
      title_es: draft.title_es.trim() || null,
      title_en: draft.title_en.trim() || null,
      unit: draft.unit.trim(),
      baseline: year !== null && value !== null ? { year, value } : null,
      by_sex: draft.by_sex,
      age_groups: draft.ages
        .split(/[,;]/)
        .map((a) => a.trim())
        .filter(Boolean),
    });
    if (!saved) return;
    props.onNotice(saved.removedValues ? t("ui.monitoring.removedValues", { count: saved.removedValues }) : null);
    props.onDone();
  };

  const idPrefix = useId();
  const field = (name: "title_es" | "title_en" | "unit" | "baselineYear" | "baselineValue" | "ages", label: MessageKey, extra: { className?: string; placeholder?: string; inputMode?: "numeric" | "decimal" } = {}) => (
    <div className={`monitoring-field ${extra.className ?? ""}`}>
      <label htmlFor={`${idPrefix}-${name}`}>{t(label)}</label>
      <input id={`${idPrefix}-${name}`} className="text-input" value={draft[name]} onChange={set(name)} placeholder={extra.placeholder} inputMode={extra.inputMode} />
    </div>
  );
  return (
    <form className="indicator-form" onSubmit={onSubmit} aria-label={t(given ? "ui.monitoring.editIndicator" : "ui.monitoring.newIndicator")}>
      {field("title_es", "ui.monitoring.titleEs", { className: "indicator-form-wide" })}
      {field("title_en", "ui.monitoring.titleEn", { className: "indicator-form-wide" })}
      {field("unit", "ui.monitoring.unit", { placeholder: t("ui.monitoring.unitHint") })}
      {field("baselineYear", "ui.monitoring.baselineYear", { inputMode: "numeric" })}
      {field("baselineValue", "ui.monitoring.baselineValue", { inputMode: "decimal" })}
      <label className="indicator-form-check">
        <input type="checkbox" checked={draft.by_sex} onChange={(e) => setDraft({ ...draft, by_sex: e.target.checked })} />
        <span>{t("ui.monitoring.bySex")}</span>
      </label>
      {field("ages", "ui.monitoring.ageGroups", { className: "indicator-form-wide", placeholder: "0-17, 18-59, 60+" })}
      <div className="form-end-buttons">
        {problem ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" className="button button--primary">
          {t(given ? "ui.monitoring.saveIndicator" : "ui.monitoring.addIndicator")}
        </button>
        <button type="button" className="button" onClick={props.onDone}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
