/** Title, country, period, base currency and counts of the open plan. */
import type { PlanDocument, PlanSummary } from "../../src/api/contract";
import { fileName } from "../format";
import { useT } from "../i18n";

export function PlanHeader({ plan, document: doc }: { plan: PlanSummary; document: PlanDocument | null }) {
  const t = useT();
  const { pillars, needs, actions } = plan.counts;
  return (
    <header className="plan-header">
      <div className="plan-heading">
        <span className="plan-country">
          {plan.country}
          {plan.iso3 ? <span className="plan-iso">{plan.iso3}</span> : null}
        </span>
        <h1 className="plan-title">{plan.title}</h1>
      </div>
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
