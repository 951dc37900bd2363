/**
 * Real round trips: LibreOffice opens the exported workbook, types into the
 * open cells and re-saves it as xlsx, xls and ods; each comes back into the plan.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importReturnedFile } from "../../src/spreadsheet/apply";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { PlanStore } from "../../src/storage/plan-store";
import { fillWithLibreOffice } from "../helpers/libreoffice";
import { sha256 } from "../helpers/temp";
import { addressOf, financePlan, linesOf, planData } from "./fixture";
import { sameReading } from "./readings";
import os from "node:os";

// A folder of its own: the LibreOffice batch runs once for every test in this file.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-lo-test-"));
let planFile = "";

beforeAll(async () => {
  const { store, file } = financePlan(dir);
  planFile = file;
  const exported = path.join(dir, "dgm.xlsx");
  await exportFinanceWorkbook(store.db, exported, { institution: "DGM/IGM", language: "es" });
  store.close();
  const at = (action: string, key: string) => ({ sheet: "Acciones", cell: addressOf(exported, action, key, "DGM/IGM") });
  await fillWithLibreOffice([
    {
      in: exported,
      edits: [
        { ...at("act-1", "amount:2018"), number: 200000 },
        { ...at("act-1", "amount:2020"), text: "1.250.000,50" },
        { ...at("act-1", "pei"), text: "PEI 9.9" },
        { ...at("act-2", "amount:2019"), number: 77 },
        { ...at("act-3", "amount:2020"), text: "" },
      ],
      out: [
        { path: path.join(dir, "filled.xlsx"), format: "xlsx" },
        { path: path.join(dir, "filled.xls"), format: "xls" },
        { path: path.join(dir, "filled.ods"), format: "ods" },
        { path: path.join(dir, "locked.ods"), format: "ods", password: "secreto" },
      ],
    },
  ]);
}, 90_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function freshCopy(name: string): PlanStore {
  const copy = path.join(dir, `${name}.matriz`);
  fs.copyFileSync(planFile, copy);
  return PlanStore.open(copy);
}

describe("round trip through LibreOffice", () => {
  for (const format of ["xlsx", "xls", "ods"]) {
    it(`imports what LibreOffice typed and saved as .${format}`, () => {
      const store = freshCopy(format);
      const before = linesOf(store);
      const outcome = importReturnedFile(store.db, path.join(dir, `filled.${format}`), { author: "MINGOB UDAF" });
      expect(outcome.preview.errors).toEqual([]);
      expect(outcome.status).toBe("applied");
      expect(outcome.preview.counts).toEqual({ added: 2, changed: 2, removed: 1, conflicts: 0 });
      const after = linesOf(store);
      const dgm = after.filter((l) => l.institution === "DGM/IGM");
      expect(dgm.find((l) => l.id === "line-1")).toMatchObject({ amount: 20_000_000, pei: "PEI 9.9", poa: "POA-18" });
      expect(dgm.find((l) => l.id === "line-2")).toMatchObject({ amount: 13_000_000, pei: "PEI 9.9" });
      expect(dgm.find((l) => l.action === "act-1" && l.year === 2020)).toMatchObject({ amount: 125_000_050, currency: "GTQ", source: "national_budget", pei: "PEI 9.9" });
      expect(dgm.find((l) => l.action === "act-2")).toMatchObject({ year: 2019, amount: 7700, currency: "GTQ" });
      expect(dgm.find((l) => l.id === "line-4")).toBeUndefined();
      // Other institutions' lines were not in the file and did not move.
      expect(after.filter((l) => l.institution !== "DGM/IGM")).toEqual(before.filter((l) => l.institution !== "DGM/IGM"));
      // Provenance: the file is kept and every change names it.
      const kept = store.db.prepare("SELECT id, sha256, length(content) AS size FROM imported_file").get() as { id: string; sha256: string; size: number };
      expect(kept.sha256).toBe(sha256(path.join(dir, `filled.${format}`)));
      const sets = store.db.prepare("SELECT source, source_file FROM change_set WHERE id = ?").all(outcome.changeSetId) as unknown[];
      expect(sets).toEqual([{ source: "imported", source_file: kept.id }]);
      // The same file again changes nothing.
      const data = planData(store);
      expect(importReturnedFile(store.db, path.join(dir, `filled.${format}`), { author: "x" }).status).toBe("already_imported");
      expect(planData(store)).toEqual(data);
      store.close();
    });
  }

  it("reads LibreOffice's xlsx with Matriz's plain reader, cell for cell as SheetJS reads it", () => {
    expect(sameReading(fs.readFileSync(path.join(dir, "filled.xlsx")))).toBe("plain");
  });

  it("refuses the password-protected copy and leaves the plan as it was", () => {
    const store = freshCopy("locked");
    const before = planData(store);
    expect(() => importReturnedFile(store.db, path.join(dir, "locked.ods"), { author: "x" })).toThrow(expect.objectContaining({ code: "spreadsheet_password" }));
    expect(planData(store)).toEqual(before);
    store.close();
  });
});
