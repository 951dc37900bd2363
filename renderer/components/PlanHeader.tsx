/** Title, country, period, base currency and counts of the open plan; Plan settings… edits the first three. */
import { useRef, useState } from "react";
import type { PlanDocument, PlanSummary } from "../../src/api/contract";
import { fileName } from "../format";
import { useT } from "../i18n";
import { PlanSettingsDialog } from "./sections/PlanSettingsDialog";

export function PlanHeader({ plan, document: doc }: { plan: PlanSummary; document: PlanDocument | null }) {
  const t = useT();
  const { pillars, needs, actions } = plan.counts;
  const [editing, setEditing] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setEditing(false);
    requestAnimationFrame(() => opener.current?.focus());
  };
  return (
    <header className="plan-header">
      <div className="plan-heading">
        <span className="plan-country">
          {plan.country}
          {plan.iso3 ? <span className="plan-iso">{plan.iso3}</span> : null}
        </span>
        <h1 className="plan-title">{doc?.title ?? plan.title}</h1>
      </div>
      {editing && doc ? <PlanSettingsDialog doc={doc} onClose={close} /> : null}
      <ul className="plan-facts">
        {doc?.period ? <li>{t("ui.plan.period", { start: doc.period.start, end: doc.period.end })}</li> : null}
        {doc?.base_currency ? <li>{t("ui.plan.currency", { currency: doc.base_currency })}</li> : null}
        <li>
          {t("ui.plan.counts", {
            pillars,
            needs,
            actions,
          })}
        </li>
        <li className="plan-file" title={plan.path}>
          {t("ui.plan.file", { name: fileName(plan.path) })}
        </li>
        {doc && !plan.readOnly ? (
          <li>
            <button ref={opener} type="button" className="button button--small plan-settings-button" onClick={() => setEditing(true)}>
              {t("ui.plan.settings")}
            </button>
          </li>
        ) : null}
      </ul>
      {plan.readOnly ? (
        <p className="plan-notice plan-notice--read-only" role="status">
          {t(plan.readOnlyReason === "history" ? "ui.plan.readOnlyHistory" : "ui.plan.readOnly")}
        </p>
      ) : null}
      {plan.upgradedFrom !== null ? (
        <p className="plan-notice">{t("ui.plan.upgraded", { from: plan.upgradedFrom, backup: plan.backupPath ?? "" })}</p>
      ) : null}
    </header>
  );
}
