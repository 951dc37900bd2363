/**
 * The import dialog's store against a real core: each file is read and applied
 * by its own call, under one task of the core, so every card shows its answer as
 * it comes; the progress names the file in hand; Stop ends an apply between two
 * files: the files reached are applied, the others stay ready to apply, and the
 * plan holds exactly the applied ones. Runs in plain Node with the contract
 * injected as window.matriz.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MatrizEvent } from "../../src/api/contract";
import { createCore, makeTempDir, type Core } from "../e2e/harness";
import { returnedWorkbooks } from "../helpers/returned";
import { financePlan } from "../spreadsheet/fixture";
import { applyItems, pickAndPreview, startFinance, stopTask, useFinance } from "../../renderer/components/finance/finance-store";
import { useMatriz } from "../../renderer/state";

let core: Core;
let dir = "";
const listeners = new Set<(event: MatrizEvent) => void>();
const calls: string[] = [];

beforeAll(() => {
  dir = makeTempDir("matriz-import-progress-");
  core = createCore(dir, "en-US");
  core.onEvent = (event) => {
    for (const listener of [...listeners]) listener(event);
  };
  (globalThis as Record<string, unknown>).window = {
    matriz: {
      invoke: (method: string, input: unknown) => {
        calls.push(method);
        return core.dispatch(method, input);
      },
      onEvent: (listener: (event: MatrizEvent) => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
  };
});

afterAll(() => {
  core.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("importing many returned files from the UI's store", () => {
  it("previews them file by file, applies until Stop, and keeps the rest ready", async () => {
    const plan = financePlan(dir);
    plan.store.close();
    const summary = core.workspace.openPlan(plan.file);
    useMatriz.setState({ plan: summary });
    const files = await returnedWorkbooks(core.workspace.current!.db, dir, 20);
    core.dialogs.pickSpreadsheetsToImport = async () => files;
    const stopFinance = startFinance();
    const seen: Array<{ phase: string; done: number; total: number; label: string }> = [];
    const watch = useFinance.subscribe((s) => s.progress && seen.push({ phase: s.progress.phase, done: s.progress.done, total: s.progress.total, label: s.progress.label }));

    await pickAndPreview();
    const items = useFinance.getState().items;
    expect(items).toHaveLength(20);
    expect(items.every((i) => i.state === "previewed" && i.preview?.status === "ready")).toBe(true);
    expect(items.map((i) => i.file)).toEqual(files.map((f) => f.split(/[\\/]/).pop()));
    // One call per file, the progress naming each in turn.
    expect(calls.filter((c) => c === "finance.preview")).toHaveLength(20);
    expect(seen.filter((p) => p.phase === "reading").map((p) => p.label)).toContain("dgm-007.xlsx");
    expect(seen.filter((p) => p.phase === "reading").at(-1)).toMatchObject({ done: 20, total: 20 });

    // Stop as soon as the first file is being applied.
    const stopAtFirst = (event: MatrizEvent) => {
      if (event.type === "progress" && useFinance.getState().progress?.phase === "applying") void stopTask();
    };
    listeners.add(stopAtFirst);
    await applyItems(items.map((i) => i.handle));
    listeners.delete(stopAtFirst);
    watch();
    stopFinance();

    expect(calls).toContain("task.cancel");
    expect(calls.filter((c) => c === "finance.apply").length).toBeLessThan(20);
    expect(seen.some((p) => p.phase === "applying")).toBe(true);
    expect(useFinance.getState().progress).toBeNull();
    const after = useFinance.getState().items;
    const applied = after.filter((i) => i.state === "applied");
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.length).toBeLessThan(20);
    // The files not reached are still there to apply later.
    expect(after.filter((i) => i.state === "previewed")).toHaveLength(20 - applied.length);
    const rows = core.workspace.current!.db.prepare("SELECT file_name FROM imported_file ORDER BY imported_at, rowid").all() as Array<{ file_name: string }>;
    expect(rows.map((r) => r.file_name)).toEqual(applied.map((i) => i.file));
  }, 60_000);
});
