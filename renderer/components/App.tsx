/**
 * The window: top bar, error banner, the finance bar with a plan open, then the
 * welcome screen or the open plan; the finance dialogs over it. In projector mode
 * the matrix takes the window: only errors and notices stay above it. F6 and
 * Shift+F6 go from one area to the next.
 */
import { useEffect } from "react";
import { useLanguage, useT } from "../i18n";
import { useMatriz } from "../store";
import { ErrorBanner } from "./ErrorBanner";
import { NoticeBar } from "./NoticeBar";
import { FinanceBar } from "./finance/FinanceBar";
import { FinanceLayer } from "./finance/FinanceLayer";
import { LiveLayer } from "./live/LiveLayer";
import { useFinance } from "./finance/finance-store";
import { PlanView } from "./PlanView";
import { useProjecting } from "./editor/projecting";
import { RegionalView, useRegional } from "./regional/RegionalView";
import { TaskBar } from "./TaskBar";
import { useRegionKeys } from "./regions";
import { TopBar } from "./TopBar";
import { Welcome } from "./Welcome";

export function App() {
  const t = useT();
  const language = useLanguage();
  const booted = useMatriz((s) => s.booted);
  const plan = useMatriz((s) => s.plan);
  const regional = useRegional((s) => s.open);
  const financeView = useFinance((s) => s.view);
  const projecting = useProjecting() && !regional;
  useRegionKeys();

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = plan ? `${plan.title} · ${t("app.name")}` : t("app.name");
  }, [language, plan, t]);

  return (
    <div className={projecting ? "app app--projector" : "app"}>
      {projecting ? null : <TopBar />}
      <ErrorBanner />
      <NoticeBar />
      {/* The export dialog shows its own task: the window behind a dialog cannot be reached. */}
      <TaskBar except={financeView === "export" ? ["exportFinance"] : []} />
      {booted && plan && !projecting ? <FinanceBar /> : null}
      <main className="app-main" aria-busy={!booted} data-region="main">
        {!booted ? <p className="loading">{t("ui.loading")}</p> : regional ? <RegionalView /> : plan ? <PlanView plan={plan} /> : <Welcome />}
      </main>
      <FinanceLayer />
      <LiveLayer />
    </div>
  );
}
