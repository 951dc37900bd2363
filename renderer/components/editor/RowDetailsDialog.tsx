/** Ctrl+I: a need's theme and description (Panama's themes, Honduras' and Belize's narrative), or an action's status. */
import { useState, type FormEvent } from "react";
import type { ActionStatus } from "../../../src/domain/document";
import { findAction } from "../../doc-patch";
import { setActionStatus, setNeedField } from "../../edits";
import { useT } from "../../i18n";
import { useMatriz } from "../../store";
import { realId } from "../../sync";
import { closeDialog } from "../matrix/commands";
import { FormButtons } from "../form-parts";
import { Modal } from "./Modal";

// Listed here rather than imported: document.ts brings zod, which probes eval and trips the CSP.
export const STATUSES: readonly ActionStatus[] = ["planned", "in_progress", "done", "delayed", "cancelled"];

function NeedDetails({ id }: { id: string }) {
  const t = useT();
  const need = useMatriz((s) => s.document?.pillars.flatMap((p) => p.needs).find((n) => n.id === realId(id)));
  const [theme, setTheme] = useState(need?.theme ?? "");
  const [description, setDescription] = useState(need?.description ?? "");
  if (!need) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (theme.trim() !== (need.theme ?? "")) void setNeedField(need.id!, "theme", theme.trim());
    if (description.trim() !== (need.description ?? "")) void setNeedField(need.id!, "description", description.trim());
    closeDialog();
  };
  return (
    <Modal title={t("ui.details.needTitle")}>
      <p className="delete-quote">{need.title}</p>
      <form className="section-form" onSubmit={submit}>
        <label className="section-form__wide">
          <span>{t("ui.details.theme")}</span>
          <input className="text-input" value={theme} onChange={(e) => setTheme(e.target.value)} data-autofocus />
        </label>
        <label className="section-form__wide">
          <span>{t("ui.details.description")}</span>
          <textarea className="text-input" rows={6} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <FormButtons onCancel={closeDialog} inModal />
      </form>
    </Modal>
  );
}

function ActionDetails({ id }: { id: string }) {
  const t = useT();
  const action = useMatriz((s) => (s.document ? findAction(s.document, realId(id))?.action : undefined));
  const [status, setStatus] = useState<ActionStatus>(action?.status ?? "planned");
  if (!action) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (status !== (action.status ?? "planned")) void setActionStatus(action.id!, status);
    closeDialog();
  };
  return (
    <Modal title={t("ui.details.actionTitle")}>
      <p className="delete-quote">{action.text}</p>
      <form className="section-form" onSubmit={submit}>
        <fieldset className="section-form__wide status-choices">
          <legend>{t("ui.details.status")}</legend>
          {STATUSES.map((value) => (
            <label key={value} className="choice">
              <input type="radio" name="action-status" value={value} checked={status === value} onChange={() => setStatus(value)} data-autofocus={status === value ? true : undefined} />
              <span className={`status-badge status-badge--${value}`}>{t(`ui.status.${value}`)}</span>
            </label>
          ))}
        </fieldset>
        <FormButtons onCancel={closeDialog} inModal />
      </form>
    </Modal>
  );
}

export function RowDetailsDialog({ kind, id }: { kind: "need" | "action"; id: string }) {
  return kind === "need" ? <NeedDetails id={id} /> : <ActionDetails id={id} />;
}
