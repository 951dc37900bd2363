import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { SyncClient, type ClientEvent } from "../../src/sync/client";
import { SyncHost } from "../../src/sync/host";
import { makePairingCode, parsePairingCode } from "../../src/sync/pairing";
import { tempDir } from "../helpers/temp";
import { close, firstAction, laptops, tables, type Laptop } from "./helpers";

const running: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (running.length) await running.pop()!();
});

async function host(laptop: Laptop) {
  const h = await SyncHost.start({ store: laptop.store, shared: laptop.shared, identity: { author: laptop.name, device: laptop.device }, port: 0, bind: "127.0.0.1" });
  running.push(() => h.stop());
  return h;
}

function join(h: SyncHost, laptop: Laptop, code = h.code, events: ClientEvent[] = []) {
  const client = new SyncClient({
    host: "127.0.0.1",
    port: h.port,
    code: parsePairingCode(code),
    identity: { author: laptop.name, device: laptop.device },
    plan: laptop.store.info().id,
    open: () => laptop.shared,
    onEvent: (e) => events.push(e),
  });
  running.push(() => client.stop());
  client.connect();
  return client;
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("a live session on 127.0.0.1", () => {
  it("carries an edit from one laptop through the host to another, and shows who is where", async () => {
    const [h, a, b] = laptops(tempDir(), ["host", "a", "b"]);
    running.push(() => close(h!, a!, b!));
    const server = await host(h!);
    const ca = join(server, a!);
    const cb = join(server, b!);
    await ca.waitSynced();
    await cb.waitSynced();
    const action = firstAction(a!.store);
    a!.editor.setActionText(action.id, "Escrito en la laptop A durante el taller");
    const text = (l: Laptop) => (l.store.db.prepare("SELECT text FROM action WHERE id = ?").get(action.id) as { text: string }).text;
    await until(() => text(b!) === "Escrito en la laptop A durante el taller", "the edit on laptop B");
    expect(text(h!)).toBe("Escrito en la laptop A durante el taller");
    ca.setCursor({ entity: "action", id: action.id, field: "text" });
    await until(() => cb.peers().some((p) => (p.state.cursor as { id?: string } | undefined)?.id === action.id), "A's cursor on B");
    await until(() => server.peers().length === 2, "two peers on the host");
    expect(server.peers().map((p) => p.author).sort()).toEqual(["a", "b"]);
    await ca.waitSynced();
    await cb.waitSynced();
    expect(tables(a!.store)).toEqual(tables(h!.store));
    expect(tables(b!.store)).toEqual(tables(h!.store));
  });

  it("refuses a wrong code, a wrong fingerprint and a plain ws:// connection", async () => {
    const [h, a] = laptops(tempDir(), ["host", "a"]);
    running.push(() => close(h!, a!));
    const server = await host(h!);
    const before = tables(a!.store);

    const parsed = parsePairingCode(server.code);
    const wrongToken = makePairingCode(parsed.token === "00000000" ? "11111111" : "00000000", server.fingerprint);
    const wrongCode: ClientEvent[] = [];
    join(server, a!, wrongToken, wrongCode);
    await until(() => wrongCode.some((e) => e.type === "denied"), "the wrong code refused");
    expect(wrongCode.find((e) => e.type === "denied")).toMatchObject({ reason: "wrong_code" });

    const otherFingerprint = makePairingCode(parsed.token, "ab".repeat(32));
    const wrongHost: ClientEvent[] = [];
    join(server, a!, otherFingerprint, wrongHost);
    await until(() => wrongHost.some((e) => e.type === "denied"), "the wrong fingerprint refused");
    expect(wrongHost.find((e) => e.type === "denied")).toMatchObject({ reason: "wrong_fingerprint" });

    const plain = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/`);
      socket.on("open", () => resolve("opened"));
      socket.on("error", (e) => resolve(`error: ${e.message}`));
      setTimeout(() => resolve("timeout"), 5000);
    });
    expect(plain).toMatch(/^error/);
    expect(server.peers()).toEqual([]);
    expect(tables(a!.store)).toEqual(before);
  });

  it("keeps a breakout group to its pillar and a locked pillar to the plenary", async () => {
    const [h, a] = laptops(tempDir(), ["host", "a"]);
    running.push(() => close(h!, a!));
    const server = await host(h!);
    const pillars = h!.store.db.prepare("SELECT id FROM pillar ORDER BY position").all() as Array<{ id: string }>;
    const inPillar = (pillar: string) =>
      (a!.store.db.prepare("SELECT a.id FROM action a JOIN need n ON n.id = a.need_id WHERE n.pillar_id = ? LIMIT 1").get(pillar) as { id: string }).id;
    server.setScope(a!.device.id, { pillar: pillars[0]!.id });
    const events: ClientEvent[] = [];
    const client = join(server, a!, server.code, events);
    await client.waitSynced();
    expect(client.scope).toEqual({ pillar: pillars[0]!.id });
    const mine = inPillar(pillars[0]!.id);
    const theirs = inPillar(pillars[1]!.id);
    a!.editor.setActionText(mine, "Dentro del pilar de mi grupo");
    a!.editor.setActionText(theirs, "Fuera del pilar de mi grupo");
    const text = (l: Laptop, id: string) => (l.store.db.prepare("SELECT text FROM action WHERE id = ?").get(id) as { text: string }).text;
    await until(() => events.some((e) => e.type === "refused"), "the refusal");
    await client.waitSynced();
    expect(text(h!, mine)).toBe("Dentro del pilar de mi grupo");
    expect(text(h!, theirs)).not.toBe("Fuera del pilar de mi grupo");
    // The laptop is put back, and what it typed waits in the conflicts.
    await until(() => text(a!, theirs) === text(h!, theirs), "the laptop put back");
    expect(h!.store.db.prepare("SELECT kind, reason FROM sync_conflict WHERE entity_id = ?").get(theirs)).toMatchObject({ kind: "refused", reason: expect.stringContaining("outside_scope") });

    server.setScope(a!.device.id, null);
    server.lockPillar(pillars[0]!.id);
    await until(() => client.locks.length === 1, "the lock on the laptop");
    a!.editor.setActionText(mine, "Cambio durante la validación en plenaria");
    await until(() => events.filter((e) => e.type === "refused").length === 2, "the second refusal");
    await client.waitSynced();
    expect(text(h!, mine)).toBe("Dentro del pilar de mi grupo");
    expect(tables(a!.store)).toEqual(tables(h!.store));
  });
});
