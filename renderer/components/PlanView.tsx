/** An open plan: its header, the three tabs, and the tab's content. */
import type { PlanSummary } from "../../src/api/contract";
import { useT } from "../i18n";
import { useMatriz } from "../store";
import { GapsList } from "./GapsList";
import { MatrixTable } from "./matrix/MatrixTable";
import { PlanHeader } from "./PlanHeader";
import { PlanTabs, panelId, tabId } from "./PlanTabs";
import { StocktakingTable } from "./StocktakingTable";

export function PlanView({ plan }: { plan: PlanSummary }) {
  const t = useT();
  const doc = useMatriz((s) => s.document);
  const tab = useMatriz((s) => s.tab);
  return (
    <div className="plan-view">
      <PlanHeader plan={plan} document={doc} />
      <PlanTabs />
      <section className={`plan-panel plan-panel--${tab}`} role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
        {!doc ? (
          <p className="loading">{t("ui.loading")}</p>
        ) : tab === "matrix" ? (
          <>
            <p className="keyboard-hint">{t("ui.matrix.keyboardHint")}</p>
            <MatrixTable document={doc} />
          </>
        ) : tab === "stocktaking" ? (
          <StocktakingTable document={doc} />
        ) : (
          <GapsList document={doc} />
        )}
      </section>
    </div>
  );
}
