/**
 * The finance dialogs over the window, and the drop target: files dropped on the
 * window are imported (the preload resolves their paths and the core asks this
 * UI to preview them), so here the drop only has to be allowed and shown.
 */
import { useEffect } from "react";
import { useT } from "../../i18n";
import { useMatriz } from "../../store";
import { ConflictsPanel } from "./ConflictsPanel";
import { ExportDialog } from "./ExportDialog";
import { ImportDialog } from "./ImportDialog";
import { startFinance, useFinance } from "./finance-store";
import "./finance.css";

const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes("Files");

export function FinanceLayer() {
  const t = useT();
  const view = useFinance((s) => s.view);
  const dragging = useFinance((s) => s.dragging);
  const planOpen = useMatriz((s) => s.plan !== null);

  useEffect(() => startFinance(), []);

  useEffect(() => {
    if (!planOpen) return;
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth++;
      useFinance.setState({ dragging: true });
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) useFinance.setState({ dragging: false });
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Never let the page navigate to the file; the preload has taken the paths already.
      event.preventDefault();
      depth = 0;
      useFinance.setState({ dragging: false });
    };
    window.addEventListener("dragenter", enter);
    window.addEventListener("dragover", over);
    window.addEventListener("dragleave", leave);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragenter", enter);
      window.removeEventListener("dragover", over);
      window.removeEventListener("dragleave", leave);
      window.removeEventListener("drop", drop);
    };
  }, [planOpen]);

  return (
    <>
      {dragging && planOpen ? (
        <div className="finance-drop" aria-hidden="true">
          <p>{t("ui.finance.import.drop")}</p>
        </div>
      ) : null}
      {planOpen && view === "export" ? <ExportDialog /> : null}
      {planOpen && view === "import" ? <ImportDialog /> : null}
      {planOpen && view === "conflicts" ? <ConflictsPanel /> : null}
    </>
  );
}
