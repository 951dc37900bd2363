/**
 * The live workshop through the contract, as the app serves it: Workspaces (two or
 * three "laptops") with a LiveSession each, on 127.0.0.1 only, discovery faked.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LiveState, MatrizEvent } from "../../src/api/contract";
import { createDispatcher } from "../../src/api/dispatch";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import type { GridDelta } from "../../src/domain/grid";
import type { Discovery, HostAnnouncement } from "../../src/sync/discovery";
import { RESOURCES_DIR, tempDir } from "../helpers/temp";

interface Laptop {
  name: string;
  dir: string;
  workspace: Workspace;
  events: MatrizEvent[];
  call: (method: string, input?: unknown) => Promise<any>;
  raw: (method: string, input?: unknown) => Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }>;
  /** The file the open-plan dialog answers next. */
  answer: { open: string | null };
}

const open: Laptop[] = [];
afterEach(async () => {
  for (const laptop of open.splice(0)) {
    await laptop.workspace.live.stop();
    await laptop.workspace.dispose();
  }
});

/** A fake room network: hosts announced here are found by every laptop's discovery. */
function fakeRoom() {
  const announced: Array<HostAnnouncement & { stopped: boolean }> = [];
  const discovery = async (): Promise<Discovery> => ({
    announce(host) {
      const entry = { ...host, stopped: false };
      announced.push(entry);
      return { stop: () => void (entry.stopped = true) };
    },
    browse(onFound) {
      for (const host of announced.filter((h) => !h.stopped)) onFound({ name: host.name, addresses: ["127.0.0.1"], port: host.port, plan: host.txt.plan, title: host.txt.title, fingerprint: host.txt.fp });
      return { stop() {} };
    },
    close() {},
  });
  return { announced, discovery };
}

function laptop(name: string, room = fakeRoom()): Laptop {
  const dir = tempDir(`matriz-live-${name}-`);
  const settings = new SettingsStore(path.join(dir, "settings.json"), "es-GT", name);
  const events: MatrizEvent[] = [];
  const answer = { open: null as string | null };
  const workspace = new Workspace({
    resourcesDir: RESOURCES_DIR,
    examplesDir: path.join(dir, "examples"),
    settings,
    version: "test",
    device: { id: `device-${name}`, name: `Laptop ${name}` },
    dialogs: { pickPlanToOpen: async () => answer.open, pickPlanToSave: async () => null },
    notify: (event) => events.push(event),
  });
  workspace.live.network = { bind: "127.0.0.1", discovery: room.discovery };
  const raw = createDispatcher(workspace.handlers, () => settings.language) as Laptop["raw"];
  const call = async (method: string, input?: unknown) => {
    const result = await raw(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error!.code}: ${result.error!.message}`);
    return result.value;
  };
  const made = { name, dir, workspace, events, call, raw, answer };
  open.push(made);
  return made;
}

async function until<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const firstAction = (l: Laptop) =>
  l.workspace.current!.db.prepare("SELECT a.id, a.text, p.id AS pillar, p.number FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id ORDER BY p.position, n.position, a.position LIMIT 1").get() as {
    id: string;
    text: string;
    pillar: string;
    number: number;
  };
const actionIn = (l: Laptop, pillarNumber: number) =>
  l.workspace.current!.db.prepare("SELECT a.id, a.text FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id WHERE p.number = ? ORDER BY n.position, a.position LIMIT 1").get(pillarNumber) as { id: string; text: string };
const textOf = (l: Laptop, id: string) => l.workspace.current!.db.prepare("SELECT text FROM action WHERE id = ?").pluck().get(id) as string;
const lastState = (l: Laptop): LiveState | undefined => (l.events.filter((e) => e.type === "live").at(-1) as Extract<MatrizEvent, { type: "live" }> | undefined)?.state;

async function hostAndJoin() {
  const room = fakeRoom();
  const host = laptop("host", room);
  const guest = laptop("guest", room);
  await host.call("settings.update", { userName: "Facilitadora" });
  await guest.call("settings.update", { userName: "Relatora" });
  await host.call("plan.openExample", { example: "guatemala" });
  const hosting: LiveState = await host.call("live.host", {});
  return { room, host, guest, hosting };
}

/**
 * A plan shared once (so it has a shared history), a copy of it taken away on a plane,
 * the same schedule typed differently here ("En 2018") and on the plane ("En 2019"),
 * and optionally the action's text changed on the plane too.
 */
async function copyEditedOnAPlane(away: { text?: string } = {}) {
  const planner = laptop("planner");
  await planner.call("plan.openExample", { example: "guatemala" });
  await planner.call("live.host", {});
  await planner.call("live.stop");
  const copy = path.join(planner.dir, "copia-avion.matriz");
  planner.workspace.current!.saveCopy(copy);
  const action = firstAction(planner);
  await planner.call("edit.cell", { kind: "action", id: action.id, field: "schedule", value: "En 2018" });
  const { PlanStore } = await import("../../src/storage/plan-store");
  const { PlanEditor } = await import("../../src/storage/edits");
  const store = PlanStore.open(copy, { device: { id: "device-plane", name: "Laptop avión" } });
  const editor = new PlanEditor(store, (label) => ({ author: "Planificadora", source: "typed", label }));
  editor.setActionSchedule(action.id, "En 2019");
  if (away.text) editor.setActionText(action.id, away.text);
  store.close();
  return { planner, copy, action };
}

describe("the live workshop through the contract", () => {
  it("hosts with a code, a QR code and an announcement; a laptop without the plan finds the host, fetches the plan and joins; edits reach each page as grid deltas with the row to follow", async () => {
    const { room, host, guest, hosting } = await hostAndJoin();
    expect(hosting).toMatchObject({ role: "host", status: "hosting", hosting: { addresses: ["127.0.0.1"] } });
    expect(hosting.hosting!.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$/);
    expect(hosting.hosting!.qr!.size).toBeGreaterThanOrEqual(21);
    expect(hosting.hosting!.qr!.path).toMatch(/^M\d+ \d+h\d+v1h-\d+z/);
    expect(room.announced).toHaveLength(1);
    expect(JSON.stringify(room.announced[0])).not.toContain(hosting.hosting!.code.slice(0, 9));

    const found = await guest.call("live.discover");
    expect(found).toEqual([expect.objectContaining({ address: "127.0.0.1", port: hosting.hosting!.port, fingerprint: hosting.hosting!.fingerprint })]);
    const joined: LiveState = await guest.call("live.join", { code: hosting.hosting!.code, address: `127.0.0.1:${hosting.hosting!.port}` });
    expect(joined).toMatchObject({ role: "guest", status: "online", joined: { address: `127.0.0.1:${hosting.hosting!.port}`, pinned: true } });
    // No plan was open: the host's was fetched into the workshops folder, named after it, and opened.
    const plan = guest.workspace.current!;
    expect(path.dirname(plan.path)).toBe(path.join(guest.dir, "Talleres"));
    expect(plan.info().id).toBe(host.workspace.current!.info().id);
    expect(fs.readdirSync(path.join(guest.dir, "Talleres")).filter((f) => f.startsWith(".joining"))).toEqual([]);

    // Who is here, on both sides, with cursors.
    const action = firstAction(host);
    await guest.call("live.cursor", { cursor: { entity: "action", id: action.id, field: "schedule" } });
    const seen = await until(() => host.workspace.live.state().peers.find((p) => p.name === "Relatora" && p.cursor?.id === action.id), "the guest's cursor on the host");
    expect(seen).toMatchObject({ device: "Laptop guest", deviceId: "device-guest", me: false, host: false, cursor: { field: "schedule" } });
    await until(() => guest.workspace.live.state().peers.find((p) => p.host && p.name === "Facilitadora"), "the host among the guest's peers");
    expect(guest.workspace.live.state().peers[0]).toMatchObject({ me: true, name: "Relatora" });

    // An edit on the guest reaches the host's page as a delta from the revision it knew, with the row to follow.
    const before = host.workspace.current!.revision();
    host.events.length = 0;
    await guest.call("edit.cell", { kind: "action", id: action.id, field: "text", value: "Texto escrito en la laptop del pilar 1" });
    const pushed = await until(() => host.events.find((e): e is Extract<MatrizEvent, { type: "live-edits" }> => e.type === "live-edits"), "the edit on the host's page");
    const delta = JSON.parse(pushed.grid) as GridDelta;
    expect(delta.from).toBe(before);
    expect(delta.actions.find((a) => a.id === action.id)?.text).toBe("Texto escrito en la laptop del pilar 1");
    expect(pushed.where).toMatchObject({ kind: "action", id: action.id, column: "action", author: "Relatora" });
    // History says who typed it on which laptop.
    const history = await host.call("history.row", { entity: "action", id: action.id });
    expect(history[0]).toMatchObject({ author: "Relatora", device: "Laptop guest", field: "text" });

    // And back: the host's edit on the guest's page.
    guest.events.length = 0;
    await host.call("edit.cell", { kind: "action", id: action.id, field: "schedule", value: "Durante 2019" });
    await until(() => guest.events.find((e) => e.type === "live-edits"), "the host's edit on the guest's page");
    expect(guest.workspace.current!.db.prepare("SELECT schedule FROM action WHERE id = ?").pluck().get(action.id)).toBe("Durante 2019");
  });

  it("joins with the host's plan when another plan is open: fetched beside the others, opened, and the open one left as it was", async () => {
    const { host, guest, hosting } = await hostAndJoin();
    await guest.call("plan.openExample", { example: "honduras" });
    const honduras = guest.workspace.current!.path;
    const joined: LiveState = await guest.call("live.join", { code: hosting.hosting!.code, address: `127.0.0.1:${hosting.hosting!.port}` });
    expect(joined.status).toBe("online");
    expect(guest.workspace.current!.info().id).toBe(host.workspace.current!.info().id);
    expect(guest.workspace.current!.path).not.toBe(honduras);
    expect(path.basename(guest.workspace.current!.path)).toBe(`${host.workspace.current!.info().title}.matriz`);
    // Honduras is still there, untouched by the workshop: not a row of the host's plan went into it.
    const { PlanStore } = await import("../../src/storage/plan-store");
    const left = PlanStore.open(honduras);
    expect(left.info()).toMatchObject({ iso3: "HND" });
    expect(left.db.prepare("SELECT count(*) FROM sync_update").pluck().get()).toBe(0);
    left.close();
  });

  it("refuses a wrong code, a typo and a host whose certificate is not the code's, in words, fetching nothing", async () => {
    const { host, guest, hosting } = await hostAndJoin();
    const address = `127.0.0.1:${hosting.hosting!.port}`;
    const code = hosting.hosting!.code;
    // Another token with this host's fingerprint: a wrong code, refused by the host.
    const { makePairingCode } = await import("../../src/sync/pairing");
    const wrong = makePairingCode("ZZZZ9999", hosting.hosting!.fingerprint);
    const refused: LiveState = await guest.call("live.join", { code: wrong, address });
    expect(refused).toMatchObject({ status: "denied", denied: { reason: "wrong_code", message: expect.stringContaining("rechazó el código") } });
    expect(guest.workspace.current).toBeNull();
    expect(fs.readdirSync(path.join(guest.dir, "Talleres"))).toEqual([]);

    const typo = await guest.raw("live.join", { code: `${code.slice(0, -1)}${code.endsWith("A") ? "B" : "A"}`, address });
    expect(typo).toMatchObject({ ok: false, error: { code: "live_code_typo" } });
    const noAddress = await guest.raw("live.join", { code });
    expect(noAddress).toMatchObject({ ok: false, error: { code: "live_no_address" } });
    const badAddress = await guest.raw("live.join", { code, address: "la sala" });
    expect(badAddress).toMatchObject({ ok: false, error: { code: "live_address" } });

    // A second host: the first's code names another certificate, so the laptop stops before sending its token.
    const impostor = laptop("impostor");
    await impostor.call("plan.openExample", { example: "honduras" });
    const other: LiveState = await impostor.call("live.host", {});
    const pinned: LiveState = await guest.call("live.join", { code, address: `127.0.0.1:${other.hosting!.port}` });
    expect(pinned).toMatchObject({ status: "denied", denied: { reason: "wrong_fingerprint" } });
    expect(guest.workspace.current).toBeNull();
    expect(host.workspace.live.state().peers).toHaveLength(1);
  });

  it("pins the host to an invitation's whole fingerprint: a certificate that only shares the code's start is refused, nothing sent", async () => {
    const { host, guest, hosting } = await hostAndJoin();
    const { joinLink } = await import("../../src/sync/pairing");
    const real = hosting.hosting!.fingerprint;
    // The same first 75 bits (so the same code) but another certificate: the last hex digit differs.
    const forged = real.slice(0, -1) + (real.endsWith("0") ? "1" : "0");
    guest.workspace.live.receiveInvitation(joinLink("127.0.0.1", hosting.hosting!.port, hosting.hosting!.code, forged));
    const invitation = await guest.call("live.invitation");
    expect(invitation).toEqual({ address: `127.0.0.1:${hosting.hosting!.port}`, code: hosting.hosting!.code, fingerprint: forged });
    // The Join dialog sends what the invitation filled in, the whole fingerprint with it.
    const refused: LiveState = await guest.call("live.join", invitation);
    expect(refused).toMatchObject({ status: "denied", denied: { reason: "wrong_fingerprint", message: expect.stringContaining("no es el anfitrión") } });
    expect(guest.workspace.current).toBeNull();
    expect(fs.readdirSync(path.join(guest.dir, "Talleres"))).toEqual([]);
    expect(host.workspace.live.state().peers).toHaveLength(1);

    // A fingerprint of another host than the code's is refused before any connection; one that is not a fingerprint at the boundary.
    const otherHost = await guest.raw("live.join", { ...invitation, fingerprint: "ab".repeat(32) });
    expect(otherHost).toMatchObject({ ok: false, error: { code: "live_fingerprint_mismatch" } });
    const notOne = await guest.raw("live.join", { ...invitation, fingerprint: "huella" });
    expect(notOne).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringContaining("huella del certificado") } });

    // The host's own fingerprint (as Node writes it, with colons) joins.
    const colons = real.toUpperCase().match(/../g)!.join(":");
    const joined: LiveState = await guest.call("live.join", { ...invitation, fingerprint: colons });
    expect(joined.status).toBe("online");
    expect(guest.workspace.current!.info().id).toBe(host.workspace.current!.info().id);
  });

  it("gives a laptop one pillar and locks another: its edits there are put back, said in words, kept in the conflicts, and resolved through the contract", async () => {
    const { host, guest, hosting } = await hostAndJoin();
    await guest.call("live.join", { code: hosting.hosting!.code, address: `127.0.0.1:${hosting.hosting!.port}` });
    const peer = await until(() => host.workspace.live.state().peers.find((p) => !p.me), "the guest on the host");
    const one = actionIn(host, 1);
    const two = actionIn(host, 2);
    const pillarOne = firstAction(host).pillar;
    const assigned: LiveState = await host.call("live.assign", { device: peer.deviceId, pillar: pillarOne });
    expect(assigned.peers.find((p) => !p.me)?.scope).toEqual({ pillar: pillarOne, number: 1 });
    await until(() => guest.workspace.live.state().scope?.number === 1, "the scope on the guest");
    const onlyHost = await guest.raw("live.assign", { device: peer.deviceId, pillar: null });
    expect(onlyHost).toMatchObject({ ok: false, error: { code: "live_host_only" } });

    // Outside its pillar: typed, refused by the host, put back on the laptop, and said.
    await guest.call("edit.cell", { kind: "action", id: two.id, field: "text", value: "Cambio fuera del pilar" });
    await until(() => textOf(guest, two.id) === two.text, "the change put back on the guest");
    expect(textOf(host, two.id)).toBe(two.text);
    const said = await until(() => guest.events.find((e): e is Extract<MatrizEvent, { type: "live-refused" }> => e.type === "live-refused"), "the refusal on the guest's page");
    expect(said.messages[0]).toContain("pilar 1");
    expect(said.messages[0]).toContain("pilar 2");

    // A locked pillar: even its own.
    const locked: LiveState = await host.call("live.lock", { pillar: pillarOne, locked: true });
    expect(locked.locks).toEqual([{ pillar: pillarOne, number: 1 }]);
    await until(() => guest.workspace.live.state().locks.length === 1, "the lock on the guest");
    guest.events.length = 0;
    await guest.call("edit.cell", { kind: "action", id: one.id, field: "text", value: "Cambio durante la plenaria" });
    await until(() => textOf(guest, one.id) === one.text, "the locked change put back");
    const lockSaid = await until(() => guest.events.find((e): e is Extract<MatrizEvent, { type: "live-refused" }> => e.type === "live-refused"), "the lock refusal");
    expect(lockSaid.messages[0]).toContain("bloqueado");

    // Both refusals wait in the host's conflicts with what the laptop typed, and who.
    const conflicts = await host.call("live.conflicts");
    const refusedTwo = conflicts.find((c: any) => c.entityId === two.id);
    expect(refusedTwo).toMatchObject({ kind: "refused", row: two.text, other: "Cambio fuera del pilar", otherBy: { author: "Relatora", device: "Laptop guest" } });
    await host.call("live.lock", { pillar: pillarOne, locked: false });
    const resolved = await host.call("live.resolve", { ids: [refusedTwo.id], take: "returned" });
    expect(resolved.resolved).toBe(1);
    expect(textOf(host, two.id)).toBe("Cambio fuera del pilar");
    await until(() => textOf(guest, two.id) === "Cambio fuera del pilar", "the resolution on the guest");
  }, 60_000);

  it("keeps editing when the host is gone, takes over hosting with everything, and the old host catches up by joining", async () => {
    const { host, guest, hosting } = await hostAndJoin();
    await guest.call("live.join", { code: hosting.hosting!.code, address: `127.0.0.1:${hosting.hosting!.port}` });
    const action = firstAction(guest);
    await host.call("live.stop");
    await until(() => guest.workspace.live.state().status === "offline", "the guest offline");
    await guest.call("edit.cell", { kind: "action", id: action.id, field: "text", value: "Escrito sin anfitrión" });
    const takeover: LiveState = await guest.call("live.host", {});
    expect(takeover).toMatchObject({ role: "host", status: "hosting" });
    expect(takeover.hosting!.code).not.toBe(hosting.hosting!.code);
    // The old host has the plan open: it joins with its copy, and gets what was typed while it was gone.
    const back: LiveState = await host.call("live.join", { code: takeover.hosting!.code, address: `127.0.0.1:${takeover.hosting!.port}` });
    expect(back.status).toBe("online");
    await until(() => textOf(host, action.id) === "Escrito sin anfitrión", "the old host catching up");
  }, 60_000);

  it("keeps undo per person: a laptop's Ctrl+Z takes back its own edit only, and the revert reaches the host as an ordinary edit", async () => {
    const { host, guest, hosting } = await hostAndJoin();
    await guest.call("live.join", { code: hosting.hosting!.code, address: `127.0.0.1:${hosting.hosting!.port}` });
    const action = firstAction(guest);
    await guest.call("edit.cell", { kind: "action", id: action.id, field: "text", value: "Texto de la relatora" });
    await until(() => textOf(host, action.id) === "Texto de la relatora", "the guest's edit on the host");
    await host.call("edit.cell", { kind: "action", id: action.id, field: "schedule", value: "Durante 2019" });
    const schedule = (l: Laptop) => l.workspace.current!.db.prepare("SELECT schedule FROM action WHERE id = ?").pluck().get(action.id);
    await until(() => schedule(guest) === "Durante 2019", "the host's edit on the guest");
    const undone = await guest.call("edit.undo");
    expect(undone.done).toBe(true);
    expect(textOf(guest, action.id)).toBe(action.text);
    expect(schedule(guest)).toBe("Durante 2019");
    await until(() => textOf(host, action.id) === action.text, "the revert on the host");
    expect(schedule(host)).toBe("Durante 2019");
    // The host's own undo is its schedule, not the guest's text.
    expect((await host.call("history.state")).undo.label).toContain("schedule");
  });

  it("merges a copy into a plan while it is hosted: the copy's edits reach the laptops in the room", async () => {
    const { host, guest, hosting } = await hostAndJoin();
    await guest.call("live.join", { code: hosting.hosting!.code, address: `127.0.0.1:${hosting.hosting!.port}` });
    // The first exchange over: from here only what is sent as it happens reaches the guest.
    const other = actionIn(host, 2);
    await host.call("edit.cell", { kind: "action", id: other.id, field: "text", value: "Ya en la sala" });
    await until(() => textOf(guest, other.id) === "Ya en la sala", "the guest in step");
    const copy = path.join(host.dir, "copia.matriz");
    host.workspace.current!.saveCopy(copy);
    const action = firstAction(host);
    const { PlanStore } = await import("../../src/storage/plan-store");
    const { PlanEditor } = await import("../../src/storage/edits");
    const store = PlanStore.open(copy, { device: { id: "device-plane", name: "Laptop avión" } });
    new PlanEditor(store, (label) => ({ author: "Planificadora", source: "typed", label })).setActionText(action.id, "Traído en una copia");
    store.close();
    host.answer.open = copy;
    const merged = await host.call("dialog.mergeCopy");
    expect(merged).toMatchObject({ conflicts: 0, refused: 0 });
    await until(() => textOf(guest, action.id) === "Traído en una copia", "the merged edit on the guest");
    const history = await guest.call("history.row", { entity: "action", id: action.id });
    expect(history[0]).toMatchObject({ author: "Planificadora", device: "Laptop avión" });
  });

  it("merges a copy taken away through File › Merge a copy…: its edits come in, the same cell typed on both sides is a conflict", async () => {
    // Sharing starts (a session), then a copy leaves on a plane.
    const { planner, copy, action } = await copyEditedOnAPlane({ text: "Texto escrito en el avión" });
    const away = laptop("away");
    away.answer.open = copy;

    planner.answer.open = copy;
    const merged = await planner.call("dialog.mergeCopy");
    expect(merged).toMatchObject({ file: copy, conflicts: 1, refused: 0 });
    expect(merged.changes).toBeGreaterThan(0);
    expect(textOf(planner, action.id)).toBe("Texto escrito en el avión");
    const conflicts = await planner.call("live.conflicts");
    expect(conflicts).toEqual([expect.objectContaining({ kind: "both_changed", field: "schedule", row: "Texto escrito en el avión" })]);
    expect([conflicts[0].plan, conflicts[0].other].sort()).toEqual(["En 2018", "En 2019"]);
    planner.answer.open = planner.workspace.current!.path;
    expect(await planner.raw("dialog.mergeCopy")).toMatchObject({ ok: false, error: { code: "sync_same_file" } });
  }, 60_000);

  it("takes back a live conflict's resolution with Ctrl+Z: the plan's value and the open conflict, the years that follow the schedule too; Ctrl+Y resolves it again", async () => {
    const { planner, copy, action } = await copyEditedOnAPlane();
    planner.answer.open = copy;
    expect(await planner.call("dialog.mergeCopy")).toMatchObject({ conflicts: 1 });

    const db = () => planner.workspace.current!.db;
    const schedule = () => db().prepare("SELECT schedule, schedule_years FROM action WHERE id = ?").get(action.id) as { schedule: string };
    const openRows = () => db().prepare("SELECT id FROM sync_conflict WHERE status = 'open' ORDER BY id").pluck().all();
    const [conflict] = await planner.call("live.conflicts");
    const before = schedule();
    const opened = openRows();
    expect(before.schedule).toBe(conflict.plan);

    expect(await planner.call("live.resolve", { ids: [conflict.id], take: "returned" })).toMatchObject({ resolved: 1 });
    const taken = schedule();
    expect(taken.schedule).toBe(conflict.other);
    expect(openRows()).toEqual([]);
    expect((await planner.call("history.state")).undo.label).toBe('{"label":"conflicts.resolve","count":"1","take":"returned","origin":"live"}');

    expect(await planner.call("edit.undo")).toMatchObject({ done: true, conflicts: true });
    expect(schedule()).toEqual(before);
    expect(openRows()).toEqual(opened);
    expect(await planner.call("live.conflicts")).toEqual([expect.objectContaining({ id: conflict.id, plan: conflict.plan, other: conflict.other })]);

    expect(await planner.call("edit.redo")).toMatchObject({ done: true, conflicts: true });
    expect(schedule()).toEqual(taken);
    expect(await planner.call("live.conflicts")).toEqual([]);
  }, 60_000);
});
