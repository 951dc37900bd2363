/**
 * The finance dialogs' frame: focus goes to the element marked data-autofocus
 * (or the first control), Tab stays inside, Esc closes, and closing gives focus
 * back to where it was.
 */
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { dialogKeyDown, initialFocusIn } from "../dialog-focus";

export function FinanceModal(props: { title: string; className?: string; onClose: () => void; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    initialFocusIn(box.current)?.focus();
    return () => before?.focus?.();
  }, []);
  // When the focused control goes away (a resolved conflict's row, an applied file's buttons),
  // focus stays in the dialog so the keyboard keeps working in it.
  useEffect(() => {
    const root = box.current;
    if (!root || root.contains(document.activeElement)) return;
    initialFocusIn(root)?.focus();
  });
  // Closed <details> hide their controls: only visible ones take part in the Tab loop.
  const controls = () =>
    [...(box.current?.querySelectorAll<HTMLElement>("input, select, textarea, button, summary, [tabindex='0']") ?? [])].filter((el) => !el.hasAttribute("disabled") && el.offsetParent !== null);
  const onKeyDown = (event: KeyboardEvent) => dialogKeyDown(event, controls, props.onClose);
  return (
    <div className="modal-backdrop finance-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div ref={box} className={`modal finance-modal ${props.className ?? ""}`} role="dialog" aria-modal="true" aria-label={props.title} onKeyDown={onKeyDown}>
        <h2 className="modal-title">{props.title}</h2>
        {props.children}
      </div>
    </div>
  );
}
