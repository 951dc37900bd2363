import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("./fake-electron"));

import { Inbox } from "../../electron/inbox";
import { planFileFromArgv } from "../../electron/plan-files";
import { startShell } from "../../electron/shell";
import { BrowserWindow, FakeEvent, app, fake, ipcMain } from "./fake-electron";
import { prepareFakeApp, settle, startTestShell, wrap } from "./harness";

/** A real plan file on disk, made through the core and then closed. */
async function makePlan(file: string): Promise<string> {
  const t = await startTestShell();
  t.workspace().createPlan({ path: file, template: "crrf-blank" });
  t.workspace().dispose();
  return file;
}

describe("planFileFromArgv", () => {
  it("takes the last .matriz argument, resolved against the working folder", () => {
    expect(planFileFromArgv(["/usr/bin/matriz", "a.matriz", "sub/B.MATRIZ"], "/home/ana")).toBe(path.resolve("/home/ana/sub/B.MATRIZ"));
    expect(planFileFromArgv(["/abs/plan.matriz"], "/home/ana")).toBe(path.resolve("/abs/plan.matriz"));
  });

  it("ignores switches and other files", () => {
    expect(planFileFromArgv([".", "--inspect=x.matriz", "notes.txt"], "/home/ana")).toBeNull();
    // A link is never a file, whatever it ends with.
    expect(planFileFromArgv(["matriz://join?host=1.2.3.4&x=../../etc/plan.matriz", "MATRIZ:plan.matriz"], "/home/ana")).toBeNull();
    expect(planFileFromArgv([], "/home/ana")).toBeNull();
  });
});

describe("Inbox", () => {
  it("keeps files until the shell is ready, then hands them over directly", () => {
    const inbox = new Inbox();
    inbox.receive("/a.matriz");
    inbox.receive("/b.matriz");
    const opened: string[] = [];
    expect(inbox.deliverTo((f) => opened.push(f))).toEqual(["/a.matriz", "/b.matriz"]);
    inbox.receive("/c.matriz");
    expect(opened).toEqual(["/c.matriz"]);
  });
});

describe("single instance", () => {
  it("quits without a window when another instance holds the lock", async () => {
    const dir = prepareFakeApp();
    fake.singleInstanceLock = false;
    const shell = await startShell({ argv: ["electron"], cwd: dir, env: {} });
    expect(shell).toBeNull();
    expect(app.quit).toHaveBeenCalled();
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(ipcMain.handle).not.toHaveBeenCalled();
  });

  it("opens the .matriz file a second instance was started with, and comes to the front", async () => {
    const file = await makePlan(path.join(prepareFakeApp(), "segundo.matriz"));
    const t = await startTestShell();
    t.window.minimized = true;
    app.emit("second-instance", new FakeEvent(), ["/usr/bin/matriz", "--flag", "segundo.matriz"], path.dirname(file), {});
    await settle();
    expect(t.window.restore).toHaveBeenCalled();
    expect(t.window.focus).toHaveBeenCalled();
    const current = await t.invoke("plan.current");
    expect(current.ok && current.value?.path).toBe(file);
  });

  it("only comes to the front when the second instance names no plan", async () => {
    const t = await startTestShell();
    const before = t.workspace().current?.path;
    app.emit("second-instance", new FakeEvent(), ["/usr/bin/matriz"], t.dir, {});
    await settle();
    expect(t.window.focus).toHaveBeenCalled();
    expect(t.window.restore).not.toHaveBeenCalled();
    expect(t.workspace().current?.path).toBe(before);
  });
});

describe("files from the operating system (macOS open-file)", () => {
  it("queues a file that arrives before the app is ready and opens it once started", async () => {
    const file = await makePlan(path.join(prepareFakeApp(), "temprano.matriz"));
    const dir = prepareFakeApp();
    let ready!: () => void;
    fake.ready = new Promise<void>((resolve) => (ready = resolve));
    const starting = startShell({ argv: ["electron"], cwd: dir, env: {} });
    const event = new FakeEvent();
    app.emit("open-file", event, file);
    expect(event.defaultPrevented).toBe(true);
    ready();
    const t = wrap((await starting)!, dir);
    await settle();
    expect(t.workspace().current?.path).toBe(file);
    expect(fs.existsSync(file)).toBe(true);
  });

  it("opens a file that arrives later straight away", async () => {
    const file = await makePlan(path.join(prepareFakeApp(), "tarde.matriz"));
    const t = await startTestShell();
    expect(t.workspace().current?.path).not.toBe(file);
    app.emit("open-file", new FakeEvent(), file);
    await settle();
    expect(t.workspace().current?.path).toBe(file);
  });
});
