/** An open plan: its header, the session bar, the tabs, and the tab's content. */
import { useEffect } from "react";
import type { PlanSummary } from "../../src/api/contract";
import { redo, undo } from "../edits";
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
import { RecommendationsPanel } from "./sections/RecommendationsPanel";
import { RoundsPanel } from "./sections/RoundsPanel";
import "./sections/sections.css";
import { SummariesPanel } from "./reports/SummariesPanel";

/** Ctrl+Z and Ctrl+Y on the tabs outside the matrix (the matrix has its own keys), except while typing in a field. */
function useSectionUndoKeys(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (!(event.ctrlKey || event.metaKey) || target?.closest("input, textarea, select, [role=dialog]")) return;
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) void undo();
      else if (key === "y" || (key === "z" && event.shiftKey)) void redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [active]);
}

export function PlanView({ plan }: { plan: PlanSummary }) {
  const t = useT();
  const doc = useMatriz((s) => s.document);
  const tab = useMatriz((s) => s.tab);
  useSectionUndoKeys(tab !== "matrix" && tab !== "summaries");
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
        ) : tab === "overarching" ? (
          <RecommendationsPanel document={doc} />
        ) : tab === "rounds" ? (
          <RoundsPanel document={doc} />
        ) : (
          <GapsList document={doc} />
        )}
      </section>
    </div>
  );
}
