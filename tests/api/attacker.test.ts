/**
 * A hostile page: every method that ever took a file path from the renderer,
 * called the way an attacker would (paths to a canary folder, made-up handles,
 * handles granted for something else, the old input shapes). All are refused,
 * the canary folder is exactly as it was, the open plan is still the open plan,
 * and no folder was shown. Regression test for issue 10, item 7.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { MatrizEvent } from "../../src/api/contract";
import { createDispatcher } from "../../src/api/dispatch";
import { createPlanFromDocument, exampleDocumentPath, readDocumentFile } from "../../src/app/plans";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { financePlan } from "../spreadsheet/fixture";
import { RESOURCES_DIR, sha256, tempDir } from "../helpers/temp";

/** Every file under `dir` with its hash: what "untouched" means. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) out[name] = sha256(file);
  }
  return out;
}

async function setup() {
  const dir = tempDir();
  // The plan the user has open.
  const work = financePlan(path.join(dir));
  work.store.close();
  // The canary folder: another plan, a returned workbook of the open plan (readable if reached), a private file.
  const canary = path.join(dir, "canary");
  fs.mkdirSync(canary);
  const otherPlan = path.join(canary, "otro.matriz");
  createPlanFromDocument(otherPlan, readDocumentFile(exampleDocumentPath(RESOURCES_DIR, "honduras")), { author: "t", source: "example" }).close();
  fs.writeFileSync(path.join(canary, "privado.txt"), "nadie debe leer ni tocar esto");

  const events: MatrizEvent[] = [];
  const shown: string[] = [];
  const settings = new SettingsStore(path.join(dir, "settings.json"), "es-GT", "Tester");
  const workspace = new Workspace({
    resourcesDir: RESOURCES_DIR,
    examplesDir: path.join(dir, "examples"),
    settings,
    version: "test",
    // The user cancels every dialog: nothing is chosen in this session.
    dialogs: {
      pickPlanToOpen: async () => null,
      pickPlanToSave: async () => null,
      pickExportPath: async () => null,
      pickSpreadsheetsToImport: async () => [],
      pickRegionalSources: async () => [],
      showInFolder: (file) => void shown.push(file),
    },
    notify: (event) => void events.push(event),
  });
  workspace.openPlan(work.file);
  const returned = path.join(canary, "dgm.xlsx");
  await exportFinanceWorkbook(workspace.current!.db, returned, { institution: "DGM/IGM" });
  events.length = 0;
  const dispatch = createDispatcher(workspace.handlers, () => settings.language);
  return { dir, canary, otherPlan, returned, work, workspace, dispatch, events, shown };
}

describe("a hostile page naming files itself", () => {
  it("cannot make the core write, overwrite, read or show any file it names", async () => {
    const { canary, otherPlan, returned, work, workspace, dispatch, events, shown } = await setup();
    const before = snapshot(canary);
    const revision = workspace.current!.revision();
    const made = "A".repeat(24);
    // A real handle the page does have: the open plan in the recent list (granted for opening plans only).
    const settings = await dispatch("settings.get", undefined);
    const recentHandle = settings.ok ? (settings.value as { recent: Array<{ handle: string }> }).recent[0]!.handle : "";
    expect(recentHandle).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    const rates = { GTQ: { rate: 0.13, date: "2018-01-02" } };

    const attacks: Array<[string, unknown]> = [
      // Writing where the page says.
      ["export.national", { path: path.join(canary, "nuevo.xlsx"), format: "xlsx" }],
      ["export.national", { path: path.join(canary, "privado.txt"), format: "hxl" }],
      ["finance.export", { path: path.join(canary, "dgm.xlsx"), institution: null }],
      ["plan.create", { path: otherPlan, template: "guatemala", overwrite: true }],
      ["plan.create", { path: path.join(canary, "nuevo.matriz"), template: "guatemala" }],
      ["plan.saveCopy", { path: otherPlan }],
      ["plan.saveCopy", { path: path.join(canary, "copia.matriz") }],
      // Reading (and replacing the open plan).
      ["plan.open", { path: otherPlan }],
      ["plan.open", { handle: otherPlan }],
      ["plan.open", { handle: made }],
      ["finance.preview", { files: [{ path: returned }] }],
      ["finance.preview", { files: [{ handle: returned }] }],
      ["finance.preview", { files: [{ handle: made }] }],
      ["finance.preview", { files: [{ handle: recentHandle }] }],
      ["finance.apply", { files: [{ path: returned }] }],
      ["finance.apply", { files: [{ handle: made }] }],
      ["finance.apply", { files: [{ handle: recentHandle }] }],
      ["finance.dropped", { paths: [returned] }],
      ["regional.consolidate", { files: [otherPlan], currency: "USD", rates }],
      ["regional.consolidate", { sources: [otherPlan], currency: "USD", rates }],
      ["regional.consolidate", { sources: [made], currency: "USD", rates }],
      ["regional.consolidate", { sources: [recentHandle], currency: "USD", rates }],
      ["dialog.exportRegional", { sources: [recentHandle], currency: "USD", rates }],
      // Showing a folder of the page's choosing.
      ["file.showInFolder", { path: otherPlan }],
      ["file.showInFolder", { handle: made }],
      ["file.showInFolder", { handle: recentHandle }],
    ];
    const accepted: string[] = [];
    for (const [method, input] of attacks) {
      const answer = await dispatch(method, input);
      if (answer.ok) accepted.push(`${method} ${JSON.stringify(input)}`);
    }
    expect(accepted).toEqual([]);

    expect(snapshot(canary)).toEqual(before);
    expect(workspace.current?.path).toBe(work.file);
    expect(workspace.current?.revision()).toBe(revision);
    expect(shown).toEqual([]);
    // Nothing was announced: no plan replaced, no import started, no export written.
    expect(events.filter((e) => e.type !== "settings-changed")).toEqual([]);
  });
});
