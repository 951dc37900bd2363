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
  // An institution's workbook is recorded in the plan and an import writes to it: neither on a read-only plan.
  const readOnly = useMatriz((s) => s.plan?.readOnly ?? false);
  useEffect(() => {
    void loadConflicts();
  }, [path, revision]);
  return (
    <nav className="finance-bar" aria-label={t("ui.finance.bar")} data-region="finance">
      <span className="finance-bar-title">{t("ui.finance.bar")}</span>
      <button type="button" className="button button--small" disabled={readOnly} aria-describedby={readOnly ? "finance-read-only" : undefined} onClick={() => openExport("institution")}>
        {t("ui.finance.exportButton")}
      </button>
      <button type="button" className="button button--small" disabled={readOnly} aria-describedby={readOnly ? "finance-read-only" : undefined} onClick={() => void pickAndPreview()}>
        {t("ui.finance.importButton")}
      </button>
      {readOnly ? (
        <span id="finance-read-only" className="finance-bar-note">
          {t("ui.finance.readOnly")}
        </span>
      ) : null}
      {open > 0 ? (
        <button type="button" className="button button--small finance-bar-conflicts" onClick={openConflicts}>
          {t("ui.finance.conflictsButton", { count: open })}
        </button>
      ) : null}
    </nav>
  );
}
