/**
 * A modal dialog: focus goes to its first field (or the element marked
 * data-autofocus), Tab stays inside, Esc closes, and closing gives focus back to the grid.
 */
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { closeDialog } from "../matrix/commands";

export function Modal(props: { title: string; role?: "dialog" | "alertdialog"; className?: string; describedBy?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = box.current;
    const target = root?.querySelector<HTMLElement>("[data-autofocus]") ?? root?.querySelector<HTMLElement>("input, select, textarea, button");
    target?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      closeDialog();
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
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeDialog()}>
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
