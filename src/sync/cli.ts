/**
 * `matriz serve`, `matriz sync` and `matriz merge`: live editing without a
 * window (a ministry's or the secretariat's server, scripts, tests). Loaded only
 * when one of them runs, so the other commands start as fast as before.
 */
import fs from "node:fs";
import path from "node:path";
import { MatrizError } from "../domain/errors";
import { translate, type Language } from "../i18n";
import { PlanStore } from "../storage/plan-store";
import { fetchPlanFile, SyncClient } from "./client";
import { deviceFromEnvironment, type Device } from "./device";
import { SharedPlan } from "./engine";
import { SyncHost } from "./host";
import { mergeCopies } from "./merge";
import { isPinned, parseJoinLink, parsePairingCode, type PairingCode } from "./pairing";

export interface SyncCommandContext {
  command: "serve" | "sync" | "merge";
  args: string[];
  values: { port?: string; code?: string; host?: string; once?: boolean; bind?: string; json?: boolean; timeout?: string };
  author: string;
  lang: Language;
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  usage: (detail: string) => MatrizError;
  /** Resolves when the process is asked to stop (SIGTERM, SIGINT); tests pass their own. */
  stopSignal?: Promise<void>;
}

export const SYNC_EXIT = { ok: 0, failure: 1, refused: 2, conflicts: 3 } as const;

function processStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}

function onePlan(ctx: SyncCommandContext, what: string): string {
  if (ctx.args.length !== 1) throw ctx.usage(ctx.args.length ? `unexpected argument "${ctx.args[1]}"` : `missing ${what}`);
  return ctx.args[0]!;
}

function portFrom(text: string | undefined, ctx: SyncCommandContext): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw ctx.usage(`--port must be a port number, not "${text ?? ""}"`);
  return port;
}

export async function runSyncCommand(ctx: SyncCommandContext): Promise<number> {
  const device = deviceFromEnvironment(ctx.env);
  if (ctx.command === "serve") return serve(ctx, device);
  if (ctx.command === "sync") return sync(ctx, device);
  return merge(ctx, device);
}

/** Hosts a plan until asked to stop; prints one line when it listens. */
async function serve(ctx: SyncCommandContext, device: Device): Promise<number> {
  const file = onePlan(ctx, "the plan file to host");
  const port = portFrom(ctx.values.port, ctx);
  const store = PlanStore.open(file, { device });
  const shared = SharedPlan.attach(store.db, { author: () => ctx.author, device });
  let host: SyncHost | null = null;
  try {
    host = await SyncHost.start({
      store,
      shared,
      identity: { author: ctx.author, device },
      port,
      bind: ctx.values.bind ?? "0.0.0.0",
      token: ctx.values.code,
      onEvent: (event) => {
        if (event.type === "refused") for (const r of event.refusals) ctx.err(`matriz: refused from ${event.author}: ${r.entity} ${r.id} (${r.reason}: ${r.detail})`);
        if (event.type === "error") ctx.err(`matriz: a laptop's message could not be applied: ${event.message}`);
      },
    });
    ctx.out(translate(ctx.lang, "cli.sync.listening", { address: ctx.values.bind ?? "0.0.0.0", port: String(host.port), code: host.code, fingerprint: host.fingerprint }));
    await (ctx.stopSignal ?? processStopSignal());
    return SYNC_EXIT.ok;
  } finally {
    await host?.stop();
    shared.compact();
    shared.close();
    store.close();
  }
}

function codeFrom(ctx: SyncCommandContext): { host: string; port: number; code: PairingCode } {
  const given = ctx.values.code;
  if (!given) throw ctx.usage("sync needs --code <pairing code> (the host shows it)");
  if (given.startsWith("matriz:")) return parseJoinLink(given);
  const address = ctx.values.host;
  if (!address) throw ctx.usage("sync needs --host <address:port>");
  const at = address.lastIndexOf(":");
  if (at <= 0) throw ctx.usage(`--host must be address:port, not "${address}"`);
  const code = parsePairingCode(given);
  if (!isPinned(code)) ctx.err(`matriz: ${translate(ctx.lang, "cli.sync.unpinned", {})}`);
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ""), port: portFrom(address.slice(at + 1), ctx), code };
}

/** Syncs a local copy with a host: once (until both hold the same), or until asked to stop. */
async function sync(ctx: SyncCommandContext, device: Device): Promise<number> {
  const file = path.resolve(onePlan(ctx, "the plan file to sync"));
  const { host, port, code } = codeFrom(ctx);
  const identity = { author: ctx.author, device };
  const timeoutMs = ctx.values.timeout ? Number(ctx.values.timeout) * 1000 : 120_000;
  if (!fs.existsSync(file)) {
    // No copy yet: the host sends its plan file, history included.
    try {
      await fetchPlanFile({ host, port, code, identity, target: file, timeoutMs });
    } catch (error) {
      ctx.err(`matriz: ${(error as Error).message}`);
      return SYNC_EXIT.refused;
    }
  }
  const store = PlanStore.open(file, { device });
  let shared: SharedPlan | null = null;
  const client = new SyncClient({
    host,
    port,
    code,
    identity,
    plan: store.info().id,
    open: () => (shared = SharedPlan.attach(store.db, { author: () => ctx.author, device })),
    onEvent: (event) => {
      if (event.type === "refused") for (const r of event.refusals) ctx.err(`matriz: the host refused ${r.entity} ${r.id} (${r.reason}: ${r.detail})`);
      if (event.type === "denied") ctx.err(`matriz: ${event.detail}`);
      if (event.type === "status" && !ctx.values.once && (event.status === "online" || event.status === "offline")) {
        ctx.out(translate(ctx.lang, event.status === "online" ? "cli.sync.online" : "cli.sync.offline", { host: `${host}:${port}` }));
      }
    },
  });
  try {
    client.connect();
    if (ctx.values.once) {
      await client.waitSynced(timeoutMs);
      ctx.out(translate(ctx.lang, "cli.sync.synced", { file, host: `${host}:${port}` }));
      return SYNC_EXIT.ok;
    }
    let check: NodeJS.Timeout | undefined;
    await Promise.race([
      ctx.stopSignal ?? processStopSignal(),
      new Promise<void>((resolve) => {
        check = setInterval(() => {
          if (client.denied) resolve();
        }, 100);
      }),
    ]);
    clearInterval(check);
    return client.denied ? SYNC_EXIT.refused : SYNC_EXIT.ok;
  } catch (error) {
    if (!client.denied) ctx.err(`matriz: ${(error as Error).message}`);
    return client.denied ? SYNC_EXIT.refused : SYNC_EXIT.failure;
  } finally {
    await client.stop();
    (shared as SharedPlan | null)?.close();
    store.close();
  }
}

/** Merges a copy edited apart into a plan; 3 when conflicts wait for review. */
async function merge(ctx: SyncCommandContext, device: Device): Promise<number> {
  if (ctx.args.length !== 2) throw ctx.usage("merge needs two plan files: <into.matriz> <from.matriz>");
  const [into, from] = ctx.args as [string, string];
  const result = mergeCopies(into, from, { author: ctx.author, device });
  if (ctx.values.json) ctx.out(JSON.stringify(result, null, 2));
  else ctx.out(translate(ctx.lang, "cli.sync.merged", { from: path.basename(from), into: path.basename(into), changes: result.changeSets, conflicts: result.conflicts }));
  return result.conflicts + result.refused > 0 ? SYNC_EXIT.conflicts : SYNC_EXIT.ok;
}
