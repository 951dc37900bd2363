/**
 * The renderer's edit queue against a real core: edits reach the core in the
 * order they were made, temporary ids become real ones before later edits use
 * them, and the cached grid, patched only with the deltas the core answers, stays
 * equal to the grid fetched afresh, through inserts, pastes, moves, deletes,
 * undo and redo. Runs in plain Node with the contract injected as window.matriz.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GridDocument } from "../../src/domain/grid";
import { createCore, makeTempDir, type Core } from "../e2e/harness";
import * as edits from "../../renderer/edits";
import { useBudgetLines, useMatriz } from "../../renderer/state";
import { loadBudgetLines, query, refreshDocument, resetSync } from "../../renderer/sync";
import fs from "node:fs";

let core: Core;
let dir = "";
const calls: string[] = [];

beforeAll(() => {
  dir = makeTempDir("matriz-sync-");
  core = createCore(dir);
  (globalThis as Record<string, unknown>).window = {
    matriz: {
      invoke: (method: string, input: unknown) => {
        calls.push(method);
        return core.dispatch(method, input);
      },
      onEvent: () => () => {},
    },
  };
});

afterAll(() => {
  core.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Waits until every queued edit and fetch has been answered. */
const settled = async () => {
  await query("history.state");
  await query("history.state");
};

async function fresh(): Promise<GridDocument> {
  const result = await core.dispatch("plan.grid", undefined);
  if (!result.ok) throw new Error(result.error.message);
  return JSON.parse(result.value as string) as GridDocument;
}

const cached = () => useMatriz.getState().document!;
const needs = (doc: GridDocument) => doc.pillars.flatMap((p) => p.needs);
const actions = (doc: GridDocument) => needs(doc).flatMap((n) => n.actions);

async function open(example: "guatemala" | "honduras") {
  const plan = core.workspace.openExample(example);
  resetSync();
  useMatriz.setState({ plan, document: null, settings: { language: "es", resolvedLanguage: "es", locale: "es-GT", userName: "T", recent: [] } });
  refreshDocument();
  await settled();
}

beforeEach(async () => {
  await open("guatemala");
  calls.length = 0;
});

describe("the renderer's edit queue", () => {
  it("patches the cached grid from each answer's delta, never fetching it again, and ends equal to a fresh grid", async () => {
    const first = needs(cached())[0]!;
    const [a1, a2] = first.actions;
    edits.setActionText(a1!.id!, "Texto nuevo");
    edits.setActionSchedule(a2!.id!, "2018, 2019");
    edits.setInstitutions(a1!.id!, [
      { label: "DGM/IGM", lead: false },
      { label: "NUEVA INSTITUCIÓN", lead: true },
    ]);
    edits.setCommitments(a2!.id!, ["Cartagena Declaration (1984)"]);
    const inserted = edits.insertAction(first.id!, { after: a1!.id! }, "Acción insertada");
    // Typed against the temporary id, sent once the real one is known.
    edits.setActionText(inserted, "Acción insertada y corregida");
    const newNeed = edits.insertNeed(cached().pillars[1]!.id!, { start: true }, "Necesidad nueva");
    edits.insertAction(newNeed, { start: true }, "Primera acción de la necesidad nueva");
    await settled();

    expect(calls.filter((m) => m === "plan.grid" || m === "plan.document")).toEqual([]);
    expect(calls.filter((m) => m.startsWith("edit."))).toEqual([
      "edit.cell",
      "edit.cell",
      "edit.institutions",
      "edit.commitments",
      "edit.insertAction",
      "edit.cell",
      "edit.insertNeed",
      "edit.insertAction",
    ]);
    const truth = await fresh();
    expect(cached()).toEqual(truth);
    expect(actions(truth).find((a) => a.text === "Acción insertada y corregida")).toBeTruthy();
    expect(needs(truth).find((n) => n.title === "Necesidad nueva")?.actions.map((a) => a.text)).toEqual(["Primera acción de la necesidad nueva"]);
    expect(useMatriz.getState().plan?.counts.actions).toBe(actions(truth).length);
    expect(useMatriz.getState().saveState).toBe("saved");
  });

  it("keeps the grid equal to a fresh one through a paste, moves, a delete, undo and redo", async () => {
    const [needA, needB] = needs(cached());
    const target = needA!.actions.slice(0, 2).map((a) => a.id!);
    edits.paste({
      actionIds: target,
      columns: ["action", "institutions"],
      rows: [
        ["Pegada 1", "SBS, *SOSEP"],
        ["Pegada 2", "MSPAS"],
        ["Pegada 3", "PGN"],
      ],
      appendToNeed: needA!.id!,
    });
    await settled();
    expect(cached()).toEqual(await fresh());
    expect(needs(cached())[0]!.actions.slice(0, 3).map((a) => a.text)).toEqual(["Pegada 1", "Pegada 2", "Pegada 3"]);

    const moving = needs(cached())[0]!.actions[0]!.id!;
    edits.moveRow("action", moving, "down");
    edits.moveRowTo("action", moving, needB!.id!);
    edits.moveRow("need", needB!.id!, "up");
    edits.deleteRow("need", needs(cached())[2]!.id!);
    await settled();
    expect(cached()).toEqual(await fresh());
    expect(needs(cached()).find((n) => n.id === needB!.id)!.actions.some((a) => a.id === moving)).toBe(true);

    for (let i = 0; i < 5; i++) edits.undo();
    await settled();
    expect(cached()).toEqual(await fresh());
    for (let i = 0; i < 3; i++) edits.redo();
    await settled();
    expect(cached()).toEqual(await fresh());
    expect(calls.filter((m) => m === "plan.grid")).toEqual([]);
  });

  it("shows an optimistic edit at once and keeps later ones when an earlier answer arrives", async () => {
    const action = needs(cached())[0]!.actions[0]!;
    const first = edits.setActionText(action.id!, "uno");
    edits.setActionText(action.id!, "dos");
    // Before any answer: the last typed text shows.
    expect(actions(cached()).find((a) => a.id === action.id)!.text).toBe("dos");
    await first;
    // The first answer (text "uno") must not undo the second, still pending, edit.
    expect(actions(cached()).find((a) => a.id === action.id)!.text).toBe("dos");
    await settled();
    expect(actions(cached()).find((a) => a.id === action.id)!.text).toBe("dos");
    expect(cached()).toEqual(await fresh());
  });

  it("falls back to fetching the grid when the plan changed behind the queue's back", async () => {
    const action = needs(cached())[0]!.actions[0]!;
    // Another path (an import, the CLI) edits the open plan directly.
    await core.dispatch("edit.cell", { kind: "action", id: action.id, field: "text", value: "Cambiado por otro camino" });
    edits.setActionSchedule(action.id!, "2020");
    await settled();
    expect(calls).toContain("plan.grid");
    expect(cached()).toEqual(await fresh());
    expect(actions(cached()).find((a) => a.id === action.id)!.text).toBe("Cambiado por otro camino");
  });

  it("fetches budget lines on demand and takes a saved line from the answer", async () => {
    const action = needs(cached())[0]!.actions[0]!;
    loadBudgetLines([action.id!]);
    await new Promise((r) => setTimeout(r, 5));
    await settled();
    expect(useBudgetLines.getState().lines.get(action.id!)).toEqual([]);
    await edits.saveBudgetLine(action.id!, { institution: action.institutions[0]!, year: 2019, amount: 1250000.5, currency: "GTQ" });
    await settled();
    expect(useBudgetLines.getState().lines.get(action.id!)).toMatchObject([{ institution: action.institutions[0], year: 2019, amount: 1250000.5 }]);
    expect(actions(cached()).find((a) => a.id === action.id)!.budget).toEqual({ lines: 1, years: [2019] });
    expect(cached()).toEqual(await fresh());
  });

  it("keeps an edit's lines when the answer to an earlier fetch is redrawn after it", async () => {
    // The fetch's answer is redrawn in an idle moment; the cache must already hold it, so the
    // edit answering meanwhile is not overwritten by the older lines.
    const action = needs(cached())[1]!.actions[0]!;
    expect(useBudgetLines.getState().lines.has(action.id!)).toBe(false);
    loadBudgetLines([action.id!]);
    await new Promise((r) => setTimeout(r, 1));
    await edits.saveBudgetLine(action.id!, { institution: action.institutions[0]!, year: 2020, amount: 75, currency: "GTQ" });
    await settled();
    await new Promise((r) => setTimeout(r, 30));
    expect(useBudgetLines.getState().lines.get(action.id!)).toMatchObject([{ year: 2020, amount: 75 }]);
  });
});

