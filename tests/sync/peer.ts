/**
 * One "laptop" for the multi-process test: edits its copy while connected to a
 * host, drops its connection now and then, and at the end prints its plan.
 * Run with tsx: peer.ts <plan> <host:port> <code> <index> <seed> <ops>
 * Reads "finish" on stdin once every laptop has done its edits.
 */
import readline from "node:readline";
import { PlanEditor } from "../../src/storage/edits";
import { ENTITIES } from "../../src/storage/entities";
import { undo } from "../../src/storage/history";
import { PlanStore } from "../../src/storage/plan-store";
import { SyncClient } from "../../src/sync/client";
import { SharedPlan } from "../../src/sync/engine";
import { parsePairingCode } from "../../src/sync/pairing";

const [file, address, code, indexText, seedText, opsText] = process.argv.slice(2);
const index = Number(indexText);
let seed = Number(seedText);
const random = () => {
  // mulberry32: the same seed gives the same run.
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const author = `peer${index}`;
const device = { id: process.env.MATRIZ_DEVICE_ID!, name: process.env.MATRIZ_DEVICE! };
const store = PlanStore.open(file!, { device });
const editor = new PlanEditor(store, (label) => ({ author, source: "typed", label }));
const [host, port] = [address!.slice(0, address!.lastIndexOf(":")), Number(address!.slice(address!.lastIndexOf(":") + 1))];
let shared: SharedPlan | null = null;
const client = new SyncClient({
  host,
  port,
  code: parsePairingCode(code!),
  identity: { author, device },
  plan: store.info().id,
  open: () => (shared = SharedPlan.attach(store.db, { author: () => author, device })),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (event: string, detail: unknown = {}) => process.stdout.write(`${JSON.stringify({ event, peer: index, ...(detail as object) })}\n`);

/** The actions every peer fights over, chosen the same way in each copy. */
const targets = store.db.prepare("SELECT a.id FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id ORDER BY p.position, n.position, a.position LIMIT 9").all() as Array<{ id: string }>;
const needs = store.db.prepare("SELECT id FROM need ORDER BY position, id LIMIT 3").all() as Array<{ id: string }>;
const [sameCell, sharedText, moved, deleted, pasted] = targets.map((t) => t.id) as [string, string, string, string, string];
const own = targets[5 + index]!.id;
const STATUSES = ["planned", "in_progress", "done", "delayed", "cancelled"] as const;
let counter = 0;
const exists = (id: string) => Boolean(store.db.prepare("SELECT 1 FROM action WHERE id = ?").get(id));
const textOf = (id: string) => (store.db.prepare("SELECT text FROM action WHERE id = ?").get(id) as { text: string } | undefined)?.text;

async function main() {
  client.connect();
  await client.waitSynced(30_000);
  const ops = Number(opsText);
  for (let i = 0; i < ops; i++) {
    const roll = random();
    const token = `[P${index}#${++counter}]`;
    try {
      if (roll < 0.2) {
        if (exists(sameCell)) editor.setActionStatus(sameCell, pick(STATUSES));
      } else if (roll < 0.4) {
        const text = textOf(sharedText);
        if (text !== undefined) editor.setActionText(sharedText, `${text} ${token}`);
      } else if (roll < 0.5) {
        if (index === 0 && exists(moved)) editor.moveTo("action", moved, pick(needs).id, null);
        else if (textOf(moved) !== undefined) editor.setActionText(moved, `${textOf(moved)} ${token}`);
      } else if (roll < 0.58) {
        if (index === 1 && i > ops / 2 && exists(deleted)) editor.delete("action", deleted);
        else if (exists(deleted)) editor.setActionSchedule(deleted, `Durante ${2018 + (counter % 3)} ${token}`);
      } else if (roll < 0.68) {
        if (exists(pasted)) editor.pasteBlock({ actionIds: [pasted], columns: ["schedule", "commitments"], rows: [[`2019 ${token}`, `SJAS ${index}, MoU ${counter % 4}`]], appendToNeed: needs[0]!.id });
      } else if (roll < 0.78) {
        undo(store.db, { author });
      } else if (roll < 0.9) {
        if (exists(own)) editor.setActionSchedule(own, `Peer ${index} ${token}`);
      } else {
        client.drop();
      }
    } catch (error) {
      log("edit-error", { message: (error as Error).message });
    }
    await sleep(5 + Math.floor(random() * 30));
  }
  await client.waitSynced(60_000);
  log("edits-done");
  await new Promise<void>((resolve) => {
    const lines = readline.createInterface({ input: process.stdin });
    lines.on("line", (line) => {
      if (line.trim() === "finish") {
        lines.close();
        resolve();
      }
    });
  });
  await client.waitSynced(60_000);
  await client.stop();
  const tables = Object.fromEntries(ENTITIES.map((e) => [e, store.db.prepare(`SELECT * FROM ${e} ORDER BY id`).all()]));
  log("final", { tables });
  (shared as SharedPlan | null)?.close();
  store.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    log("failed", { message: String(error?.stack ?? error) });
    process.exit(1);
  },
);
