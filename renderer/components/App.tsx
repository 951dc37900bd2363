/** The window: top bar, error banner, the finance bar with a plan open, then the welcome screen or the open plan; the finance dialogs over it. */
import { useEffect } from "react";
import { useLanguage, useT } from "../i18n";
import { useMatriz } from "../store";
import { ErrorBanner } from "./ErrorBanner";
import { NoticeBar } from "./NoticeBar";
import { FinanceBar } from "./finance/FinanceBar";
import { FinanceLayer } from "./finance/FinanceLayer";
import { PlanView } from "./PlanView";
import { RegionalView, useRegional } from "./regional/RegionalView";
import { TopBar } from "./TopBar";
import { Welcome } from "./Welcome";

export function App() {
  const t = useT();
  const language = useLanguage();
  const booted = useMatriz((s) => s.booted);
  const plan = useMatriz((s) => s.plan);
  const regional = useRegional((s) => s.open);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = plan ? `${plan.title} · ${t("app.name")}` : t("app.name");
  }, [language, plan, t]);

  return (
    <div className="app">
      <TopBar />
      <ErrorBanner />
      <NoticeBar />
      {booted && plan ? <FinanceBar /> : null}
      <main className="app-main" aria-busy={!booted}>
        {!booted ? <p className="loading">{t("ui.loading")}</p> : regional ? <RegionalView /> : plan ? <PlanView plan={plan} /> : <Welcome />}
      </main>
      <FinanceLayer />
    </div>
  );
}
