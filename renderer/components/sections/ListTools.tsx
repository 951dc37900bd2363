/** Edit, move up, move down and delete for one row of a list outside the matrix (stocktaking, gaps, recommendations). */
import { useT } from "../../i18n";
import { useMatriz } from "../../store";

/** A plan opened read-only takes no edit: its lists show no buttons to change them. */
export function useCanEdit(): boolean {
  return useMatriz((s) => !s.plan?.readOnly);
}

export interface ListToolsProps {
  /** A few words of the row, so a screen reader says which row the buttons act on. */
  what: string;
  /** Used for ids, so focus can come back to the row's Edit button after a form closes. */
  id: string;
  first: boolean;
  last: boolean;
  onEdit: () => void;
  onMove: (direction: "up" | "down") => void;
  onRemove: () => void;
}

export const editButtonId = (id: string) => `list-edit-${id}`;

/** Focus the Edit button of a row once it is drawn again (after a form closed or the row moved). */
export function focusRow(id: string): void {
  requestAnimationFrame(() => document.getElementById(editButtonId(id))?.focus());
}

export function ListTools(props: ListToolsProps) {
  const t = useT();
  const what = props.what.length > 60 ? `${props.what.slice(0, 60)}…` : props.what;
  return (
    <div className="list-tools" role="group" aria-label={t("ui.list.tools", { what })}>
      <button id={editButtonId(props.id)} type="button" className="button button--small" onClick={props.onEdit}>
        {t("ui.list.edit")}
      </button>
      <button type="button" className="button button--small" disabled={props.first} title={t("ui.list.moveUp")} aria-label={t("ui.list.moveUp")} onClick={() => props.onMove("up")}>
        ↑
      </button>
      <button type="button" className="button button--small" disabled={props.last} title={t("ui.list.moveDown")} aria-label={t("ui.list.moveDown")} onClick={() => props.onMove("down")}>
        ↓
      </button>
      <button type="button" className="button button--small button--danger-quiet" onClick={props.onRemove}>
        {t("ui.list.remove")}
      </button>
    </div>
  );
}
