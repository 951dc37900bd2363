/** Gaps identified in the consultations, per pillar when the plan says which, otherwise as general gaps. */
import type { PlanDocument } from "../../src/domain/document";
import { pillarTitle } from "../format";
import { useLanguage, useT } from "../i18n";

export function GapsList({ document: doc }: { document: PlanDocument }) {
  const t = useT();
  const language = useLanguage();
  const records = doc.gap_records ?? doc.gaps.map((text) => ({ pillar: null, text, id: undefined }));
  if (records.length === 0) return <p className="muted empty-note">{t("ui.gaps.empty")}</p>;
  const pillarNumbers = [...new Set(records.map((r) => r.pillar))].sort((a, b) => (a ?? 0) - (b ?? 0));
  return (
    <div className="gaps">
      {pillarNumbers.map((number) => {
        const pillar = number === null ? undefined : doc.pillars.find((p) => p.number === number);
        return (
          <section key={number ?? "general"} className="gap-group">
            <h2>
              {number === null ? (
                t("ui.gaps.general")
              ) : (
                <>
                  <span className="pillar-number">{t("ui.matrix.pillar", { number })}</span>
                  {pillar ? <span className="pillar-title">{pillarTitle(pillar, language)}</span> : null}
                </>
              )}
            </h2>
            <ol className="gap-list">
              {records
                .filter((r) => r.pillar === number)
                .map((r, i) => (
                  <li key={r.id ?? i}>{r.text}</li>
                ))}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
