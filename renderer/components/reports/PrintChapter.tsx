/**
 * Print or save as PDF the national chapter: paper chosen next to the button
 * (Letter or A4, defaulting to the user's region), the core asks where to save
 * it and prints; while it works the button waits. Where it went is said by the
 * notice every national export raises (the same for the File menu).
 */
import { useId, useState } from "react";
import { create } from "zustand";
import { defaultPaper, type Paper } from "../../../src/domain/paper";
import { useNumberLocale, useT } from "../../i18n";
import { exportNational } from "../../tasks";
import { openConflicts, useFinance } from "../finance/finance-store";


/** Outside the component: leaving the tab while the chapter prints must not offer a second print on return. */
const usePrinting = create<{ busy: boolean }>()(() => ({ busy: false }));

export function PrintChapter() {
  const t = useT();
  const locale = useNumberLocale();
  const [paper, setPaper] = useState<Paper>(() => defaultPaper(locale));
  const busy = usePrinting((s) => s.busy);
  const hintId = useId();
  const open = useFinance((s) => s.conflicts.filter((c) => c.status === "open").length);
  // With conflicts open the user is asked first: the chapter's figures may still change.
  const [asking, setAsking] = useState(false);

  const print = async (confirmed = false) => {
    if (usePrinting.getState().busy) return;
    if (open > 0 && !confirmed) return setAsking(true);
    setAsking(false);
    usePrinting.setState({ busy: true });
    try {
      // Cancelled, failed (the error banner says why) or done (the notice says where): ready again.
      await exportNational("pdf", paper);
    } finally {
      usePrinting.setState({ busy: false });
    }
  };

  return (
    <div className="summary-print">
      <label>
        <span>{t("ui.summary.paper")}</span>
        <select value={paper} onChange={(e) => setPaper(e.target.value as Paper)}>
          <option value="Letter">{t("ui.summary.paperLetter")}</option>
          <option value="A4">{t("ui.summary.paperA4")}</option>
        </select>
      </label>
      <button type="button" className="button" aria-describedby={hintId} disabled={busy} aria-busy={busy} onClick={() => void print()}>
        {t("ui.summary.print")}
      </button>
      <span id={hintId} className="visually-hidden">
        {t("ui.summary.printHint")}
      </span>
      {asking ? (
        <div className="export-conflicts-ask" role="alertdialog" aria-labelledby={`${hintId}-ask`}>
          <p id={`${hintId}-ask`}>{t("ui.export.conflictsAsk", { count: open })}</p>
          <button type="button" className="button button--small" onClick={() => void print(true)} autoFocus>
            {t("ui.export.anyway")}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setAsking(false);
              openConflicts();
            }}
          >
            {t("ui.export.review")}
          </button>
        </div>
      ) : null}
      <p className="summary-print-status" aria-live="polite">
        {busy ? t("ui.summary.printing") : ""}
      </p>
    </div>
  );
}
