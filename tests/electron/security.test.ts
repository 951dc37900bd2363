import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("./fake-electron"));

import { CONTENT_SECURITY_POLICY } from "../../electron/security";
import { startShell } from "../../electron/shell";
import { REPO_ROOT } from "../helpers/temp";
import { BrowserWindow, FakeEvent, app, session } from "./fake-electron";
import { prepareFakeApp, startTestShell, wrap } from "./harness";

describe("the main window", () => {
  it("is created with every hardening option set", async () => {
    const { window } = await startTestShell();
    const prefs = window.options["webPreferences"];
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.preload).toBe(path.join(REPO_ROOT, "out", "preload", "index.cjs"));
    expect(prefs.preload.endsWith("index.cjs")).toBe(true);
  });

  it("loads the built renderer from disk, not from the network", async () => {
    const { window } = await startTestShell();
    expect(window.loadedFile).toBe(path.join(REPO_ROOT, "out", "renderer", "index.html"));
    expect(window.loadedUrl).toBeNull();
  });

  it("loads electron-vite's dev server only in an unpackaged app", async () => {
    const dev = await startTestShell({ env: { ELECTRON_RENDERER_URL: "http://localhost:5173" } });
    expect(dev.window.loadedUrl).toBe("http://localhost:5173");

    const dir = prepareFakeApp();
    app.isPackaged = true;
    // A packaged app finds resources/ beside app.asar, in process.resourcesPath.
    const resourcesPath = path.join(dir, "installed");
    fs.mkdirSync(resourcesPath);
    fs.symlinkSync(path.join(REPO_ROOT, "resources"), path.join(resourcesPath, "resources"));
    const packaged = wrap(
      (await startShell({ argv: ["matriz"], cwd: dir, env: { ELECTRON_RENDERER_URL: "http://evil.example" }, resourcesPath }))!,
      dir,
    );
    expect(packaged.window.loadedUrl).toBeNull();
    expect(packaged.window.loadedFile).toMatch(/index\.html$/);
    expect(packaged.window.options["webPreferences"].devTools).toBe(false);
    expect(packaged.shell.paths.resourcesDir).toBe(path.join(resourcesPath, "resources"));
  });

  it("refuses to navigate or redirect anywhere", async () => {
    const { window } = await startTestShell();
    for (const name of ["will-navigate", "will-redirect"]) {
      const event = new FakeEvent();
      window.webContents.emit(name, event, "https://example.org/");
      expect(event.defaultPrevented, name).toBe(true);
    }
  });

  it("denies window.open", async () => {
    const { window } = await startTestShell();
    expect(window.webContents.windowOpenHandler).not.toBeNull();
    expect(window.webContents.windowOpenHandler!({ url: "https://example.org/" })).toEqual({ action: "deny" });
  });

  it("refuses to attach a webview", async () => {
    const { window } = await startTestShell();
    const event = new FakeEvent();
    window.webContents.emit("will-attach-webview", event, {}, { src: "https://example.org/" });
    expect(event.defaultPrevented).toBe(true);
  });

  it("hardens any other web contents the app creates", async () => {
    await startTestShell();
    const other = new BrowserWindow({}).webContents;
    app.emit("web-contents-created", new FakeEvent(), other);
    const event = new FakeEvent();
    other.emit("will-navigate", event, "https://example.org/");
    expect(event.defaultPrevented).toBe(true);
    expect(other.windowOpenHandler!({ url: "https://example.org/" })).toEqual({ action: "deny" });
  });
});

describe("the session", () => {
  it("denies every permission request and check", async () => {
    await startTestShell();
    const requestHandler = session.defaultSession.setPermissionRequestHandler.mock.calls[0]?.[0] as Function;
    const checkHandler = session.defaultSession.setPermissionCheckHandler.mock.calls[0]?.[0] as Function;
    expect(requestHandler).toBeTypeOf("function");
    expect(checkHandler).toBeTypeOf("function");
    for (const permission of ["media", "geolocation", "notifications", "clipboard-read", "openExternal"]) {
      const callback = vi.fn();
      requestHandler({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(checkHandler({}, permission, "file://", {})).toBe(false);
    }
  });

  it("adds the Content-Security-Policy header to every response", async () => {
    await startTestShell();
    const listener = session.defaultSession.webRequest.onHeadersReceived.mock.calls[0]?.[0] as Function;
    expect(listener).toBeTypeOf("function");
    const callback = vi.fn();
    listener({ url: "http://localhost:5173/", responseHeaders: { "Content-Type": ["text/html"] } }, callback);
    const headers = callback.mock.calls[0]?.[0].responseHeaders;
    expect(headers["Content-Type"]).toEqual(["text/html"]);
    expect(headers["Content-Security-Policy"]).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers["Content-Security-Policy"][0].startsWith("default-src 'none'")).toBe(true);
  });

  it("uses a policy that allows nothing remote", () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|\*/);
  });

  it("is the same policy as the meta tag in renderer/index.html", () => {
    const html = fs.readFileSync(path.join(REPO_ROOT, "renderer", "index.html"), "utf8");
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});
