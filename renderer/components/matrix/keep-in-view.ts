/**
 * The row being typed stays in view: a cell editor grows with its text (and a picker
 * with its suggestions) over the cells below, so when it reaches past the bottom of
 * the grid, the grid scrolls just enough to show it, never hiding its top under
 * the sticky heading.
 */
export function keepInView(editor: HTMLElement | null): void {
  const scroller = editor?.closest<HTMLElement>(".matrix-scroll");
  if (!editor || !scroller) return;
  const view = scroller.getBoundingClientRect();
  const box = editor.getBoundingClientRect();
  // The heading's cells are sticky (the row group itself scrolls away): they say where the heading ends.
  const headBottom = scroller.querySelector("thead th")?.getBoundingClientRect().bottom ?? view.top;
  const bottom = view.top + scroller.clientHeight;
  if (box.top < headBottom) scroller.scrollTop -= headBottom - box.top;
  else if (box.bottom > bottom) scroller.scrollTop += Math.min(box.bottom - bottom, box.top - headBottom);
}
