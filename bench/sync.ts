/**
 * Live editing on the 10,000-action, 50,000-line plan, all on 127.0.0.1:
 * - sync.join: a laptop without a copy joins (fetch, open, converge), in its own process;
 * - sync.edit-to-3-peers: one edit reaching three other laptops;
 * - sync.fleet: twenty laptops typing two edits a second (30 s; MATRIZ_BENCH_FULL=1 for
 *   the five minutes), propagation and the host's CPU;
 * - sync.growth: the plan file's update log per 10,000 edits, before and after compaction.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PlanEditor } from "../src/storage/edits";
import { PlanStore } from "../src/storage/plan-store";
import { SyncClient } from "../src/sync/client";
import { SharedPlan } from "../src/sync/engine";
import { SyncHost } from "../src/sync/host";
import { parsePairingCode } from "../src/sync/pairing";
import type { Benchmark, Figure } from "./suite";

const round = (n: number, digits = 1) => Number(n.toFixed(digits));
function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const TSX = path.join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");

function runChild(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, args, { cwd: path.join(import.meta.dirname, ".."), env: { ...process.env, MATRIZ_DEVICE_ID: "bench-child" } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out.trim().split("\n").pop()!);
      else reject(new Error(`${args[0]} exited ${code}: ${err.slice(0, 2000)}`));
    });
  });
}

/** A fresh folder under the system's temporary one; whoever asks removes it (removeDirs) in a finally. */
function tempDirIn(dirs: string[], prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Removes the folders listed (and forgets them), the plan files and their journals with them. */
function removeDirs(dirs: string[]): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The live-editing benchmarks, and how to remove the shared plan they build once per
 * run (a 10,000-action plan and its shared document: tens of MB left in /tmp otherwise).
 */
export function syncBenchmarks(largePlanFile: () => string): { benchmarks: Benchmark[]; cleanup: () => void } {
  let shared: string | null = null;
  const sharedDirs: string[] = [];
  /** A copy of the large plan whose shared document is already built (once per run; building it is measured too). */
  const sharedPlanFile = (figures?: Figure[]): string => {
    if (shared && fs.existsSync(shared)) return shared;
    const dir = tempDirIn(sharedDirs, "matriz-bench-sync-");
    shared = path.join(dir, "shared.matriz");
    fs.copyFileSync(largePlanFile(), shared);
    const store = PlanStore.open(shared);
    const start = performance.now();
    const plan = SharedPlan.attach(store.db);
    figures?.push({ name: "sync.first-share", value: round(performance.now() - start), unit: "ms" });
    plan.close();
    store.close();
    return shared;
  };
  /** A copy in a folder of its own, listed in `dirs` for the benchmark's finally to remove. */
  const copyOf = (dirs: string[], file: string, name: string) => {
    const target = path.join(tempDirIn(dirs, "matriz-bench-sync-"), name);
    fs.copyFileSync(file, target);
    return target;
  };
  const openShared = (file: string, name: string) => {
    const device = { id: `bench-${name}`, name };
    const store = PlanStore.open(file, { device });
    const plan = SharedPlan.attach(store.db, { author: () => name, device });
    return { store, plan: plan as SharedPlan, device, editor: new PlanEditor(store, (label) => ({ author: name, source: "typed", label })) };
  };

  const benchmarks: Benchmark[] = [
    {
      name: "sync.join",
      async run() {
        const figures: Figure[] = [];
        const dirs: string[] = [];
        try {
          const host = openShared(copyOf(dirs, sharedPlanFile(figures), "host.matriz"), "host");
          const loadStart = performance.now();
          host.plan.close();
          const reopened = SharedPlan.attach(host.store.db, { device: host.device });
          figures.push({ name: "sync.open-shared-document", value: round(performance.now() - loadStart), unit: "ms" });
          let server: SyncHost | null = null;
          try {
            server = await SyncHost.start({ store: host.store, shared: reopened, identity: { author: "host", device: host.device }, port: 0, bind: "127.0.0.1" });
            const target = path.join(tempDirIn(dirs, "matriz-bench-join-"), "joined.matriz");
            const result = JSON.parse(await runChild(["bench/sync-join.ts", target, String(server.port), server.code], 300_000)) as { ms: number; fetchMs: number; fetchRssMB: number; maxRssMB: number };
            figures.push(
              { name: "sync.join.total", value: round(result.ms), unit: "ms" },
              { name: "sync.join.fetch-file", value: round(result.fetchMs), unit: "ms" },
              { name: "sync.join.fetch-max-rss", value: round(result.fetchRssMB), unit: "MB" },
              { name: "sync.join.max-rss", value: round(result.maxRssMB), unit: "MB" },
            );
            // The usual case: the laptop has a copy of the plan (the same shared base) and joins with it.
            const withCopy = copyOf(dirs, sharedPlanFile(), "copy.matriz");
            const copied = JSON.parse(await runChild(["bench/sync-join.ts", withCopy, String(server.port), server.code], 300_000)) as { ms: number; maxRssMB: number };
            figures.push({ name: "sync.join-with-copy.total", value: round(copied.ms), unit: "ms" }, { name: "sync.join-with-copy.max-rss", value: round(copied.maxRssMB), unit: "MB" });
          } finally {
            await server?.stop();
            reopened.close();
            host.store.close();
          }
        } finally {
          removeDirs(dirs);
        }
        return figures;
      },
    },
    {
      name: "sync.edit-to-3-peers",
      async run() {
        const dirs: string[] = [];
        const laptops: Array<ReturnType<typeof openShared>> = [];
        let server: SyncHost | null = null;
        let clients: SyncClient[] = [];
        try {
          const base = sharedPlanFile();
          for (const name of ["host", "a", "b", "c"]) laptops.push(openShared(copyOf(dirs, base, `${name}.matriz`), name));
          const [host, ...peers] = laptops as [ReturnType<typeof openShared>, ...ReturnType<typeof openShared>[]];
          const started = await SyncHost.start({ store: host.store, shared: host.plan, identity: { author: "host", device: host.device }, port: 0, bind: "127.0.0.1" });
          server = started;
          clients = peers.map(
            (peer) =>
              new SyncClient({
                host: "127.0.0.1",
                port: started.port,
                code: parsePairingCode(started.code),
                identity: { author: peer.device.name, device: peer.device },
                plan: peer.store.info().id,
                open: () => peer.plan,
              }),
          );
          clients.forEach((c) => c.connect());
          await Promise.all(clients.map((c) => c.waitSynced(120_000)));
          const ids = (peers[0]!.store.db.prepare("SELECT id FROM action ORDER BY random() LIMIT 200").all() as Array<{ id: string }>).map((r) => r.id);
          const samples: number[] = [];
          const text = (l: ReturnType<typeof openShared>, id: string) => (l.store.db.prepare("SELECT text FROM action WHERE id = ?").get(id) as { text: string }).text;
          for (const [i, id] of ids.entries()) {
            const value = `Texto en vivo ${i}`;
            const start = performance.now();
            peers[0]!.editor.setActionText(id, value);
            // Reached when the two other laptops and the host hold it in their tables.
            const others = [host, peers[1]!, peers[2]!];
            const deadline = start + 5000;
            while (others.some((o) => text(o, id) !== value) && performance.now() < deadline) await new Promise((r) => setImmediate(r));
            samples.push(performance.now() - start);
            await new Promise((r) => setTimeout(r, 10));
          }
          return [
            { name: "sync.edit-to-3-peers.p50", value: round(percentile(samples, 50), 2), unit: "ms" },
            { name: "sync.edit-to-3-peers.p95", value: round(percentile(samples, 95), 2), unit: "ms" },
            { name: "sync.edit-to-3-peers.max", value: round(Math.max(...samples), 2), unit: "ms" },
          ];
        } finally {
          await Promise.all(clients.map((c) => c.stop()));
          await server?.stop();
          for (const l of laptops) {
            l.plan.close();
            l.store.close();
          }
          removeDirs(dirs);
        }
      },
    },
    {
      name: "sync.fleet",
      async run() {
        const seconds = process.env.MATRIZ_BENCH_FULL ? 300 : 30;
        const laptops = 20;
        const dirs: string[] = [];
        let host: ReturnType<typeof openShared> | null = null;
        let server: SyncHost | null = null;
        try {
          host = openShared(copyOf(dirs, sharedPlanFile(), "host.matriz"), "host");
          server = await SyncHost.start({ store: host.store, shared: host.plan, identity: { author: "host", device: host.device }, port: 0, bind: "127.0.0.1" });
          const actionsFile = path.join(tempDirIn(dirs, "matriz-bench-fleet-"), "actions.json");
          fs.writeFileSync(actionsFile, JSON.stringify((host.store.db.prepare("SELECT id FROM action ORDER BY id LIMIT ?").all(laptops * 5) as Array<{ id: string }>).map((r) => r.id)));
          const cpuStart = process.cpuUsage();
          const wallStart = performance.now();
          const result = JSON.parse(await runChild(["bench/sync-fleet.ts", String(server.port), server.code, String(laptops), String(seconds), actionsFile], (seconds + 120) * 1000)) as {
            p50: number;
            p99: number;
            received: number;
            sent: number;
          };
          const cpu = process.cpuUsage(cpuStart);
          const wall = performance.now() - wallStart;
          const changeSets = (host.store.db.prepare("SELECT count(*) AS n FROM change_set WHERE author LIKE 'laptop %'").get() as { n: number }).n;
          return [
            { name: `sync.fleet.${seconds}s.edits-sent`, value: result.sent, unit: "edits" },
            { name: `sync.fleet.${seconds}s.edits-in-host-tables`, value: changeSets, unit: "change sets" },
            { name: `sync.fleet.${seconds}s.edits-received`, value: result.received, unit: "deliveries" },
            { name: `sync.fleet.${seconds}s.propagation.p50`, value: round(result.p50, 2), unit: "ms" },
            { name: `sync.fleet.${seconds}s.propagation.p99`, value: round(result.p99, 2), unit: "ms" },
            { name: `sync.fleet.${seconds}s.host-cpu`, value: round((cpu.user + cpu.system) / 1000 / wall, 3), unit: "cores" },
          ];
        } finally {
          await server?.stop();
          host?.plan.close();
          host?.store.close();
          removeDirs(dirs);
        }
      },
    },
    {
      name: "sync.growth",
      run() {
        const dirs: string[] = [];
        try {
          const laptop = openShared(copyOf(dirs, sharedPlanFile(), "growth.matriz"), "growth");
          try {
            return growthFigures(laptop);
          } finally {
            laptop.plan.close();
            laptop.store.close();
          }
        } finally {
          removeDirs(dirs);
        }
      },
    },
  ];
  return { benchmarks, cleanup: () => removeDirs(sharedDirs) };
}

/** The plan file's update log per 10,000 edits, before and after compaction, and what mirroring costs per edit. */
function growthFigures(laptop: { store: PlanStore; plan: SharedPlan; device: { id: string; name: string }; editor: PlanEditor }): Figure[] {
  const bytes = () => (laptop.store.db.prepare("SELECT coalesce(sum(length(data)), 0) AS n FROM sync_update").get() as { n: number }).n;
  const fileSize = () => {
    laptop.store.db.pragma("wal_checkpoint(TRUNCATE)");
    return fs.statSync(laptop.store.path).size;
  };
  const ids = (laptop.store.db.prepare("SELECT id FROM action ORDER BY random() LIMIT 1000").all() as Array<{ id: string }>).map((r) => r.id);
  const STATUSES = ["planned", "in_progress", "done", "delayed"] as const;
  const edit = (i: number) => {
    const id = ids[i % ids.length]!;
    if (i % 2) laptop.editor.setActionStatus(id, STATUSES[i % STATUSES.length]!);
    else laptop.editor.setActionSchedule(id, `Durante ${2018 + (i % 3)} (${i})`);
  };
  // The same edits without live editing attached, side by side: what mirroring costs.
  laptop.plan.close();
  let start = performance.now();
  for (let i = 0; i < 1000; i++) edit(i + 20_000);
  const plainMs = (performance.now() - start) / 1000;
  laptop.plan = SharedPlan.attach(laptop.store.db, { device: laptop.device });
  const before = bytes();
  const fileBefore = fileSize();
  // The first thousand beside the thousand above (same plan, same file, one after the other); then the rest.
  start = performance.now();
  for (let i = 0; i < 1000; i++) edit(i);
  const editMs = (performance.now() - start) / 1000;
  for (let i = 1000; i < 10_000; i++) edit(i);
  const after = bytes();
  const fileAfter = fileSize();
  const compacted = laptop.plan.compact();
  laptop.store.db.exec("VACUUM");
  const fileCompacted = fileSize();
  return [
    { name: "sync.growth.edit-without-sync", value: round(plainMs, 3), unit: "ms/edit" },
    { name: "sync.growth.edit-with-sync", value: round(editMs, 3), unit: "ms/edit" },
    { name: "sync.growth.updates-per-10k-edits", value: round((after - before) / 1e6, 2), unit: "MB" },
    { name: "sync.growth.file-per-10k-edits", value: round((fileAfter - fileBefore) / 1e6, 2), unit: "MB" },
    { name: "sync.growth.updates-after-compaction", value: round((compacted.bytesAfter - before) / 1e6, 2), unit: "MB" },
    { name: "sync.growth.file-after-compaction", value: round((fileCompacted - fileBefore) / 1e6, 2), unit: "MB" },
  ];
}
