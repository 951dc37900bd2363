/** An empty plan (a new one from a template) says how to start: a need first, then its actions, with the keys. */
import type { GridDocument as PlanDocument } from "../../../src/domain/grid";
import { useT } from "../../i18n";
import * as cmd from "../matrix/commands";

export function StartHint({ doc }: { doc: PlanDocument }) {
  const t = useT();
  const pillar = doc.pillars[0];
  const addNeed = () => {
    // The first pillar's band is the grid's first row.
    cmd.setCursor(0, 0);
    cmd.insertNeed();
  };
  return (
    <section className="start-hint" aria-labelledby="start-hint-title" data-region="start">
      <h2 id="start-hint-title" className="start-hint-title">
        {t("ui.matrix.start.title")}
      </h2>
      <p>{t("ui.matrix.start.body")}</p>
      {pillar ? (
        <button type="button" className="button button--primary button--small" aria-keyshortcuts="Control+Alt+Enter" onClick={addNeed}>
          {t("ui.matrix.start.add", { number: pillar.number })}
        </button>
      ) : null}
    </section>
  );
}
