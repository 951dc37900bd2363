/** The stocktaking exercise: existing activities per pillar, with commitments and supervising institutions; each row added, edited, moved and deleted here. */
import { useState } from "react";
import type { PlanDocument, StocktakingDoc } from "../../src/domain/document";
import { pillarTitle } from "../format";
import { useLanguage, useT } from "../i18n";
import { editStocktaking } from "../section-edits";
import { focusRow, ListTools, useCanEdit } from "./sections/ListTools";
import { StocktakingForm, type StocktakingDraft } from "./sections/StocktakingForm";

/** Which row is being edited, or in which pillar a new one is being written. */
type Editing = { id: string } | { pillar: number } | null;

export function StocktakingTable({ document: doc }: { document: PlanDocument }) {
  const t = useT();
  const language = useLanguage();
  const [editing, setEditing] = useState<Editing>(null);
  const canEdit = useCanEdit();
  const groups = groupByPillar(doc.stocktaking);
  const hasTheme = doc.stocktaking.some((s) => s.theme || s.profile);
  const columns = (hasTheme ? 4 : 3) + 1;

  const save = (draft: StocktakingDraft) => {
    const current = editing;
    setEditing(null);
    if (current && "id" in current) {
      void editStocktaking({ op: "update", id: current.id, row: draft });
      focusRow(current.id);
    } else {
      void editStocktaking({ op: "insert", row: draft }).then((answer) => answer?.id && focusRow(answer.id));
    }
  };
  const form = (row?: StocktakingDoc, pillar?: number) => <StocktakingForm doc={doc} row={row} pillar={pillar} onSave={save} onCancel={() => setEditing(null)} />;
  const adding = editing && "pillar" in editing ? editing.pillar : null;

  return (
    <div className="section-panel section-panel--flush">
      {canEdit ? (
        <div className="section-bar">
          <button type="button" className="button button--small" onClick={() => setEditing({ pillar: doc.pillars[0]?.number ?? 1 })}>
            + {t("ui.stocktaking.add")}
          </button>
        </div>
      ) : null}
      {adding !== null && !groups.some(([number]) => number === adding) ? <div className="section-form-box">{form(undefined, adding)}</div> : null}
      {doc.stocktaking.length === 0 ? <p className="muted empty-note">{t("ui.stocktaking.empty")}</p> : null}
      {groups.length ? (
        <table className="data-table stocktaking">
          <thead>
            <tr>
              {hasTheme ? <th scope="col" className="st-theme">{t("ui.stocktaking.theme")}</th> : null}
              <th scope="col" className="st-activity">{t("ui.stocktaking.activity")}</th>
              <th scope="col" className="st-commitments">{t("ui.stocktaking.commitments")}</th>
              <th scope="col" className="st-supervisors">{t("ui.stocktaking.supervisors")}</th>
              <th scope="col" className="st-tools"><span className="visually-hidden">{t("ui.stocktaking.tools")}</span></th>
            </tr>
          </thead>
          {groups.map(([number, items]) => {
            const pillar = doc.pillars.find((p) => p.number === number);
            return (
              <tbody key={number}>
                <tr className="row-pillar">
                  <th scope="rowgroup" colSpan={columns - 1} className="group-cell">
                    <span className="pillar-number">{t("ui.matrix.pillar", { number })}</span>
                    {pillar ? <span className="pillar-title">{pillarTitle(pillar, language)}</span> : null}
                  </th>
                  <td className="group-cell st-tools">
                    {canEdit ? (
                      <button type="button" className="button button--small button--on-dark" onClick={() => setEditing({ pillar: number })}>
                        + {t("ui.stocktaking.add")}
                      </button>
                    ) : null}
                  </td>
                </tr>
                {items.map((item, i) =>
                  editing && "id" in editing && editing.id === item.id ? (
                    <tr key={item.id} className="row-editing">
                      <td colSpan={columns}>{form(item)}</td>
                    </tr>
                  ) : (
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
                      <td className="st-tools">
                        {item.id && canEdit ? (
                          <ListTools
                            id={item.id}
                            what={item.activity}
                            first={i === 0}
                            last={i === items.length - 1}
                            onEdit={() => setEditing({ id: item.id! })}
                            onMove={(direction) => void editStocktaking({ op: "move", id: item.id!, direction }).then(() => focusRow(item.id!))}
                            onRemove={() => void editStocktaking({ op: "remove", id: item.id! })}
                          />
                        ) : null}
                      </td>
                    </tr>
                  ),
                )}
                {adding === number ? (
                  <tr className="row-editing">
                    <td colSpan={columns}>{form(undefined, number)}</td>
                  </tr>
                ) : null}
              </tbody>
            );
          })}
        </table>
      ) : null}
    </div>
  );
}

function groupByPillar(items: StocktakingDoc[]): Array<[number, StocktakingDoc[]]> {
  const groups = new Map<number, StocktakingDoc[]>();
  for (const item of items) groups.set(item.pillar, [...(groups.get(item.pillar) ?? []), item]);
  return [...groups.entries()].sort((a, b) => a[0] - b[0]);
}
