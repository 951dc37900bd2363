/** Ctrl+Delete asks first, and says exactly what goes: the row's title, its actions and budget lines. */
import type { DeletePreview } from "../../../src/api/contract";
import { useT } from "../../i18n";
import { closeDialog, confirmDelete } from "../matrix/commands";
import { Modal } from "./Modal";

export function DeleteDialog({ preview }: { preview: DeletePreview }) {
  const t = useT();
  const counts = { actions: preview.actions, lines: preview.budgetLines };
  return (
    <Modal title={t(preview.kind === "need" ? "ui.delete.titleNeed" : "ui.delete.titleAction")} role="alertdialog" className="modal--delete" describedBy="delete-what">
      <div id="delete-what">
        <p className="delete-quote">«{preview.title}»</p>
        <p>
          {preview.kind === "need" ? t("ui.delete.needGoes", counts) : t("ui.delete.actionGoes", counts)}
        </p>
        <p className="muted">{t("ui.delete.undoable")}</p>
      </div>
      <div className="modal-buttons">
        <button type="button" className="button button--danger" data-autofocus onClick={confirmDelete}>
          {t("ui.delete.confirm")}
        </button>
        <button type="button" className="button" onClick={closeDialog}>
          {t("ui.cancel")}
        </button>
      </div>
    </Modal>
  );
}
