/**
 * A modal dialog: focus goes to its first field (or the element marked
 * data-autofocus), Tab stays inside, Esc closes, and closing gives focus back to the grid
 * (or, with onClose, to wherever the dialog's owner puts it).
 */
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { closeDialog } from "../matrix/commands";

export function Modal(props: { title: string; role?: "dialog" | "alertdialog"; className?: string; describedBy?: string; onClose?: () => void; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  // Dialogs outside the matrix close themselves and give focus back where they were opened.
  const close = props.onClose ?? closeDialog;
  useEffect(() => {
    const root = box.current;
    const target = root?.querySelector<HTMLElement>("[data-autofocus]") ?? root?.querySelector<HTMLElement>("input, select, textarea, button");
    target?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== "Tab" || !box.current) return;
    const focusable = [...box.current.querySelectorAll<HTMLElement>("input, select, textarea, button, [tabindex='0']")].filter((el) => !el.hasAttribute("disabled"));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={box}
        className={`modal ${props.className ?? ""}`}
        role={props.role ?? "dialog"}
        aria-modal="true"
        aria-label={props.title}
        aria-describedby={props.describedBy}
        onKeyDown={onKeyDown}
      >
        <h2 className="modal-title">{props.title}</h2>
        {props.children}
      </div>
    </div>
  );
}
