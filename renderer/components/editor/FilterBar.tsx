/**
 * Find and filter: text (accents and case ignored), institution, pillar,
 * commitment and year. The grid then shows only the matching actions, with
 * their needs and pillars. Ctrl+F comes here; Enter or Esc goes back to the grid.
 */
import { useEffect, useMemo, useState, type KeyboardEvent } from "react";
import type { PlanDocument } from "../../../src/domain/document";
import { pillarTitle } from "../../format";
import { useLanguage, useT } from "../../i18n";
import { FILTER_INPUT_ID, leaveFilter } from "../matrix/commands";
import { useEditor } from "../matrix/editor-state";

function choices(doc: PlanDocument) {
  const institutions = new Set<string>();
  const commitments = new Set<string>();
  const years = new Set<number>();
  if (doc.period) for (let y = doc.period.start; y <= doc.period.end; y++) years.add(y);
  for (const pillar of doc.pillars)
    for (const need of pillar.needs)
      for (const action of need.actions) {
        for (const i of action.institutions) institutions.add(i);
        for (const c of action.commitments) commitments.add(c);
        for (const y of action.schedule_years ?? []) years.add(y);
      }
  const sorted = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));
  return { institutions: sorted(institutions), commitments: sorted(commitments), years: [...years].sort() };
}

export function FilterBar({ doc, shown, total }: { doc: PlanDocument; shown: number; total: number }) {
  const t = useT();
  const language = useLanguage();
  const filter = useEditor((s) => s.filter);
  const [text, setText] = useState(filter.text ?? "");
  const options = useMemo(() => choices(doc), [doc]);
  const active = Boolean(filter.text || filter.institution || filter.pillar || filter.commitment || filter.year);

  // Cleared from elsewhere (the projector's bar, the "nothing matches" note): the box follows.
  useEffect(() => {
    if (!filter.text) setText("");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter.text]);

  // The text filter waits for a pause in typing, so a 10,000-action plan is not filtered on every key.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((useEditor.getState().filter.text ?? "") !== text) useEditor.setState((s) => ({ filter: { ...s.filter, text } }));
    }, 120);
    return () => clearTimeout(timer);
  }, [text]);

  const setField = (field: "institution" | "commitment" | "pillar" | "year", value: string) =>
    useEditor.setState((s) => ({ filter: { ...s.filter, [field]: value === "" ? null : field === "pillar" || field === "year" ? Number(value) : value } }));

  const clear = () => {
    setText("");
    useEditor.setState({ filter: {} });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      useEditor.setState((s) => ({ filter: { ...s.filter, text } }));
      leaveFilter();
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (text) setText("");
      else leaveFilter();
    }
  };

  return (
    <div
      role="search"
      className="filter-bar"
      aria-label={t("ui.filter.label")}
      data-region="filter"
      // In projector mode the bar folds away once the keyboard leaves it.
      onBlur={(e) => {
        if (useEditor.getState().findOpen && !e.currentTarget.contains(e.relatedTarget as Node | null)) useEditor.setState({ findOpen: false });
      }}
    >
      <input
        id={FILTER_INPUT_ID}
        className="text-input filter-text"
        type="search"
        value={text}
        placeholder={t("ui.filter.placeholder")}
        aria-label={t("ui.filter.text")}
        aria-keyshortcuts="Control+F"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <select aria-label={t("ui.filter.institution")} value={filter.institution ?? ""} onChange={(e) => setField("institution", e.target.value)}>
        <option value="">{t("ui.filter.anyInstitution")}</option>
        {options.institutions.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select aria-label={t("ui.filter.pillar")} value={filter.pillar ?? ""} onChange={(e) => setField("pillar", e.target.value)}>
        <option value="">{t("ui.filter.anyPillar")}</option>
        {doc.pillars.map((p) => (
          <option key={p.number} value={p.number}>
            {p.number}. {pillarTitle(p, language)}
          </option>
        ))}
      </select>
      <select aria-label={t("ui.filter.commitment")} value={filter.commitment ?? ""} onChange={(e) => setField("commitment", e.target.value)}>
        <option value="">{t("ui.filter.anyCommitment")}</option>
        {options.commitments.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select aria-label={t("ui.filter.year")} value={filter.year ?? ""} onChange={(e) => setField("year", e.target.value)}>
        <option value="">{t("ui.filter.anyYear")}</option>
        {options.years.map((year) => (
          <option key={year} value={year}>
            {year}
          </option>
        ))}
      </select>
      <span className="filter-count" role="status">
        {active ? t("ui.filter.count", { shown, total }) : t("ui.filter.all", { total })}
      </span>
      {active ? (
        <button type="button" className="button button--small" onClick={clear}>
          {t("ui.filter.clear")}
        </button>
      ) : null}
    </div>
  );
}
