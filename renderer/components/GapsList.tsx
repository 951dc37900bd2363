/** Gaps identified in the consultations, per pillar when the plan says which, otherwise as general gaps; each added, edited, moved and deleted here. */
import { useState } from "react";
import type { PlanDocument } from "../../src/domain/document";
import { pillarTitle } from "../format";
import { useLanguage, useT } from "../i18n";
import { editGap } from "../section-edits";
import { focusRow, ListTools, useCanEdit } from "./sections/ListTools";
import { TextItemForm } from "./sections/TextItemForm";

type Editing = { id: string } | { pillar: number | null } | null;

export function GapsList({ document: doc }: { document: PlanDocument }) {
  const t = useT();
  const language = useLanguage();
  const [editing, setEditing] = useState<Editing>(null);
  const canEdit = useCanEdit();
  const records = doc.gap_records ?? doc.gaps.map((text) => ({ pillar: null, text, id: undefined }));
  const adding = editing && "pillar" in editing ? editing.pillar : undefined;
  const pillarNumbers = [...new Set([...records.map((r) => r.pillar), ...(adding !== undefined ? [adding] : [])])].sort((a, b) => (a ?? 0) - (b ?? 0));

  const save = (text: string, pillar: number | null) => {
    const current = editing;
    setEditing(null);
    if (current && "id" in current) {
      void editGap({ op: "update", id: current.id, row: { text, pillar } });
      focusRow(current.id);
    } else {
      void editGap({ op: "insert", row: { text, pillar } }).then((answer) => answer?.id && focusRow(answer.id));
    }
  };

  return (
    <div className="gaps section-panel">
      {canEdit ? (
        <div className="section-bar">
          <button type="button" className="button button--small" onClick={() => setEditing({ pillar: null })}>
            + {t("ui.gaps.add")}
          </button>
        </div>
      ) : null}
      {records.length === 0 && adding === undefined ? <p className="muted empty-note">{t("ui.gaps.empty")}</p> : null}
      {pillarNumbers.map((number) => {
        const pillar = number === null ? undefined : doc.pillars.find((p) => p.number === number);
        const items = records.filter((r) => r.pillar === number);
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
              {items.map((r, i) =>
                editing && "id" in editing && editing.id === r.id ? (
                  <li key={r.id} className="item-editing">
                    <TextItemForm label="ui.gaps.text" text={r.text} pillar={{ value: r.pillar, doc }} onSave={save} onCancel={() => (setEditing(null), focusRow(r.id!))} />
                  </li>
                ) : (
                  <li key={r.id ?? i}>
                    <div className="item-with-tools">
                      <span className="item-text">{r.text}</span>
                      {r.id && canEdit ? (
                        <ListTools
                          id={r.id}
                          what={r.text}
                          first={i === 0}
                          last={i === items.length - 1}
                          onEdit={() => setEditing({ id: r.id! })}
                          onMove={(direction) => void editGap({ op: "move", id: r.id!, direction }).then(() => focusRow(r.id!))}
                          onRemove={() => void editGap({ op: "remove", id: r.id! })}
                        />
                      ) : null}
                    </div>
                  </li>
                ),
              )}
            </ol>
            {adding === number ? <TextItemForm label="ui.gaps.text" pillar={{ value: number, doc }} onSave={save} onCancel={() => setEditing(null)} /> : null}
            {adding === undefined && canEdit ? (
              <button type="button" className="button button--small gap-add" onClick={() => setEditing({ pillar: number })}>
                + {t("ui.gaps.add")}
              </button>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
