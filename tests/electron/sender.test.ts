import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("./fake-electron"));

import { INVOKE_CHANNEL } from "../../src/api/channels";
import { registerInvokeHandler } from "../../electron/ipc";
import type { RendererSource } from "../../electron/paths";
import { isOwnRendererUrl, isTrustedSender } from "../../electron/sender";
import { FakeFrame } from "./fake-electron";
import { startTestShell } from "./harness";

const file = path.join(path.sep, "opt", "matriz", "out", "renderer", "index.html");
const built: RendererSource = { kind: "file", file, href: pathToFileURL(file).href };
const dev: RendererSource = { kind: "dev", url: "http://localhost:5173", origin: "http://localhost:5173" };

describe("isOwnRendererUrl", () => {
  it("accepts the built page, with or without a fragment or query", () => {
    expect(isOwnRendererUrl(built.href, built)).toBe(true);
    expect(isOwnRendererUrl(`${built.href}#/plan`, built)).toBe(true);
    expect(isOwnRendererUrl(`${built.href}?lang=es`, built)).toBe(true);
  });

  it("rejects other files, other schemes and nonsense", () => {
    expect(isOwnRendererUrl(pathToFileURL("/tmp/evil.html").href, built)).toBe(false);
    expect(isOwnRendererUrl("https://example.org/out/renderer/index.html", built)).toBe(false);
    expect(isOwnRendererUrl("", built)).toBe(false);
    expect(isOwnRendererUrl("not a url", built)).toBe(false);
  });

  it("accepts the dev server's origin only", () => {
    expect(isOwnRendererUrl("http://localhost:5173/", dev)).toBe(true);
    expect(isOwnRendererUrl("http://localhost:5173/src/main.tsx", dev)).toBe(true);
    expect(isOwnRendererUrl("http://localhost:5174/", dev)).toBe(false);
    expect(isOwnRendererUrl("http://example.org/", dev)).toBe(false);
  });
});

describe("isTrustedSender", () => {
  const main = new FakeFrame(built.href);

  it("accepts our window's main frame showing our page", () => {
    expect(isTrustedSender(main, main, built)).toBe(true);
    // Electron may hand over a second wrapper object for the same frame.
    const sameFrame = Object.assign(Object.create(FakeFrame.prototype), main);
    expect(isTrustedSender(sameFrame, main, built)).toBe(true);
  });

  it("rejects our main frame once it shows a foreign page", () => {
    const navigated = new FakeFrame("https://example.org/");
    expect(isTrustedSender(navigated, navigated, built)).toBe(false);
  });

  it("rejects a subframe, even one showing our own page", () => {
    const child = new FakeFrame(built.href, main.processId, main);
    expect(isTrustedSender(child, main, built)).toBe(false);
  });

  it("rejects another window's frame and a missing frame", () => {
    expect(isTrustedSender(new FakeFrame(built.href), main, built)).toBe(false);
    expect(isTrustedSender(null, main, built)).toBe(false);
    expect(isTrustedSender(main, null, built)).toBe(false);
  });
});

describe("registerInvokeHandler", () => {
  function register(trusted: boolean) {
    let handler: ((event: unknown, method: unknown, input: unknown) => Promise<unknown>) | undefined;
    const ipcMain = { handle: vi.fn((_channel: string, h: typeof handler) => (handler = h)), removeHandler: vi.fn() };
    const dispatch = vi.fn(async () => ({ ok: true as const, value: "answered" }));
    const afterCall = vi.fn();
    registerInvokeHandler(ipcMain as never, { isTrusted: () => trusted, dispatch, language: () => "en", afterCall });
    return { ipcMain, dispatch, afterCall, call: (method: unknown, input: unknown) => handler!({}, method, input) };
  }

  it("listens on the invoke channel and passes trusted calls to the dispatcher", async () => {
    const { ipcMain, dispatch, afterCall, call } = register(true);
    expect(ipcMain.handle).toHaveBeenCalledWith(INVOKE_CHANNEL, expect.any(Function));
    expect(await call("app.info", undefined)).toEqual({ ok: true, value: "answered" });
    expect(dispatch).toHaveBeenCalledWith("app.info", undefined);
    expect(afterCall).toHaveBeenCalledTimes(1);
  });

  it("answers forbidden to an untrusted sender without calling the dispatcher", async () => {
    const { dispatch, afterCall, call } = register(false);
    const answer = (await call("plan.close", undefined)) as { ok: boolean; error: { code: string; message: string } };
    expect(answer.ok).toBe(false);
    expect(answer.error.code).toBe("forbidden");
    expect(answer.error.message.length).toBeGreaterThan(0);
    expect(dispatch).not.toHaveBeenCalled();
    expect(afterCall).not.toHaveBeenCalled();
  });
});

describe("the shell's IPC handler", () => {
  it("answers our own page", async () => {
    const { invoke } = await startTestShell();
    const answer = await invoke("app.info");
    expect(answer).toMatchObject({ ok: true, value: { name: "Matriz", version: "0.1.0" } });
  });

  it("refuses a foreign page, a subframe and a frame-less event before touching the core", async () => {
    const { invoke, window, workspace } = await startTestShell();
    const before = workspace().current?.path;
    const foreign = new FakeFrame("https://example.org/", window.webContents.mainFrame.processId);
    const subframe = new FakeFrame(window.webContents.mainFrame.url, window.webContents.mainFrame.processId, window.webContents.mainFrame);
    for (const frame of [foreign, subframe, null]) {
      const answer = await invoke("plan.close", undefined, frame);
      expect(answer.ok).toBe(false);
      expect(!answer.ok && answer.error.code).toBe("forbidden");
    }
    // Had any of those reached the core, the plan would now be closed.
    expect(before).toBeTruthy();
    expect(workspace().current?.path).toBe(before);
  });
});
