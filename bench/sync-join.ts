/**
 * One laptop joining a host, in its own process so its memory is its own:
 * fetches the plan file (unless it has a copy), opens its shared document, syncs, and prints
 * {"ms": …, "maxRssMB": …} on stdout.
 * Run: tsx bench/sync-join.ts <target.matriz> <port> <code>
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { PlanStore } from "../src/storage/plan-store";
import { SyncClient, fetchPlanFile } from "../src/sync/client";
import { SharedPlan } from "../src/sync/engine";
import { parsePairingCode } from "../src/sync/pairing";

const [target, port, codeText] = process.argv.slice(2);
const code = parsePairingCode(codeText!);
const identity = { author: "bench", device: { id: "bench-join", name: "Bench laptop" } };
const start = performance.now();
// A laptop with a copy (sent before the workshop, or from an earlier session) only opens it.
if (!fs.existsSync(target!)) await fetchPlanFile({ host: "127.0.0.1", port: Number(port), code, identity, target: target! });
const fetched = performance.now();
// The memory the fetch itself took (the peak so far), apart from opening the plan's shared document after.
const fetchRssMB = process.resourceUsage().maxRSS / 1024;
const store = PlanStore.open(target!, { device: identity.device });
let shared: SharedPlan | null = null;
const client = new SyncClient({ host: "127.0.0.1", port: Number(port), code, identity, plan: store.info().id, open: () => (shared = SharedPlan.attach(store.db, { device: identity.device })) });
client.connect();
await client.waitSynced(120_000);
const done = performance.now();
await client.stop();
(shared as SharedPlan | null)?.close();
store.close();
process.stdout.write(`${JSON.stringify({ ms: done - start, fetchMs: fetched - start, fetchRssMB, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
process.exit(0);
