/** Focus rules every modal dialog keeps: where focus starts, Esc closes, Tab stays inside. */
import type { KeyboardEvent } from "react";

/** The element marked data-autofocus, else the dialog's first control. */
export function initialFocusIn(root: HTMLElement | null): HTMLElement | null {
  return root?.querySelector<HTMLElement>("[data-autofocus]") ?? root?.querySelector<HTMLElement>("input, select, textarea, button") ?? null;
}

/** Esc closes; Tab from the last control goes to the first and Shift+Tab from the first to the last. */
export function dialogKeyDown(event: KeyboardEvent, controls: () => HTMLElement[], close: () => void): void {
  if (event.key === "Escape") {
    event.preventDefault();
    event.stopPropagation();
    close();
    return;
  }
  if (event.key !== "Tab") return;
  const focusable = controls();
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last?.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first?.focus();
  }
}
