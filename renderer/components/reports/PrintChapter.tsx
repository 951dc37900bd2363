/**
 * Print or save as PDF the national chapter: paper chosen next to the button
 * (Letter or A4, defaulting to the user's region), the core asks where to save
 * it and prints; while it works the button waits, then the place it went shows.
 */
import { useId, useState } from "react";
import { defaultPaper, type Paper } from "../../../src/domain/paper";
import { useNumberLocale, useT } from "../../i18n";
import { call } from "../../store";

type Status = { kind: "idle" } | { kind: "busy" } | { kind: "done"; path: string };

export function PrintChapter() {
  const t = useT();
  const locale = useNumberLocale();
  const [paper, setPaper] = useState<Paper>(() => defaultPaper(locale));
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const hintId = useId();

  const print = async () => {
    setStatus({ kind: "busy" });
    const saved = await call("dialog.exportNational", { format: "pdf", paper });
    // Cancelled or failed (the banner says why): back to where it was.
    setStatus(saved ? { kind: "done", path: saved.path } : { kind: "idle" });
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
      <button type="button" className="button" aria-describedby={hintId} disabled={status.kind === "busy"} aria-busy={status.kind === "busy"} onClick={() => void print()}>
        {t("ui.summary.print")}
      </button>
      <span id={hintId} className="visually-hidden">
        {t("ui.summary.printHint")}
      </span>
      <p className="summary-print-status" role="status" aria-live="polite">
        {status.kind === "busy" ? t("ui.summary.printing") : status.kind === "done" ? t("ui.summary.printed", { path: status.path }) : ""}
      </p>
    </div>
  );
}
