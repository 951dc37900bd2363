import Database from "better-sqlite3";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";
import { ENTITIES } from "../../src/storage/entities";
import { REPO_ROOT, tempDir } from "../helpers/temp";
import { close, laptops, openLaptop, type Laptop } from "./helpers";

const TSX = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function matriz(args: string[], device: string) {
  const child = spawn(TSX, ["src/cli/main.ts", ...args], { cwd: REPO_ROOT, env: { ...process.env, MATRIZ_DEVICE_ID: device, MATRIZ_DEVICE: device, LANG: "en_US.UTF-8" } });
  children.push(child);
  const out: string[] = [];
  const err: string[] = [];
  child.stderr.on("data", (d) => err.push(String(d)));
  const lines = readline.createInterface({ input: child.stdout });
  lines.on("line", (l) => out.push(l));
  const done = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out, err, done };
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function contents(file: string) {
  const db = new Database(file, { readonly: true });
  const tables = Object.fromEntries(ENTITIES.map((e) => [e, db.prepare(`SELECT * FROM ${e} ORDER BY id`).all()]));
  const sets = db.prepare("SELECT count(*) AS n FROM change_set").get();
  db.close();
  return { tables, sets };
}

async function serve(file: string) {
  const host = matriz(["serve", file, "--port", "0", "--bind", "127.0.0.1", "--code", "K7QM-29XH", "--author", "Facilitadora"], "host-laptop");
  await until(() => host.out.length > 0, "the listening line");
  const [, port, code] = /127\.0\.0\.1:(\d+) code (\S+)/.exec(host.out[0]!)!;
  return { host, port: port!, code: code! };
}

describe("matriz serve and matriz sync", () => {
  it("sync --once brings a copy in step with a host and back; a missing copy is fetched whole; a wrong code changes nothing", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const [h, a] = laptops(dir, ["host", "a"]);
    const action = h!.store.db.prepare("SELECT id FROM action LIMIT 1").get() as { id: string };
    a!.editor.setActionText(action.id, "Escrito en la laptop A sin conexión");
    close(h!, a!);
    const { host, port, code } = await serve(path.join(dir, "host.matriz"));
    expect(host.out[0]).toMatch(/^listening on 127\.0\.0\.1:\d+ code [0-9A-Z]{4}(-[0-9A-Z]{4}){5} fingerprint [0-9a-f]{64}$/);

    const before = contents(path.join(dir, "a.matriz"));
    const wrong = code.replace(/^..../, code.startsWith("0000") ? "1111" : "0000");
    // The check character catches a mistyped code before any connection.
    const typo = matriz(["sync", path.join(dir, "a.matriz"), "--host", `127.0.0.1:${port}`, "--code", wrong, "--once"], "laptop-a");
    expect(await typo.done).not.toBe(0);
    expect(typo.err.join("")).toContain("typo");
    const wrongToken = code.replace(/^(....)-(....)/, "0000-0000");
    const refused = matriz(["sync", path.join(dir, "a.matriz"), "--host", `127.0.0.1:${port}`, "--code", recheck(wrongToken), "--once"], "laptop-a");
    expect(await refused.done).toBe(2);
    expect(refused.err.join("")).toContain("wrong pairing code");
    expect(contents(path.join(dir, "a.matriz"))).toEqual(before);

    const synced = matriz(["sync", path.join(dir, "a.matriz"), "--host", `127.0.0.1:${port}`, "--code", code, "--once"], "laptop-a");
    expect(await synced.done, synced.err.join("")).toBe(0);
    // The operator's own token alone joins too, saying the host could not be checked.
    const bare = matriz(["sync", path.join(dir, "a.matriz"), "--host", `127.0.0.1:${port}`, "--code", "K7QM-29XH", "--once"], "laptop-a");
    expect(await bare.done, bare.err.join("")).toBe(0);
    expect(bare.err.join("")).toContain("fingerprint");
    const fetched = matriz(["sync", path.join(dir, "new.matriz"), "--host", `127.0.0.1:${port}`, "--code", code, "--once"], "laptop-b");
    expect(await fetched.done, fetched.err.join("")).toBe(0);
    // Without --once it keeps the copy in step until asked to stop.
    const staying = matriz(["sync", path.join(dir, "a.matriz"), "--host", `127.0.0.1:${port}`, "--code", code], "laptop-a");
    await until(() => staying.out.some((l) => l.startsWith("connected to 127.0.0.1:")), "the connected line");
    staying.child.kill("SIGTERM");
    expect(await staying.done).toBe(0);
    host.child.kill("SIGTERM");
    expect(await host.done).toBe(0);
    const text = (file: string) => (new Database(file, { readonly: true }).prepare("SELECT text FROM action WHERE id = ?").get(action.id) as { text: string }).text;
    expect(text(path.join(dir, "host.matriz"))).toBe("Escrito en la laptop A sin conexión");
    expect(text(path.join(dir, "new.matriz"))).toBe("Escrito en la laptop A sin conexión");
    expect(contents(path.join(dir, "new.matriz")).tables).toEqual(contents(path.join(dir, "host.matriz")).tables);
    // The fetched copy carries the history: who typed it, on which laptop.
    const db = new Database(path.join(dir, "new.matriz"), { readonly: true });
    expect(db.prepare("SELECT s.author, d.name FROM change c JOIN change_set s ON s.id = c.change_set_id JOIN device d ON d.id = s.device WHERE c.entity_id = ? ORDER BY c.id DESC LIMIT 1").get(action.id)).toEqual({ author: "a", name: "Laptop a" });
    db.close();
  });

  it("when the host laptop dies another laptop hosts with everything it has", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const [h, a, b] = laptops(dir, ["host", "a", "b"]);
    close(h!, a!, b!);
    const first = await serve(path.join(dir, "host.matriz"));
    const joined = matriz(["sync", path.join(dir, "a.matriz"), "--host", `127.0.0.1:${first.port}`, "--code", first.code, "--once"], "laptop-a");
    expect(await joined.done, joined.err.join("") + first.host.err.join("")).toBe(0);
    first.host.child.kill("SIGKILL");
    await first.host.done;
    // Laptop A keeps working offline, then hosts; B joins A.
    const laptopA = openLaptop(path.join(dir, "a.matriz"), "a");
    const action = laptopA.store.db.prepare("SELECT id FROM action LIMIT 1").get() as { id: string };
    laptopA.editor.setActionText(action.id, "Escrito en A después de que el anfitrión se apagó");
    close(laptopA);
    const second = await serve(path.join(dir, "a.matriz"));
    const rejoined = matriz(["sync", path.join(dir, "b.matriz"), "--host", `127.0.0.1:${second.port}`, "--code", second.code, "--once"], "laptop-b");
    expect(await rejoined.done, rejoined.err.join("") + second.host.err.join("")).toBe(0);
    second.host.child.kill("SIGTERM");
    expect(await second.host.done, second.host.err.join("")).toBe(0);
    expect(contents(path.join(dir, "b.matriz")).tables).toEqual(contents(path.join(dir, "a.matriz")).tables);
  });
});

describe("matriz merge", () => {
  function cli(args: string[], cwd: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: "en_US.UTF-8", MATRIZ_DEVICE_ID: "merge-laptop" }, cwd });
    return Promise.resolve(code).then((c) => ({ code: c, out: out.join("\n"), err: err.join("\n") }));
  }

  it("merges a copy edited apart: its edits come in with their authors; one cell typed on both waits as a conflict (exit 3)", async () => {
    const dir = tempDir();
    const [office, away] = laptops(dir, ["office", "away"]);
    // Both copies shared once (the workshop), then one was taken away.
    exchangeOnce(office!, away!);
    const [first, second] = office!.store.db.prepare("SELECT id FROM action ORDER BY id LIMIT 2").all() as Array<{ id: string }>;
    away!.editor.setActionText(first!.id, "Revisado en el hotel sin red");
    away!.editor.setActionStatus(second!.id, "done");
    office!.editor.setActionStatus(second!.id, "delayed");
    close(office!, away!);
    const awayBefore = fs.readFileSync(path.join(dir, "away.matriz"));

    const result = await cli(["merge", "office.matriz", "away.matriz"], dir);
    expect(result.code, result.err).toBe(3);
    expect(result.out).toContain("1 conflict");
    const db = new Database(path.join(dir, "office.matriz"), { readonly: true });
    expect(db.prepare("SELECT text FROM action WHERE id = ?").get(first!.id)).toEqual({ text: "Revisado en el hotel sin red" });
    expect(db.prepare("SELECT s.author FROM change c JOIN change_set s ON s.id = c.change_set_id WHERE c.entity_id = ? AND c.field = 'text' ORDER BY c.id DESC LIMIT 1").get(first!.id)).toEqual({ author: "away" });
    db.close();
    expect(fs.readFileSync(path.join(dir, "away.matriz")).equals(awayBefore)).toBe(true);
    // Only read: no journal files left beside the copy.
    expect(fs.existsSync(path.join(dir, "away.matriz-wal")) || fs.existsSync(path.join(dir, "away.matriz-shm"))).toBe(false);
    const listed = await cli(["conflicts", "office.matriz", "--json"], dir);
    expect(listed.code).toBe(3);
    const conflicts = JSON.parse(listed.out) as Array<{ id: string; origin: string; field: string }>;
    const live = conflicts.find((c) => c.origin === "live");
    expect(live).toMatchObject({ field: "status" });
    expect((await cli(["resolve", "office.matriz", live!.id, "--take", "returned"], dir)).code).toBe(0);
    expect((await cli(["conflicts", "office.matriz"], dir)).code).toBe(0);
    // Merging the same copy again brings nothing new.
    expect((await cli(["merge", "office.matriz", "away.matriz"], dir)).code).toBe(0);
  });

  it("refuses copies that never shared history, pointing to the spreadsheet round trip", async () => {
    const dir = tempDir();
    const [one, two] = laptops(dir, ["one", "two"]);
    const action = one!.store.db.prepare("SELECT id FROM action LIMIT 1").get() as { id: string };
    one!.editor.setActionText(action.id, "Editado antes de compartir");
    one!.shared.close();
    two!.shared.close();
    one!.store.close();
    two!.store.close();
    // Files made before live editing: remove what attaching wrote.
    for (const name of ["one", "two"]) {
      const db = new Database(path.join(dir, `${name}.matriz`));
      db.exec("DELETE FROM sync_update; DELETE FROM meta WHERE key = 'sync_mirrored_through'");
      db.close();
    }
    const result = await cli(["merge", "one.matriz", "two.matriz"], dir);
    expect(result.code).toBe(1);
    expect(result.err).toContain("share no history");
    expect(result.err).toContain("matriz import");
  });
});

function exchangeOnce(a: Laptop, b: Laptop) {
  b.shared.applyRemote(a.shared.diff(b.shared.stateVector()));
  a.shared.applyRemote(b.shared.diff(a.shared.stateVector()));
}

/** A code with another token and a valid check character (a real wrong code, not a typo). */
function recheck(code: string): string {
  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const body = code.replace(/-/g, "").slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * (body.charCodeAt(i) - 47);
  return (body + ALPHABET[sum % 31]).match(/.{4}/g)!.join("-");
}
