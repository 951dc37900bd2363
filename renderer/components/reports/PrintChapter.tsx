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
import { call } from "../../store";


/** Outside the component: leaving the tab while the chapter prints must not offer a second print on return. */
const usePrinting = create<{ busy: boolean }>()(() => ({ busy: false }));

export function PrintChapter() {
  const t = useT();
  const locale = useNumberLocale();
  const [paper, setPaper] = useState<Paper>(() => defaultPaper(locale));
  const busy = usePrinting((s) => s.busy);
  const hintId = useId();

  const print = async () => {
    if (usePrinting.getState().busy) return;
    usePrinting.setState({ busy: true });
    try {
      // Cancelled, failed (the error banner says why) or done (the notice says where): ready again.
      await call("dialog.exportNational", { format: "pdf", paper });
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
      <p className="summary-print-status" aria-live="polite">
        {busy ? t("ui.summary.printing") : ""}
      </p>
    </div>
  );
}
