/** What the plan's forms share: their keys, the problem line, the Cancel/Save footer and the add-or-update buttons. */
import type { KeyboardEvent, ReactNode } from "react";
import { useT } from "../i18n";

/** Enter starts a new line in a text box; Ctrl+Enter saves, as in the matrix; Esc cancels this form only. */
export function formKeyHandler(onCancel: () => void) {
  return (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.requestSubmit();
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };
}

/** Why the form was not saved, read out when it appears; nothing while there is no problem. */
export function FormProblem({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="field-error section-form__wide" role="alert">
      {children}
    </p>
  );
}

/** Cancel (left out when there is nothing to cancel) and the submit button; `inModal` lays them out as a dialog's buttons. */
export function FormButtons(props: { onCancel?: () => void; submitLabel?: string; inModal?: boolean }) {
  const t = useT();
  return (
    <div className={`${props.inModal ? "modal-buttons" : "section-form__buttons"} section-form__wide`}>
      {props.onCancel ? (
        <button type="button" className="button" onClick={props.onCancel}>
          {t("ui.list.cancel")}
        </button>
      ) : null}
      <button type="submit" className="button button--primary">
        {props.submitLabel ?? t("ui.list.save")}
      </button>
    </div>
  );
}

/** The buttons of a form that adds a line or, while one is being edited, updates it; Cancel shows only while editing. */
export function AddOrUpdateButtons(props: { editing: boolean; submitLabel: string; submitDisabled?: boolean; onCancel: () => void; children?: ReactNode }) {
  const t = useT();
  return (
    <div className="form-end-buttons">
      {props.children}
      <button type="submit" className="button button--primary" disabled={props.submitDisabled}>
        {props.submitLabel}
      </button>
      {props.editing ? (
        <button type="button" className="button" onClick={props.onCancel}>
          {t("ui.cancel")}
        </button>
      ) : null}
    </div>
  );
}
