/**
 * The regional view's core through the API: rates asked for when missing,
 * totals in one currency, an edited pillar mapping, the workbook written where
 * the dialog said, and the national files left exactly as they were.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { MatrizEvent } from "../../src/api/contract";
import { createDispatcher } from "../../src/api/dispatch";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import { examplePlanWithBudget } from "../helpers/plans";
import { callerOf } from "../helpers/api";
import { RESOURCES_DIR, sha256, tempDir } from "../helpers/temp";

function setup(exportPath: string | null) {
  const dir = tempDir();
  const settings = new SettingsStore(path.join(dir, "settings.json"), "en-US", "Tester");
  const picked: string[] = [];
  const events: MatrizEvent[] = [];
  const workspace = new Workspace({
    resourcesDir: RESOURCES_DIR,
    examplesDir: dir,
    settings,
    version: "test",
    dialogs: { pickPlanToOpen: async () => null, pickPlanToSave: async () => null, pickExportPath: async () => exportPath, pickRegionalSources: async () => picked },
    notify: (event) => events.push(event),
  });
  const dispatch = createDispatcher(workspace.handlers, () => settings.language);
  const call = callerOf(dispatch);
  return { dir, call, dispatch, picked, workspace, events };
}

describe("regional consolidation through the API", () => {
  it("asks for the missing rates, then totals in one currency, follows an edited mapping, and changes no national file", async () => {
    const out = path.join(tempDir(), "region.xlsx");
    const { dir, call, picked } = setup(out);
    const gt = examplePlanWithBudget(dir, "guatemala", "GTQ", 800);
    const pa = examplePlanWithBudget(dir, "panama", "USD", 10);
    picked.push(gt.file, pa.file);
    const hashes = [sha256(gt.file), sha256(pa.file)];

    const chosen = await call("dialog.pickRegionalSources");
    expect(chosen).toEqual([
      { handle: expect.any(String), name: "guatemala.matriz", path: gt.file },
      { handle: expect.any(String), name: "panama.matriz", path: pa.file },
    ]);
    const sources = chosen.map((f: { handle: string }) => f.handle);
    const waiting = await call("regional.consolidate", { sources, currency: "USD", rates: {} });
    expect(waiting.result).toBeNull();
    expect(waiting.missing).toEqual(["GTQ"]);
    expect(waiting.sources).toEqual([
      { handle: sources[0], name: "guatemala.matriz", country: "Guatemala", iso3: "GTM" },
      { handle: sources[1], name: "panama.matriz", country: expect.any(String), iso3: "PAN" },
    ]);

    const rates = { GTQ: { rate: 0.125, date: "2018-01-02" } };
    const answer = await call("regional.consolidate", { sources, currency: "USD", rates });
    const byCountry = Object.fromEntries(answer.result.byCountry.map((c: { iso3: string; total: number }) => [c.iso3, c.total]));
    expect(byCountry).toEqual({ GTM: gt.actions * 800 * 0.125, PAN: pa.actions * 10 });
    expect(answer.result.total).toBeCloseTo(gt.actions * 100 + pa.actions * 10, 2);
    expect(answer.result.ratesUsed).toEqual([{ currency: "GTQ", rate: 0.125, date: "2018-01-02" }]);

    // Panama's pillar 1 counted under CRRF pillar 4 instead: its amount moves there, the total stays.
    const panamaPillar1 = pa.doc.pillars[0]!.needs.reduce((n, need) => n + need.actions.length, 0) * 10;
    const before = Object.fromEntries(answer.result.byCrrfPillar.map((p: { crrfPillar: number; total: number }) => [p.crrfPillar, p.total]));
    const remapped = await call("regional.consolidate", { sources, currency: "USD", rates, mapping: { PAN: { "1": 4 } } });
    const after = Object.fromEntries(remapped.result.byCrrfPillar.map((p: { crrfPillar: number; total: number }) => [p.crrfPillar, p.total]));
    expect(after[4] - before[4]).toBeCloseTo(panamaPillar1, 2);
    expect(remapped.result.total).toBeCloseTo(answer.result.total, 2);
    expect(remapped.result.mapping.find((m: { iso3: string; nationalPillar: number }) => m.iso3 === "PAN" && m.nationalPillar === 1).crrfPillar).toBe(4);

    expect(await call("dialog.exportRegional", { sources, currency: "USD", rates, mapping: { PAN: { "1": 4 } } })).toMatchObject({ path: out, name: "region.xlsx" });
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
    expect([sha256(gt.file), sha256(pa.file)]).toEqual(hashes);
  });

  it("a cancelled consolidation answers nothing and a cancelled export writes nothing; both report progress", async () => {
    const out = path.join(tempDir(), "region.xlsx");
    const { dir, call, picked, events } = setup(out);
    picked.push(examplePlanWithBudget(dir, "guatemala", "GTQ", 800).file, examplePlanWithBudget(dir, "panama", "USD", 10).file);
    const sources = (await call("dialog.pickRegionalSources")).map((f: { handle: string }) => f.handle);
    const rates = { GTQ: { rate: 0.125, date: "2018-01-02" } };
    // Cancelled before it starts (the page's Cancel may cross the call): null, nothing read.
    expect(await call("task.cancel", { task: "sum-1" })).toEqual({ cancelled: false });
    expect(await call("regional.consolidate", { sources, currency: "USD", rates, task: "sum-1" })).toBeNull();
    const done = await call("regional.consolidate", { sources, currency: "USD", rates, task: "sum-2" });
    expect(done.result.total).toBeGreaterThan(0);
    expect(events.flatMap((e) => (e.type === "progress" && e.task === "sum-2" ? [e.done] : []))).toEqual([0, 1, 2]);
    expect(await call("task.cancel", { task: "out-1" })).toEqual({ cancelled: false });
    expect(await call("dialog.exportRegional", { sources, currency: "USD", rates, task: "out-1" })).toBeNull();
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  });

  it("refuses a malformed request at the boundary, naming the field", async () => {
    const { dispatch } = setup(null);
    const handle = "A".repeat(24);
    const bad = await dispatch("regional.consolidate", { sources: [handle], currency: "usd", rates: {} });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/currency/);
    const badRate = await dispatch("regional.consolidate", { sources: [handle], currency: "USD", rates: { GTQ: { rate: -1, date: "2018-01-02" } } });
    expect(badRate.ok).toBe(false);
    // Paths are not accepted where the files the user chose belong.
    const aPath = await dispatch("regional.consolidate", { sources: ["/home/ana/gt.matriz"], currency: "USD", rates: {} });
    expect(aPath).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });
});
