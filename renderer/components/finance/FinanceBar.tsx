/** The finance round trip at hand: export workbooks, import returned files, and the conflicts waiting. */
import { useEffect } from "react";
import { useT } from "../../i18n";
import { useMatriz } from "../../store";
import { loadConflicts, openConflicts, openExport, pickAndPreview, useFinance } from "./finance-store";

export function FinanceBar() {
  const t = useT();
  const path = useMatriz((s) => s.plan?.path);
  const revision = useMatriz((s) => s.plan?.revision);
  // Live conflicts (the workshop, merged copies) wait in the same panel.
  const open = useFinance((s) => s.conflicts.filter((c) => c.status === "open").length + s.liveConflicts.filter((c) => c.status === "open").length);
  useEffect(() => {
    void loadConflicts();
  }, [path, revision]);
  return (
    <nav className="finance-bar" aria-label={t("ui.finance.bar")} data-region="finance">
      <span className="finance-bar-title">{t("ui.finance.bar")}</span>
      <button type="button" className="button button--small" onClick={() => openExport("institution")}>
        {t("ui.finance.exportButton")}
      </button>
      <button type="button" className="button button--small" onClick={() => void pickAndPreview()}>
        {t("ui.finance.importButton")}
      </button>
      {open > 0 ? (
        <button type="button" className="button button--small finance-bar-conflicts" onClick={openConflicts}>
          {t("ui.finance.conflictsButton", { count: open })}
        </button>
      ) : null}
    </nav>
  );
}
