import { describe, expect, it } from "vitest";
import { gridColumns, gridWidths, projectorScale, ROOT_PX, REF_WIDTH, columnLeft } from "../../renderer/components/matrix/model";
import { templateDocument } from "../../src/app/plans";

// The grid's columns come from the template; a plan without actions is the same to them as a grid document.
const guatemala = gridColumns({ ...templateDocument("guatemala", { language: "es" }), pillars: [] }).columns;
/** A plan without the financial columns: the action and who is responsible. */
const narrow = guatemala.filter((c) => c.key === "action" || c.key === "institutions");

describe("projector mode's type and columns, fitted to the window", () => {
  it("sizes the type to the window: larger on a larger window, never under 18 nor over 36 CSS pixels", () => {
    const cellPx = (width: number) => projectorScale(width) * 0.95 * ROOT_PX.projector;
    expect(cellPx(1024)).toBeCloseTo(1024 / 46, 5);
    expect(cellPx(1280)).toBeGreaterThan(cellPx(1024));
    expect(cellPx(683)).toBeCloseTo(18, 9);
    expect(cellPx(2560)).toBeCloseTo(36, 9);
  });

  it("keeps the frozen number and action columns to 55 % of the width and no other column over half", () => {
    for (const windowPx of [683, 1024, 1280, 1920]) {
      const scale = projectorScale(windowPx);
      const fitTo = windowPx / ROOT_PX.projector;
      const widths = gridWidths(guatemala, scale, fitTo);
      const action = guatemala.findIndex((c) => c.key === "action");
      expect(widths.ref + widths.columns[action]!, `${windowPx}`).toBeLessThanOrEqual(0.55 * fitTo + 1e-9);
      for (const w of widths.columns) expect(w, `${windowPx}`).toBeLessThanOrEqual(fitTo / 2 + 1e-9);
      // Wider than the window: the rest scrolls beside the frozen columns.
      expect(widths.total).toBeGreaterThan(fitTo);
    }
  });

  it("widens a matrix narrower than the window to fill it, in proportion", () => {
    const fitTo = 1920 / ROOT_PX.projector;
    const natural = gridWidths(narrow, 1);
    const fitted = gridWidths(narrow, 1, fitTo);
    expect(natural.total).toBeLessThan(fitTo);
    expect(fitted.total).toBeCloseTo(fitTo, 6);
    expect(fitted.columns[1]! / fitted.columns[0]!).toBeCloseTo(natural.columns[1]! / natural.columns[0]!, 6);
  });

  it("leaves the natural widths times the scale outside projector mode, and places columns from them", () => {
    const widths = gridWidths(guatemala, 1.5);
    expect(widths.ref).toBe(REF_WIDTH * 1.5);
    expect(widths.columns[0]).toBe(28 * 1.5);
    expect(columnLeft(widths, 0)).toBe(0);
    expect(columnLeft(widths, 2)).toBe(widths.ref + widths.columns[0]!);
  });
});
