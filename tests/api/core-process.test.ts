/**
 * The core host in a real separate process (a Node child standing in for
 * Electron's utility process), answering the contract over a message channel:
 * the shell's client sends the page's calls, answers the core's dialog
 * questions, and receives events and progress. A 100-file import runs there;
 * a call made meanwhile is answered before it ends, and a cancel stops it
 * between two files with the plan consistent.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { MatrizEvent, Result } from "../../src/api/contract";
import { CoreClient } from "../../src/app/core-client";
import type { CoreInit } from "../../src/app/core-protocol";
import type { Dialogs } from "../../src/app/workspace";
import { PlanStore } from "../../src/storage/plan-store";
import { financePlan } from "../spreadsheet/fixture";
import { REPO_ROOT, RESOURCES_DIR, tempDir } from "../helpers/temp";
import { returnedWorkbooks } from "../helpers/returned";

const CHILD = path.join(REPO_ROOT, "tests", "helpers", "core-child.ts");
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
});

interface Started {
  child: ChildProcess;
  client: CoreClient;
  events: MatrizEvent[];
  dialogs: Dialogs & { returned: string[] };
  call(method: string, input?: unknown): Promise<any>;
}

async function startCoreProcess(dir: string): Promise<Started> {
  const child = fork(CHILD, [], { execArgv: ["--import", "tsx"], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.push(child);
  const events: MatrizEvent[] = [];
  const dialogs: Dialogs & { returned: string[] } = {
    returned: [],
    pickPlanToOpen: async () => null,
    pickPlanToSave: async () => null,
    pickSpreadsheetsToImport: async () => dialogs.returned,
  };
  const client = new CoreClient(
    { postMessage: (message) => void child.send(message as never), onMessage: (listener) => void child.on("message", listener) },
    { dialogs, language: () => "en", onEvent: (event) => void events.push(event) },
  );
  child.on("exit", (code) => client.stopped(`exit code ${code}`));
  const init: CoreInit = {
    resourcesDir: RESOURCES_DIR,
    examplesDir: path.join(dir, "examples"),
    settingsFile: path.join(dir, "settings.json"),
    locale: "en-US",
    defaultUserName: "Tester",
    version: "test",
    platform: process.platform,
  };
  expect(await client.init(init)).toEqual({ ok: true, value: null });
  const call = async (method: string, input?: unknown) => {
    const answer: Result<unknown> = await client.invoke(method, input);
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value as any;
  };
  return { child, client, events, dialogs, call };
}

/** The returned workbooks, exported from the plan file before the core opens it. */
async function returnedFor(planFile: string, dir: string, count: number): Promise<string[]> {
  const store = PlanStore.open(planFile);
  try {
    return await returnedWorkbooks(store.db, dir, count);
  } finally {
    store.close();
  }
}

describe("the core in its own process", () => {
  it("answers the contract, asks the shell for dialogs, and announces changes", async () => {
    const dir = tempDir();
    const { call, events, client } = await startCoreProcess(dir);
    expect(await call("app.info")).toMatchObject({ name: "Matriz", version: "test" });
    const opened = await call("plan.openExample", { example: "panama" });
    expect(opened).toMatchObject({ iso3: "PAN" });
    expect(await call("plan.current")).toEqual(opened);
    expect(events).toContainEqual({ type: "plan-changed", plan: opened });
    // The menu's state follows.
    expect(client.state).toMatchObject({ hasPlan: true, planPath: opened.path, recent: [opened.path] });
    // A question for the shell: the open dialog, cancelled here.
    expect(await call("dialog.open")).toBeNull();
    // Bad input from the page is refused in the core, with the message in the user's language.
    const refused = await client.invoke("plan.open", { path: "/etc/passwd" });
    expect(refused).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });

  it("imports 100 files with progress, answers other calls meanwhile, and stops between two files when cancelled", async () => {
    const dir = tempDir();
    const plan = financePlan(dir);
    plan.store.close();
    const files = await returnedFor(plan.file, dir, 100);
    const { call, client, events, dialogs } = await startCoreProcess(dir);
    expect(await client.command({ name: "openFile", file: plan.file })).toMatchObject({ ok: true });
    dialogs.returned = files;
    const chosen: Array<{ handle: string }> = await call("dialog.pickReturnedFiles");
    expect(chosen).toHaveLength(100);

    const order: string[] = [];
    const importing = call("finance.apply", { files: chosen.map((f) => ({ handle: f.handle })), task: "import-100" }).then((answer) => {
      order.push("import");
      return answer;
    });
    // Once the third file is under way, another call (what a menu action sends) and the cancel.
    const started = Date.now();
    while (!events.some((e) => e.type === "progress" && e.task === "import-100" && e.done >= 2) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 5));
    const info = call("app.info").then(() => order.push("app.info"));
    const cancelled = call("task.cancel", { task: "import-100" });
    await info;
    expect(await cancelled).toEqual({ cancelled: true });
    const answer = await importing;
    expect(order).toEqual(["app.info", "import"]);

    expect(answer.cancelled).toBe(true);
    expect(answer.results.length).toBeGreaterThanOrEqual(3);
    expect(answer.results.length).toBeLessThan(100);
    // The first file applied, the others met the first one's change as a conflict; none was refused.
    expect(answer.results[0].status).toBe("applied");
    expect(answer.results.every((r: { status: string }) => r.status === "applied" || r.status === "conflicts")).toBe(true);
    const progress = events.filter((e): e is Extract<MatrizEvent, { type: "progress" }> => e.type === "progress" && e.task === "import-100");
    expect(progress[0]).toEqual({ type: "progress", task: "import-100", done: 0, total: 100, label: "dgm-000.xlsx" });
    expect(progress.at(-1)!.done).toBe(answer.results.length - 1);

    // The plan holds exactly the files answered: each one whole, none half, nothing after the cancel.
    await call("plan.close");
    const db = new Database(plan.file, { readonly: true });
    try {
      const imported = db.prepare("SELECT file_name FROM imported_file ORDER BY imported_at, rowid").all() as Array<{ file_name: string }>;
      expect(imported.map((r) => r.file_name)).toEqual(answer.results.map((r: { file: string }) => r.file));
      const conflicts = db.prepare("SELECT count(*) AS n FROM merge_conflict").get() as { n: number };
      expect(conflicts.n).toBe(answer.results.reduce((n: number, r: { conflictIds: string[] }) => n + r.conflictIds.length, 0));
      const amount = db.prepare("SELECT amount_minor FROM budget_line WHERE id = 'line-2'").get() as { amount_minor: number };
      expect(amount.amount_minor).toBe(14_000_000);
    } finally {
      db.close();
    }
    expect(fs.existsSync(plan.file)).toBe(true);
  }, 120_000);
});
