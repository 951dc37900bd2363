/** An open plan: its header, the session bar, the three tabs, and the tab's content. */
import type { PlanSummary } from "../../src/api/contract";
import { useT } from "../i18n";
import { useMatriz } from "../store";
import { DirectoryPanel } from "./directory/DirectoryPanel";
import { ReturnsPanel } from "./directory/ReturnsPanel";
import { useProjecting } from "./editor/projecting";
import { GapsList } from "./GapsList";
import { MatrixEditor } from "./editor/MatrixEditor";
import { SessionBar } from "./editor/SessionBar";
import { PlanHeader } from "./PlanHeader";
import { PlanTabs, panelId, tabId } from "./PlanTabs";
import { StocktakingTable } from "./StocktakingTable";
import { SummariesPanel } from "./reports/SummariesPanel";

export function PlanView({ plan }: { plan: PlanSummary }) {
  const t = useT();
  const doc = useMatriz((s) => s.document);
  const tab = useMatriz((s) => s.tab);
  const projecting = useProjecting();
  return (
    <div className="plan-view">
      {projecting ? null : <PlanHeader plan={plan} document={doc} />}
      {projecting ? null : (
        <div className="plan-strip">
          <PlanTabs />
          <SessionBar />
        </div>
      )}
      <section
        className={`plan-panel plan-panel--${tab}`}
        role={projecting ? undefined : "tabpanel"}
        id={panelId(tab)}
        aria-labelledby={projecting ? undefined : tabId(tab)}
        // A panel of plain text (stocktaking, gaps) is reached and scrolled by keyboard itself; the matrix has its grid.
        tabIndex={tab === "matrix" ? undefined : 0}
        data-region="panel"
      >
        {!doc ? (
          <p className="loading">{t("ui.loading")}</p>
        ) : tab === "matrix" ? (
          <MatrixEditor document={doc} planPath={plan.path} />
        ) : tab === "summaries" ? (
          <SummariesPanel />
        ) : tab === "institutions" ? (
          <DirectoryPanel />
        ) : tab === "returns" ? (
          <ReturnsPanel />
        ) : tab === "stocktaking" ? (
          <StocktakingTable document={doc} />
        ) : (
          <GapsList document={doc} />
        )}
      </section>
    </div>
  );
}
