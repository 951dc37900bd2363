import { afterEach, describe, expect, it, vi } from "vitest";
import { LiveSession, type SessionEvent } from "../../src/sync/session";
import { tempDir } from "../helpers/temp";
import { close, laptops } from "./helpers";

// Never real multicast: the mDNS library is replaced by a recorder.
const published: Array<Record<string, unknown>> = [];
vi.mock("bonjour-service", () => ({
  Bonjour: class {
    publish(options: Record<string, unknown>) {
      published.push(options);
      return { stop: vi.fn() };
    }
    find(_options: unknown, onUp: (service: unknown) => void) {
      for (const options of published) onUp({ name: options.name, port: options.port, addresses: ["127.0.0.1"], txt: options.txt });
      return { stop: vi.fn() };
    }
    destroy() {}
  },
}));

const sessions: LiveSession[] = [];
afterEach(async () => {
  while (sessions.length) await sessions.pop()!.stop();
  published.length = 0;
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the app's live session", () => {
  it("hosts, announces itself without the token, is found, joined by its link, and shows who is where", async () => {
    const { bonjourDiscovery } = await import("../../src/sync/discovery");
    const [h, a] = laptops(tempDir(), ["host", "guest"]);
    const hostEvents: SessionEvent[] = [];
    const host = new LiveSession(h.store, { author: () => "Facilitadora", device: h.device }, (e) => hostEvents.push(e));
    const guest = new LiveSession(a.store, { author: () => "Relatora pilar 2", device: a.device });
    sessions.push(host, guest);
    const discovery = await bonjourDiscovery();
    const info = await host.host({ bind: "127.0.0.1", discovery });
    expect(info.links).toHaveLength(1);
    expect(published).toHaveLength(1);
    expect(JSON.stringify(published[0])).not.toContain(info.code.slice(0, 9));
    expect(published[0]).toMatchObject({ type: "matriz", port: info.port, txt: { fp: info.fingerprint } });

    const found = await LiveSession.discover(discovery, 10);
    expect(found).toEqual([expect.objectContaining({ port: info.port, fingerprint: info.fingerprint, addresses: ["127.0.0.1"] })]);
    guest.join({ link: info.links[0]! });
    const pillar = (h.store.db.prepare("SELECT id FROM pillar ORDER BY position LIMIT 1").get() as { id: string }).id;
    await until(() => host.peers().length === 2, "the guest on the host");
    host.setScope(a.device.id, pillar);
    guest.setCursor({ entity: "action", id: "x", field: "text" });
    await until(() => host.peers().some((p) => p.cursor?.id === "x"), "the guest's cursor");
    expect(host.peers().find((p) => !p.host)).toMatchObject({ name: "Relatora pilar 2", scope: { pillar } });
    await until(() => guest.peers().some((p) => p.host && p.name === "Facilitadora"), "the host among the guest's peers");
    host.lockPillar(pillar);
    await until(() => guest.locks.includes(pillar), "the lock on the guest");
    expect(hostEvents.some((e) => e.type === "peers")).toBe(true);
    discovery.close();
    await guest.stop();
    await host.stop();
    close(h, a);
  });
});
