/**
 * A modal dialog: focus goes to its first field (or the element marked
 * data-autofocus), Tab stays inside, Esc closes, and closing gives focus back to the grid
 * (or, with onClose, to wherever the dialog's owner puts it).
 */
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { dialogKeyDown, initialFocusIn } from "../dialog-focus";
import { closeDialog } from "../matrix/commands";

export function Modal(props: { title: string; role?: "dialog" | "alertdialog"; className?: string; describedBy?: string; onClose?: () => void; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  // Dialogs outside the matrix close themselves and give focus back where they were opened.
  const close = props.onClose ?? closeDialog;
  useEffect(() => {
    initialFocusIn(box.current)?.focus();
  }, []);
  const controls = () => [...(box.current?.querySelectorAll<HTMLElement>("input, select, textarea, button, [tabindex='0']") ?? [])].filter((el) => !el.hasAttribute("disabled"));
  const onKeyDown = (event: KeyboardEvent) => dialogKeyDown(event, controls, close);
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
