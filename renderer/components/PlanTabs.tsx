/** Matrix / Existing activities / Gaps, as an ARIA tab list with arrow-key movement. */
import { useRef, type KeyboardEvent } from "react";
import type { MessageKey } from "../../src/i18n";
import { useT } from "../i18n";
import { actions, useMatriz, type PlanTab } from "../store";

const TABS: ReadonlyArray<{ id: PlanTab; label: MessageKey }> = [
  { id: "matrix", label: "ui.tab.matrix" },
  { id: "stocktaking", label: "ui.tab.stocktaking" },
  { id: "gaps", label: "ui.tab.gaps" },
  { id: "overarching", label: "ui.tab.overarching" },
  { id: "rounds", label: "ui.tab.rounds" },
  { id: "summaries", label: "ui.tab.summaries" },
  { id: "institutions", label: "ui.tab.institutions" },
  { id: "returns", label: "ui.tab.returns" },
];

export const tabId = (tab: PlanTab) => `tab-${tab}`;
export const panelId = (tab: PlanTab) => `panel-${tab}`;

export function PlanTabs() {
  const t = useT();
  const current = useMatriz((s) => s.tab);
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((tab) => tab.id === current);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = TABS[(index + step + TABS.length) % TABS.length]!;
    actions.setTab(next.id);
    list.current?.querySelector<HTMLElement>(`#${tabId(next.id)}`)?.focus();
  };

  return (
    <div className="plan-tabs" role="tablist" aria-label={t("ui.plan.sections")} ref={list} onKeyDown={onKeyDown} data-region="tabs">
      {TABS.map((tab) => (
        <button
          key={tab.id}
          id={tabId(tab.id)}
          type="button"
          role="tab"
          className="plan-tab"
          aria-selected={tab.id === current}
          aria-controls={panelId(tab.id)}
          tabIndex={tab.id === current ? 0 : -1}
          onClick={() => actions.setTab(tab.id)}
        >
          {t(tab.label)}
        </button>
      ))}
    </div>
  );
}
