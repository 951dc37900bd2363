/**
 * F6 and Shift+F6 go from one area of the window to the next, as in Office and
 * browsers: the top bar, the finance bar, the plan's tabs, the session bar, the
 * filter, the toolbar, the matrix, the history panel, or the welcome screen's
 * content. Areas are the elements marked data-region, in document order; the
 * ones not on screen (projector mode, a closed panel) are skipped. A modal
 * dialog keeps the keyboard: F6 does nothing then.
 */
import { useEffect } from "react";
import { GRID_ID } from "./matrix/commands";

const FOCUSABLE = "button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1']), a[href]";

function shown(element: Element): boolean {
  return element.getClientRects().length > 0;
}

/** The areas on screen, outermost first: an area inside another (the matrix inside the main area) comes in its place. */
export function regions(root: ParentNode = document): HTMLElement[] {
  const all = [...root.querySelectorAll<HTMLElement>("[data-region]")].filter(shown);
  // A region that holds others stands for its own content only when it has no region inside.
  return all.filter((region) => !all.some((other) => other !== region && region.contains(other)));
}

/** Where the keyboard lands in an area: the matrix's grid, a tab list's chosen tab, a focusable panel, or its first control. */
export function entryOf(region: HTMLElement): HTMLElement {
  const grid = region.querySelector<HTMLElement>(`#${GRID_ID}`);
  if (grid) return grid;
  const tab = region.querySelector<HTMLElement>("[role=tab][aria-selected=true]");
  if (tab) return tab;
  // A panel that takes focus itself (to be scrolled by keyboard) is entered there; Tab then goes on to its buttons.
  if (region.getAttribute("tabindex") === "0") return region;
  const first = [...region.querySelectorAll<HTMLElement>(FOCUSABLE)].find(shown);
  if (first) return first;
  if (!region.hasAttribute("tabindex")) region.tabIndex = -1;
  return region;
}

export function moveToRegion(backwards: boolean): boolean {
  if (document.querySelector("[aria-modal=true]")) return false;
  const list = regions();
  if (list.length === 0) return false;
  const active = document.activeElement;
  const current = list.findIndex((region) => active && region.contains(active));
  const next = current < 0 ? (backwards ? list.length - 1 : 0) : (current + (backwards ? -1 : 1) + list.length) % list.length;
  entryOf(list[next]!).focus();
  return true;
}

export function useRegionKeys(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "F6" || event.ctrlKey || event.altKey || event.metaKey) return;
      if (moveToRegion(event.shiftKey)) event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
