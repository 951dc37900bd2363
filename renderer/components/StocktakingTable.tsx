/** The stocktaking exercise: existing activities per pillar, with commitments and supervising institutions. */
import type { PlanDocument, StocktakingDoc } from "../../src/domain/document";
import { pillarTitle } from "../format";
import { useLanguage, useT } from "../i18n";

export function StocktakingTable({ document: doc }: { document: PlanDocument }) {
  const t = useT();
  const language = useLanguage();
  if (doc.stocktaking.length === 0) return <p className="muted empty-note">{t("ui.stocktaking.empty")}</p>;
  const groups = groupByPillar(doc.stocktaking);
  const hasTheme = doc.stocktaking.some((s) => s.theme || s.profile);
  return (
    <table className="data-table stocktaking">
      <thead>
        <tr>
          {hasTheme ? <th scope="col" className="st-theme">{t("ui.stocktaking.theme")}</th> : null}
          <th scope="col" className="st-activity">{t("ui.stocktaking.activity")}</th>
          <th scope="col" className="st-commitments">{t("ui.stocktaking.commitments")}</th>
          <th scope="col" className="st-supervisors">{t("ui.stocktaking.supervisors")}</th>
        </tr>
      </thead>
      {groups.map(([number, items]) => {
        const pillar = doc.pillars.find((p) => p.number === number);
        return (
          <tbody key={number}>
            <tr className="row-pillar">
              <th scope="rowgroup" colSpan={hasTheme ? 4 : 3} className="group-cell">
                <span className="pillar-number">{t("ui.matrix.pillar", { number })}</span>
                {pillar ? <span className="pillar-title">{pillarTitle(pillar, language)}</span> : null}
              </th>
            </tr>
            {items.map((item, i) => (
              <tr key={item.id ?? i}>
                {hasTheme ? <td className="st-theme">{[item.profile, item.theme].filter(Boolean).join(" · ")}</td> : null}
                <td className="st-activity">{item.activity}</td>
                <td className="st-commitments">
                  <ul className="tags">
                    {item.commitments.map((c) => (
                      <li key={c} className="tag">
                        {c}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="st-supervisors">{item.supervisors}</td>
              </tr>
            ))}
          </tbody>
        );
      })}
    </table>
  );
}

function groupByPillar(items: StocktakingDoc[]): Array<[number, StocktakingDoc[]]> {
  const groups = new Map<number, StocktakingDoc[]>();
  for (const item of items) groups.set(item.pillar, [...(groups.get(item.pillar) ?? []), item]);
  return [...groups.entries()].sort((a, b) => a[0] - b[0]);
}
