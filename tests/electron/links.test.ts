/**
 * matriz:// links (a workshop's QR code or invitation) open the app and fill the Join
 * dialog; the person confirms. Through the real shell and core, with electron mocked:
 * the first start (Windows, Linux), a second instance, and macOS's open-url, early and late.
 */
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("./fake-electron"));

import { EVENT_CHANNEL } from "../../src/api/channels";
import { makeSessionCertificate } from "../../src/sync/certificate";
import { joinLink, makePairingCode } from "../../src/sync/pairing";
import { startShell } from "../../electron/shell";
import { FakeEvent, app, dialog, fake } from "./fake-electron";
import { prepareFakeApp, settle, startTestShell, wrap, type TestShell } from "./harness";

const cert = makeSessionCertificate();
const code = makePairingCode("K7QM-29XH", cert.fingerprint);
const link = joinLink("192.168.1.20", 8765, code, cert.fingerprint);

/** The invitations the page was told of. */
const invitationEvents = (t: TestShell) => t.window.webContents.sent.filter((m) => m.channel === EVENT_CHANNEL && (m.payload as { type: string }).type === "live-invitation");

async function offered(t: TestShell) {
  const answer = await t.invoke("live.invitation");
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

describe("matriz:// links", () => {
  it("are registered with the operating system: the packaged app as itself, `electron .` with its script", async () => {
    await startTestShell();
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledWith("matriz");
    const dir = prepareFakeApp();
    const shell = await startShell({ argv: ["/usr/lib/electron/electron", "out/main/index.js"], cwd: dir, env: {}, defaultApp: true });
    wrap(shell!, dir);
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledWith("matriz", process.execPath, [path.resolve("out/main/index.js")]);
  });

  it("a link the app was started with fills the Join dialog for the person to confirm; nothing joins by itself", async () => {
    const t = await startTestShell({ argv: ["/opt/Matriz/matriz", link] });
    await settle();
    expect(invitationEvents(t)).toHaveLength(1);
    expect(await offered(t)).toEqual({ address: "192.168.1.20:8765", code, fingerprint: cert.fingerprint });
    // Taken once: the dialog opened with it.
    expect(await offered(t)).toBeNull();
    expect(t.workspace().live.active).toBe(false);
    expect(t.workspace().live.state().status).toBe("off");
  });

  it("a second instance started with a link brings the window to the front and offers the link", async () => {
    const t = await startTestShell();
    t.window.minimized = true;
    app.emit("second-instance", new FakeEvent(), ["C:\\Matriz\\Matriz.exe", link.replace("matriz://join?", "matriz://join/?")], t.dir, {});
    await settle();
    expect(t.window.restore).toHaveBeenCalled();
    expect(t.window.focus).toHaveBeenCalled();
    expect(await offered(t)).toEqual({ address: "192.168.1.20:8765", code, fingerprint: cert.fingerprint });
    expect(t.workspace().live.active).toBe(false);
  });

  it("macOS's open-url: a link that arrives before the app is ready is kept and offered once started; a later one at once", async () => {
    const dir = prepareFakeApp();
    let ready!: () => void;
    fake.ready = new Promise<void>((resolve) => (ready = resolve));
    const starting = startShell({ argv: ["/Applications/Matriz.app/Contents/MacOS/Matriz"], cwd: dir, env: {} });
    const early = new FakeEvent();
    app.emit("open-url", early, link);
    expect(early.defaultPrevented).toBe(true);
    ready();
    const t = wrap((await starting)!, dir);
    await settle();
    expect(await offered(t)).toEqual({ address: "192.168.1.20:8765", code, fingerprint: cert.fingerprint });
    const other = joinLink("sala.local", 9000, code, cert.fingerprint);
    app.emit("open-url", new FakeEvent(), other);
    await settle();
    expect(await offered(t)).toEqual({ address: "sala.local:9000", code, fingerprint: cert.fingerprint });
  });

  it("a link that is not a join link is refused in a dialog, in the user's language, and never read as a file", async () => {
    const t = await startTestShell();
    const before = t.workspace().current?.path ?? null;
    for (const bad of ["matriz://join?host=..%2F..%2Fetc&port=1&code=x&fp=y&x=plan.matriz", "matriz://open?file=/etc/passwd.matriz", `${link}&then=more`]) {
      vi.mocked(dialog.showMessageBox).mockClear();
      app.emit("second-instance", new FakeEvent(), ["/usr/bin/matriz", bad], t.dir, {});
      await settle();
      expect(dialog.showMessageBox).toHaveBeenCalledWith(t.window, expect.objectContaining({ type: "error", message: "Ese enlace no es un enlace para unirse a un taller de Matriz." }));
      expect(await offered(t)).toBeNull();
      expect(t.workspace().current?.path ?? null).toBe(before);
    }
    expect(invitationEvents(t)).toHaveLength(0);
  });
});
