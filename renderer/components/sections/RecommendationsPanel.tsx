/** Overarching recommendations: for the whole plan, outside the pillars (Belize's six in 2017); added, edited, moved and deleted here. */
import { useState } from "react";
import type { PlanDocument } from "../../../src/domain/document";
import { useT } from "../../i18n";
import { editRecommendation } from "../../section-edits";
import { focusRow, ListTools, useCanEdit } from "./ListTools";
import { TextItemForm } from "./TextItemForm";

export function RecommendationsPanel({ document: doc }: { document: PlanDocument }) {
  const t = useT();
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const canEdit = useCanEdit();
  const items = doc.overarching_recommendations ?? [];
  const save = (text: string) => {
    const current = editing;
    setEditing(null);
    if (current && current !== "new") {
      void editRecommendation({ op: "update", id: current, text });
      focusRow(current);
    } else {
      void editRecommendation({ op: "insert", text }).then((answer) => answer?.id && focusRow(answer.id));
    }
  };
  return (
    <div className="section-panel recommendations">
      <p className="muted section-intro">{t("ui.overarching.intro")}</p>
      {items.length === 0 && editing !== "new" ? <p className="muted empty-note">{t("ui.overarching.empty")}</p> : null}
      <ol className="gap-list">
        {items.map((item, i) =>
          editing === item.id ? (
            <li key={item.id} className="item-editing">
              <TextItemForm label="ui.overarching.text" text={item.text} onSave={save} onCancel={() => (setEditing(null), focusRow(item.id!))} />
            </li>
          ) : (
            <li key={item.id ?? i}>
              <div className="item-with-tools">
                <span className="item-text">{item.text}</span>
                {item.id && canEdit ? (
                  <ListTools
                    id={item.id}
                    what={item.text}
                    first={i === 0}
                    last={i === items.length - 1}
                    onEdit={() => setEditing(item.id!)}
                    onMove={(direction) => void editRecommendation({ op: "move", id: item.id!, direction }).then(() => focusRow(item.id!))}
                    onRemove={() => void editRecommendation({ op: "remove", id: item.id! })}
                  />
                ) : null}
              </div>
            </li>
          ),
        )}
      </ol>
      {editing === "new" ? (
        <TextItemForm label="ui.overarching.text" onSave={save} onCancel={() => setEditing(null)} />
      ) : canEdit ? (
        <button type="button" className="button button--small" onClick={() => setEditing("new")}>
          + {t("ui.overarching.add")}
        </button>
      ) : null}
    </div>
  );
}
