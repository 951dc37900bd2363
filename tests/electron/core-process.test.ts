/**
 * The main process with the core in its utility process (faked in-process by
 * fake-electron, messages cloned and delivered on a later turn): the menu is
 * answered while an import runs, drops arrive on their own channel and become
 * handles, and a core that crashes is restarted with the plan that was open.
 */
import path from "node:path";
import type { MenuItemConstructorOptions } from "electron";
import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("./fake-electron"));

import { DROP_CHANNEL, EVENT_CHANNEL } from "../../src/api/channels";
import type { MatrizEvent } from "../../src/api/contract";
import { returnedWorkbooks } from "../helpers/returned";
import { createPlanFromDocument } from "../../src/app/plans";
import { financePlanDocument } from "../spreadsheet/fixture";
import { FakeFrame, FakeUtilityProcess, dialog, fake, utilityProcess } from "./fake-electron";
import { settle, startTestShell, type TestShell } from "./harness";

type Item = MenuItemConstructorOptions;
const submenu = (item: Item | undefined): Item[] => (item?.submenu ?? []) as Item[];
const find = (items: Item[], label: string) => items.find((i) => i.label === label)!;
const menu = () => fake.menus.at(-1)!.template as Item[];
const sentEvents = (t: TestShell) => t.window.webContents.sent.filter((m) => m.channel === EVENT_CHANNEL).map((m) => m.payload as MatrizEvent);

/** Polls `done` on later turns, up to a bound, as messages to and from the core arrive. */
async function until(done: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The finance plan open in the shell, and `count` returned workbooks chosen in the import dialog. */
/** The finance fixture, with `bulk` more actions for DGM/IGM so each returned file takes the core a while to import. */
async function planWithReturnedFiles(t: TestShell, count: number, bulk = 0) {
  const doc = financePlanDocument();
  for (let i = 0; i < bulk; i++) {
    doc.pillars[0]!.needs[0]!.actions.push({
      id: `bulk-${i}`,
      text: `Acción adicional ${i}`,
      institutions: ["DGM/IGM"],
      lead: "DGM/IGM",
      schedule: "2018",
      commitments: [],
      budget_lines: [2018, 2019, 2020].map((year) => ({ institution: "DGM/IGM", year, amount: 1000 + i, currency: "GTQ" })),
    });
  }
  const plan = { file: path.join(t.dir, "gt.matriz") };
  createPlanFromDocument(plan.file, doc, { author: "test", source: "example" }).close();
  dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [plan.file] });
  expect(await t.invoke("dialog.open")).toMatchObject({ ok: true, value: { path: plan.file } });
  const files = await returnedWorkbooks(t.workspace().current!.db, t.dir, count);
  dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: files });
  const chosen = await t.invoke("dialog.pickReturnedFiles");
  if (!chosen.ok) throw new Error(chosen.error.message);
  return { plan, chosen: chosen.value };
}

describe("the core in its utility process", () => {
  it("is started from the built core entry, apart from the main process", async () => {
    const t = await startTestShell();
    expect(utilityProcess.fork).toHaveBeenCalledTimes(1);
    expect(utilityProcess.fork.mock.calls[0]![0]).toBe(path.join(t.shell.paths.coreEntry));
    expect(t.shell.paths.coreEntry).toMatch(/out[\\/]main[\\/]core\.js$/);
    expect(t.coreProcess().options).toMatchObject({ serviceName: "Matriz core" });
  });

  it("answers a menu action while an import runs, then stops the import when cancelled", async () => {
    const t = await startTestShell();
    // Files apply a group per commit (about a tenth of a second each): files of 300 rows, so the import outlasts a menu action.
    const { chosen } = await planWithReturnedFiles(t, 100, 300);
    let finished = false;
    const importing = t.invoke("finance.apply", { files: chosen.map((f) => ({ handle: f.handle })), task: "menu-test" }).then((answer) => {
      finished = true;
      return answer;
    });
    const progress = () => sentEvents(t).filter((e): e is Extract<MatrizEvent, { type: "progress" }> => e.type === "progress" && e.task === "menu-test");
    await until(() => progress().length > 0, "the import's first progress");

    // View › Language › English, clicked while the core is importing.
    const languages = submenu(find(submenu(find(menu(), "Ver")), "Idioma"));
    (find(languages, "English").click as unknown as () => void)();
    await until(() => menu()[0]?.label === "File", "the menu in English");
    expect(finished).toBe(false);
    expect(progress().at(-1)!.done).toBeLessThan(100);

    expect(await t.invoke("task.cancel", { task: "menu-test" })).toEqual({ ok: true, value: { cancelled: true } });
    const answer = await importing;
    expect(answer.ok && answer.value.cancelled).toBe(true);
    const applied = answer.ok ? answer.value.results.length : 0;
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(100);
    // Each file answered is in the plan, whole; none after the cancel.
    const rows = t.workspace().current!.db.prepare("SELECT file_name FROM imported_file ORDER BY imported_at, rowid").all() as Array<{ file_name: string }>;
    expect(answer.ok && answer.value.results.every((r) => r.status === "applied" || r.status === "conflicts")).toBe(true);
    expect(rows.map((r) => r.file_name)).toEqual(answer.ok ? answer.value.results.map((r) => r.file) : []);
  });

  it("takes dropped files from the preload's channel only from our window, and gives the page handles", async () => {
    const t = await startTestShell();
    const { plan } = await planWithReturnedFiles(t, 1);
    const dropped = path.join(t.dir, "dgm-000.xlsx");
    expect(await t.ipc(DROP_CHANNEL, [[dropped]])).toBe(true);
    await until(() => sentEvents(t).some((e) => e.type === "finance"), "the import request");
    const request = sentEvents(t).find((e) => e.type === "finance");
    expect(request).toEqual({ type: "finance", command: "import", files: [{ handle: expect.stringMatching(/^[A-Za-z0-9_-]{22,}$/), name: "dgm-000.xlsx", path: dropped }] });

    // Another page, garbage, or nothing: refused without reaching the core.
    const foreign = new FakeFrame("https://example.org/", t.window.webContents.mainFrame.processId);
    expect(await t.ipc(DROP_CHANNEL, [[plan.file]], foreign)).toBe(false);
    expect(await t.ipc(DROP_CHANNEL, [plan.file])).toBe(false);
    expect(await t.ipc(DROP_CHANNEL, [[42]])).toBe(false);
    expect(await t.ipc(DROP_CHANNEL, [[]])).toBe(false);
    await settle();
    expect(sentEvents(t).filter((e) => e.type === "finance")).toHaveLength(1);
  });

  it("restarts a core that crashed, with the plan that was open, and says so", async () => {
    const t = await startTestShell();
    const before = await t.invoke("plan.current");
    expect(before.ok && before.value?.iso3).toBe("GTM");
    const crashed = t.coreProcess();
    crashed.crash(139);
    await until(() => FakeUtilityProcess.instances.length === 2 && Boolean(t.coreProcess().host.workspace?.current), "a new core with the plan");
    expect(t.coreProcess()).not.toBe(crashed);
    const after = await t.invoke("plan.current");
    expect(after.ok && after.value?.path).toBe(before.ok ? before.value?.path : "");
    await until(() => dialog.showMessageBox.mock.calls.length > 0, "the error dialog");
    const shown = dialog.showMessageBox.mock.calls.at(-1)?.[1] as { type: string; message: string };
    expect(shown).toMatchObject({ type: "error", message: expect.stringContaining("se detuvo") });
    expect(sentEvents(t)).toContainEqual(expect.objectContaining({ type: "plan-changed", plan: expect.objectContaining({ iso3: "GTM" }) }));
  });

  it("answers calls made while the core is down with a message, not silence", async () => {
    const t = await startTestShell();
    t.coreProcess().crash(1);
    const client = t.shell.core();
    await until(() => t.shell.core() !== client || t.coreProcess().exited, "the crash");
    const answer = await client.invoke("app.info", undefined);
    expect(answer).toMatchObject({ ok: false, error: { code: "core_stopped" } });
  });
});
