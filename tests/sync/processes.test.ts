/**
 * Several processes edit one plan at once through a `matriz serve` host, with
 * connections dropped and restored at random: every laptop ends with the same
 * plan, and every edit a laptop made is in it, was overwritten by someone who
 * had seen it, or is listed as a conflict.
 */
import Database from "better-sqlite3";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { ENTITIES } from "../../src/storage/entities";
import { REPO_ROOT, fixturePath, tempDir } from "../helpers/temp";

const TSX = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function start(args: string[], env: Record<string, string>): { child: ChildProcessWithoutNullStreams; lines: AsyncIterableIterator<string>; stderr: string[] } {
  const child = spawn(TSX, args, { cwd: REPO_ROOT, env: { ...process.env, ...env } });
  children.push(child);
  const stderr: string[] = [];
  child.stderr.on("data", (d) => stderr.push(String(d)));
  return { child, lines: readline.createInterface({ input: child.stdout })[Symbol.asyncIterator](), stderr };
}

async function next(lines: AsyncIterableIterator<string>, timeoutMs: number, what: string): Promise<string> {
  const result = await Promise.race([lines.next(), new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs))]);
  if (result === "timeout" || result.done) throw new Error(`no ${what} within ${timeoutMs} ms`);
  return result.value;
}

function exited(child: ChildProcessWithoutNullStreams, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("process did not exit in time")), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

type Tables = Record<string, Array<Record<string, unknown>>>;

function readTables(file: string): Tables {
  const db = new Database(file, { readonly: true });
  const tables = Object.fromEntries(ENTITIES.map((e) => [e, db.prepare(`SELECT * FROM ${e} ORDER BY id`).all()])) as Tables;
  db.close();
  return tables;
}

const TOKEN = /\[P\d+#\d+\]/g;

describe("three laptops and a host, with the network dropping", () => {
  it("converge on one plan, and no acknowledged edit is lost", { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const original = path.join(dir, "original.matriz");
    createPlanFromDocument(original, readDocumentFile(fixturePath("guatemala")), { author: "secretariat", source: "example" }).close();
    const files = ["host", "p0", "p1", "p2"].map((name) => {
      const file = path.join(dir, `${name}.matriz`);
      fs.copyFileSync(original, file);
      return file;
    });
    const host = start(["src/cli/main.ts", "serve", files[0]!, "--port", "0", "--bind", "127.0.0.1", "--code", "K7QM-29XH", "--author", "host"], {
      LANG: "en_US.UTF-8",
      MATRIZ_DEVICE_ID: "device-host",
      MATRIZ_DEVICE: "Host laptop",
    });
    const listening = await next(host.lines, 60_000, "listening line");
    const match = /listening on 127\.0\.0\.1:(\d+) code (\S+) fingerprint ([0-9a-f]{64})/.exec(listening);
    expect(match, listening).not.toBeNull();
    const [, port, code] = match!;

    const peers = [0, 1, 2].map((i) =>
      start(["tests/sync/peer.ts", files[i + 1]!, `127.0.0.1:${port}`, code!, String(i), String(1000 + i * 7919), "40"], {
        MATRIZ_DEVICE_ID: `device-p${i}`,
        MATRIZ_DEVICE: `Laptop ${i}`,
      }),
    );
    for (const peer of peers) {
      const line = JSON.parse(await next(peer.lines, 150_000, "edits-done"));
      expect(line.event, JSON.stringify(line) + peer.stderr.join("") + host.stderr.join("").slice(0, 3000)).toBe("edits-done");
    }
    for (const peer of peers) peer.child.stdin.write("finish\n");
    const finals: Tables[] = [];
    for (const peer of peers) {
      const line = JSON.parse(await next(peer.lines, 90_000, "final plan"));
      expect(line.event, JSON.stringify(line).slice(0, 2000)).toBe("final");
      finals.push(line.tables);
      expect(await exited(peer.child, 30_000)).toBe(0);
    }
    host.child.kill("SIGTERM");
    expect(await exited(host.child, 30_000)).toBe(0);

    const hostTables = readTables(files[0]!);
    for (const final of finals) expect(final).toEqual(hostTables);

    // Every value a laptop typed: still there, knowingly replaced, or a conflict.
    const logs = files.map((file) => {
      const db = new Database(file, { readonly: true });
      const changes = db
        .prepare("SELECT c.entity, c.entity_id, c.op, c.field, c.old_value, c.new_value, s.device FROM change c JOIN change_set s ON s.id = c.change_set_id")
        .all() as Array<{ entity: string; entity_id: string; op: string; field: string | null; old_value: string | null; new_value: string | null; device: string | null }>;
      const conflicts = db.prepare("SELECT entity, entity_id, field, kind, kept_value, other_value FROM sync_conflict").all() as Array<Record<string, string>>;
      db.close();
      return { file, changes, conflicts };
    });
    const allChanges = logs.flatMap((l) => l.changes);
    const conflicts = logs[0]!.conflicts;
    expect(conflicts.length).toBeGreaterThan(0);
    const finalRow = (entity: string, id: string) => hostTables[entity]!.find((r) => r.id === id);
    const inConflict = (entity: string, id: string, value: unknown) =>
      conflicts.some((c) => c.entity === entity && c.entity_id === id && (String(c.other_value).includes(JSON.stringify(value).slice(1, -1)) || String(c.kept_value).includes(JSON.stringify(value).slice(1, -1))));
    let checked = 0;
    const lost: string[] = [];
    for (const [i, log] of logs.entries()) {
      if (i === 0) continue;
      for (const change of log.changes.filter((c) => c.device === `device-p${i - 1}` && c.op === "update")) {
        const value = JSON.parse(change.new_value!);
        const row = finalRow(change.entity, change.entity_id);
        checked++;
        const tokens = typeof value === "string" ? (value.match(TOKEN) ?? []).filter((t) => !String(JSON.parse(change.old_value ?? "null")).includes(t)) : [];
        const knowingly = (v: unknown) => allChanges.some((o) => o.entity === change.entity && o.entity_id === change.entity_id && (o.field === change.field || o.op === "delete") && o.old_value !== null && (o.op === "delete" ? JSON.parse(o.old_value)[change.field!] === v : JSON.parse(o.old_value) === v));
        if (row && row[change.field!] === value) continue;
        if (knowingly(value) || inConflict(change.entity, change.entity_id, value)) continue;
        if (tokens.length && tokens.every((t) => (row && String(row[change.field!]).includes(t)) || allChanges.some((o) => o.entity_id === change.entity_id && String(o.old_value).includes(t) && !String(o.new_value).includes(t)) || inConflict(change.entity, change.entity_id, t))) continue;
        lost.push(`${change.entity} ${change.entity_id} ${change.field} = ${change.new_value} (final ${JSON.stringify(row?.[change.field!])})`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(lost).toEqual([]);
  });
});
