/**
 * `matriz serve`, `matriz sync` and `matriz merge`: live editing without a
 * window (a ministry's or the secretariat's server, scripts, tests). Loaded only
 * when one of them runs, so the other commands start as fast as before.
 */
import fs from "node:fs";
import path from "node:path";
import { requireOne, type CliCommand, type CliContext } from "../cli/context";
import { MatrizError, isMatrizError } from "../domain/errors";
import { errorMessage } from "../i18n";
import { PlanStore } from "../storage/plan-store";
import { fetchPlanFile, SyncClient } from "./client";
import { deviceFromEnvironment, type Device } from "./device";
import { entityWords, refusalWords, rowText, type Words } from "./describe";
import { SharedPlan, type Refusal } from "./engine";
import { SyncHost } from "./host";
import { mergeCopies } from "./merge";
import { isPinned, parseJoinCode, parseJoinLink, pinFingerprint, type PairingCode } from "./pairing";

export const SYNC_EXIT = { ok: 0, failure: 1, refused: 2, conflicts: 3 } as const;

/** Resolves when the process is asked to stop (SIGTERM, SIGINT). */
function processStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}

function onePlan(ctx: CliContext): string {
  return ctx.resolve(requireOne(ctx));
}

function portFrom(text: string | undefined, ctx: CliContext): number {
  const port = Number(text);
  if (text === undefined || !Number.isInteger(port) || port < 0 || port > 65535) throw ctx.usage("cli.usage.port", { value: text ?? "" });
  return port;
}

/** A failure in this run's language: a Matriz error in its words, anything else as an internal error with its first line. */
function failure(ctx: CliContext, error: unknown): string {
  if (isMatrizError(error)) return errorMessage(ctx.lang, error.code, error.params);
  return errorMessage(ctx.lang, "internal", { detail: (error instanceof Error ? error.message : String(error)).split("\n")[0]! });
}

/** A refused row in words: what it is, its text (or id when it is not in the plan), and why. */
function refusalParams(ctx: CliContext, store: PlanStore, r: Refusal): Record<string, string> {
  const words: Words = { lang: ctx.lang, locale: ctx.locale };
  return { entity: entityWords(r.entity, words), row: (rowText(store.db, r.entity, r.id) ?? r.id).slice(0, 60), reason: refusalWords(r, words) };
}

/** Which laptop this is: MATRIZ_DEVICE / MATRIZ_DEVICE_ID, else the user's configuration folder. */
const deviceOf = (ctx: CliContext): Device => deviceFromEnvironment(ctx.io.env);

export const serveCommand: CliCommand = (ctx) => serve(ctx, deviceOf(ctx));
export const syncCommand: CliCommand = (ctx) => sync(ctx, deviceOf(ctx));
export const mergeCommand: CliCommand = (ctx) => merge(ctx, deviceOf(ctx));

/** Hosts a plan until asked to stop; prints one line when it listens. */
async function serve(ctx: CliContext, device: Device): Promise<number> {
  const file = onePlan(ctx);
  const author = ctx.author();
  const port = portFrom(ctx.values.port, ctx);
  const store = PlanStore.open(file, { device });
  const shared = SharedPlan.attach(store.db, { author: () => author, device });
  let host: SyncHost | null = null;
  try {
    host = await SyncHost.start({
      store,
      shared,
      identity: { author, device },
      port,
      bind: ctx.values.bind ?? "0.0.0.0",
      token: ctx.values.code,
      onEvent: (event) => {
        if (event.type === "refused") for (const r of event.refusals) ctx.io.err(`matriz: ${ctx.say("cli.sync.refusedFrom", { author: event.author, ...refusalParams(ctx, store, r) })}`);
        if (event.type === "error") {
          const said = isMatrizError(event.error) ? failure(ctx, event.error) : ctx.say("cli.sync.unreadable", { detail: event.message.split("\n")[0]! });
          ctx.io.err(`matriz: ${said}`);
        }
      },
    });
    ctx.io.out(ctx.say("cli.sync.listening", { address: ctx.values.bind ?? "0.0.0.0", port: String(host.port), code: host.code, fingerprint: host.fingerprint }));
    await processStopSignal();
    return SYNC_EXIT.ok;
  } finally {
    await host?.stop();
    shared.compact();
    shared.close();
    store.close();
  }
}

/** A code or link as typed, read; a mistyped one is a usage error (exit 64) said in this run's language. */
function asTyped<T>(ctx: CliContext, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isMatrizError(error)) throw new MatrizError("usage", { detail: errorMessage(ctx.lang, error.code, error.params) });
    throw error;
  }
}

/**
 * The host and code to sync with. `--fingerprint` (the whole fingerprint `serve` prints) pins
 * the host to all of it, not only the start the code carries; a join link carries it already.
 */
function codeFrom(ctx: CliContext): { host: string; port: number; code: PairingCode } {
  const given = ctx.values.code;
  const fingerprint = ctx.values.fingerprint;
  if (!given) throw ctx.usage("cli.usage.syncCode");
  if (/^matriz:/i.test(given)) {
    return asTyped(ctx, () => {
      const link = parseJoinLink(given);
      return fingerprint === undefined ? link : { ...link, code: pinFingerprint(link.code, fingerprint) };
    });
  }
  const address = ctx.values.host;
  const at = address ? address.lastIndexOf(":") : -1;
  if (!address || at <= 0) throw ctx.usage("cli.usage.syncHost", { value: address ?? "" });
  const code = asTyped(ctx, () => parseJoinCode(given, fingerprint ?? null));
  if (!isPinned(code)) ctx.io.err(`matriz: ${ctx.say("cli.sync.unpinned")}`);
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ""), port: portFrom(address.slice(at + 1), ctx), code };
}

/** Syncs a local copy with a host: once (until both hold the same), or until asked to stop. */
async function sync(ctx: CliContext, device: Device): Promise<number> {
  const file = onePlan(ctx);
  const { host, port, code } = codeFrom(ctx);
  const author = ctx.author();
  const identity = { author, device };
  const timeoutMs = ctx.values.timeout ? Number(ctx.values.timeout) * 1000 : 120_000;
  if (!fs.existsSync(file)) {
    // No copy yet: the host sends its plan file, history included.
    try {
      await fetchPlanFile({ host, port, code, identity, target: file, timeoutMs });
    } catch (error) {
      ctx.io.err(`matriz: ${failure(ctx, error)}`);
      return isMatrizError(error) && error.code === "live_denied" ? SYNC_EXIT.refused : SYNC_EXIT.failure;
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
    open: () => (shared = SharedPlan.attach(store.db, { author: () => author, device })),
    onEvent: (event) => {
      if (event.type === "refused") for (const r of event.refusals) ctx.io.err(`matriz: ${ctx.say("cli.sync.refusedByHost", refusalParams(ctx, store, r as Refusal))}`);
      if (event.type === "denied") ctx.io.err(`matriz: ${errorMessage(ctx.lang, "live_denied", { reason: event.reason })}`);
      if (event.type === "status" && !ctx.values.once && (event.status === "online" || event.status === "offline")) {
        ctx.io.out(ctx.say(event.status === "online" ? "cli.sync.online" : "cli.sync.offline", { host: `${host}:${port}` }));
      }
    },
  });
  try {
    client.connect();
    if (ctx.values.once) {
      await client.waitSynced(timeoutMs);
      ctx.io.out(ctx.say("cli.sync.synced", { file, host: `${host}:${port}` }));
      return SYNC_EXIT.ok;
    }
    let check: NodeJS.Timeout | undefined;
    await Promise.race([
      processStopSignal(),
      new Promise<void>((resolve) => {
        check = setInterval(() => {
          if (client.denied) resolve();
        }, 100);
      }),
    ]);
    clearInterval(check);
    return client.denied ? SYNC_EXIT.refused : SYNC_EXIT.ok;
  } catch (error) {
    if (!client.denied) ctx.io.err(`matriz: ${failure(ctx, error)}`);
    return client.denied ? SYNC_EXIT.refused : SYNC_EXIT.failure;
  } finally {
    await client.stop();
    (shared as SharedPlan | null)?.close();
    store.close();
  }
}

/** Merges a copy edited apart into a plan; 3 when conflicts wait for review. */
async function merge(ctx: CliContext, device: Device): Promise<number> {
  if (ctx.args.length !== 2) throw ctx.usage("cli.usage.mergeFiles");
  const [into, from] = ctx.args.map(ctx.resolve) as [string, string];
  const result = mergeCopies(into, from, { author: ctx.author(), device });
  if (ctx.values.json) ctx.io.out(JSON.stringify(result, null, 2));
  else ctx.io.out(ctx.say("cli.sync.merged", { from: path.basename(from), into: path.basename(into), changes: result.changeSets, conflicts: result.conflicts }));
  return result.conflicts + result.refused > 0 ? SYNC_EXIT.conflicts : SYNC_EXIT.ok;
}
