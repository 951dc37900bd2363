import Database from "better-sqlite3";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
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

function matriz(args: string[], device: string, lang = "en_US.UTF-8") {
  const env: NodeJS.ProcessEnv = { ...process.env, MATRIZ_DEVICE_ID: device, MATRIZ_DEVICE: device, LANG: lang };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  const child = spawn(TSX, ["src/cli/main.ts", ...args], { cwd: REPO_ROOT, env });
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

async function serve(file: string, lang?: string) {
  const host = matriz(["serve", file, "--port", "0", "--bind", "127.0.0.1", "--code", "K7QM-29XH", "--author", "Facilitadora"], "host-laptop", lang);
  await until(() => host.out.length > 0, "the listening line");
  const [, port, code] = /127\.0\.0\.1:(\d+) (?:code|código) (\S+)/.exec(host.out[0]!)!;
  return { host, port: port!, code: code! };
}

/** A port nothing listens on (taken from the system, then let go). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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
    expect(refused.err.join("")).toContain("The host refused the code");
    // --fingerprint, the whole one serve printed, pins the host: a certificate sharing only the code's start is refused before the token goes.
    const fingerprint = /fingerprint ([0-9a-f]{64})$/.exec(host.out[0]!)![1]!;
    const lookalike = fingerprint.slice(0, -1) + (fingerprint.endsWith("0") ? "1" : "0");
    const pinnedElsewhere = matriz(["sync", path.join(dir, "a.matriz"), "--host", `127.0.0.1:${port}`, "--code", code, "--fingerprint", lookalike, "--once"], "laptop-a");
    expect(await pinnedElsewhere.done).toBe(2);
    expect(pinnedElsewhere.err.join("")).toContain("is not the code’s host");
    expect(contents(path.join(dir, "a.matriz"))).toEqual(before);

    const synced = matriz(["sync", path.join(dir, "a.matriz"), "--host", `127.0.0.1:${port}`, "--code", code, "--fingerprint", fingerprint, "--once"], "laptop-a");
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

/** The command line in this process, as a person in `lang` runs it. */
function cli(args: string[], cwd: string, lang = "en_US.UTF-8") {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: lang, MATRIZ_DEVICE_ID: "merge-laptop" }, cwd });
  return Promise.resolve(code).then((c) => ({ code: c, out: out.join("\n"), err: err.join("\n") }));
}

/**
 * Two copies shared once, then edited apart: the same action's status (with its date) and
 * schedule (with its years) changed on both, and one budget line's amount.
 */
function copiesEditedApart(dir: string) {
  const [office, away] = laptops(dir, ["office", "away"]);
  const responsible = office!.store.db
    .prepare("SELECT a.id, i.label FROM action a JOIN action_institution l ON l.action_id = a.id JOIN institution i ON i.id = l.institution_id ORDER BY a.id LIMIT 1")
    .get() as { id: string; label: string };
  const line = office!.editor.saveBudgetLine(responsible.id, { institution: responsible.label, year: 2019, amount: 1000, currency: "USD", funding_source: "national_budget" });
  exchangeOnce(office!, away!);
  const action = responsible.id;
  away!.editor.setActionStatus(action, "done", "2026-03-01");
  office!.editor.setActionStatus(action, "delayed", "2026-03-02");
  away!.editor.setActionSchedule(action, "2019-2020");
  office!.editor.setActionSchedule(action, "Durante 2021");
  away!.editor.saveBudgetLine(action, { id: line, institution: responsible.label, year: 2019, amount: 1234.5, currency: "USD", funding_source: "national_budget" });
  office!.editor.saveBudgetLine(action, { id: line, institution: responsible.label, year: 2019, amount: 2000, currency: "USD", funding_source: "national_budget" });
  const text = office!.store.db.prepare("SELECT text FROM action WHERE id = ?").pluck().get(action) as string;
  close(office!, away!);
  return { action, line, text };
}

describe("the live commands in Spanish (LANG=es)", () => {
  it("serve, sync, merge and conflicts say everything in Spanish: the listening line, a typo, a wrong code, an unreachable host, the merge and its conflicts", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const { text } = copiesEditedApart(dir);
    const es = "es_GT.UTF-8";
    const { host, port, code } = await serve(path.join(dir, "office.matriz"), es);
    expect(host.out[0]).toMatch(/^escuchando en 127\.0\.0\.1:\d+ código [0-9A-Z]{4}(-[0-9A-Z]{4}){5} huella [0-9a-f]{64}$/);

    const typo = matriz(["sync", path.join(dir, "away.matriz"), "--host", `127.0.0.1:${port}`, "--code", code.replace(/^(.)/, (c) => (c === "A" ? "B" : "A")), "--once"], "laptop-a", es);
    expect(await typo.done).toBe(64);
    expect(typo.err.join("")).toMatch(/^matriz: El código «.+» tiene un error de tecleo: compárelo con la pantalla del anfitrión\.\n$/);
    const wrong = matriz(["sync", path.join(dir, "away.matriz"), "--host", `127.0.0.1:${port}`, "--code", recheck(code.replace(/^(....)-(....)/, "0000-0000")), "--once"], "laptop-a", es);
    expect(await wrong.done).toBe(2);
    expect(wrong.err.join("")).toBe("matriz: El anfitrión rechazó el código: compárelo con el que muestra su pantalla y escríbalo de nuevo.\n");
    const nowhere = await closedPort();
    const unreachable = matriz(["sync", path.join(dir, "new.matriz"), "--host", `127.0.0.1:${nowhere}`, "--code", code, "--once"], "laptop-b", es);
    expect(await unreachable.done).toBe(1);
    expect(unreachable.err.join("")).toBe(
      `matriz: No se pudo llegar al anfitrión 127.0.0.1:${nowhere}: nada responde en esa dirección y puerto (¿sigue siendo anfitrión?). Revise que esta laptop esté en la misma red y que la dirección sea la del proyector.\n`,
    );
    const fetched = matriz(["sync", path.join(dir, "new.matriz"), "--host", `127.0.0.1:${port}`, "--code", code, "--once"], "laptop-b", es);
    expect(await fetched.done, fetched.err.join("")).toBe(0);
    expect(fetched.out.join("\n")).toBe(`${path.join(dir, "new.matriz")} al día con 127.0.0.1:${port}`);
    host.child.kill("SIGTERM");
    expect(await host.done).toBe(0);

    const merged = await cli(["merge", "office.matriz", "away.matriz"], dir, es);
    expect(merged.code, merged.err).toBe(3);
    // One conflict per thing a person decides: the status with its date, the schedule with its years, the amount.
    expect(merged.out).toMatch(/^away\.matriz fusionado en office\.matriz: \d+ cambios?, 3 conflictos$/);
    const listed = await cli(["conflicts", "office.matriz"], dir, es);
    expect(listed.code).toBe(3);
    const lines = listed.out.split("\n");
    expect(lines[0]).toMatch(/^conflicto\s+fila\s+campo\s+en el plan\s+la otra laptop\s+estado$/);
    const rows = lines.slice(1, lines.indexOf(""));
    expect(rows).toHaveLength(3);
    const row = (field: string) => rows.find((r) => new RegExp(`…?\\s+${field}\\s+`).test(r)) ?? "";
    expect(row("estado")).toMatch(/(Cumplida, desde el 2026-03-01 · away \(Laptop away\).*Retrasada, desde el 2026-03-02 · office \(Laptop office\)|Retrasada, desde el 2026-03-02 · office \(Laptop office\).*Cumplida, desde el 2026-03-01 · away \(Laptop away\))/);
    expect(row("cronograma")).toMatch(/2019-2020 · away.*Durante 2021 · office|Durante 2021 · office.*2019-2020 · away/);
    expect(row("monto")).toMatch(/1,234\.50 USD · away.*2,000\.00 USD · office|2,000\.00 USD · office.*1,234\.50 USD · away/);
    for (const r of rows) expect(r).toContain(text.slice(0, 20));
    expect(listed.out).toContain("3 conflictos abiertos. Para resolver:");
    // No column names, English words or stored hundredths.
    expect(listed.out).not.toMatch(/status|schedule|amount|done|delayed|123450|200000|open\b/);
  });
});

describe("matriz conflicts and resolve", () => {
  it("read a status with its date, a schedule with its years and an amount in currency units as one conflict each, and resolve them together", async () => {
    const dir = tempDir();
    const { action, line } = copiesEditedApart(dir);
    expect((await cli(["merge", "office.matriz", "away.matriz"], dir)).out).toMatch(/, 3 conflicts$/);
    const json = JSON.parse((await cli(["conflicts", "office.matriz", "--json"], dir)).out) as Array<{ id: string; origin: string; field: string | null; entity: string }>;
    // Stored as five cells (scripts see every one); read as three.
    expect(json.filter((c) => c.origin === "live").map((c) => c.field).sort()).toEqual(["amount_minor", "schedule", "schedule_years", "status", "status_date"]);
    const listed = await cli(["conflicts", "office.matriz"], dir);
    const rows = listed.out.split("\n").slice(1, listed.out.split("\n").indexOf(""));
    expect(rows.map((r) => / (status|schedule|amount) /.exec(r)?.[1]).sort()).toEqual(["amount", "schedule", "status"]);
    expect(listed.out).toMatch(/Delayed, since 2026-03-02 · office/);
    expect(listed.out).toMatch(/Done, since 2026-03-01 · away/);
    expect(listed.out).toMatch(/1,234\.50 USD · away/);
    expect(listed.out).not.toMatch(/status date|years|schedule_years|status_date|123450/);
    expect(listed.out).toContain("3 open conflicts.");

    // Taking the other laptop's status takes its date too; its schedule, its years.
    const id = (field: string) => json.find((c) => c.field === field)!.id;
    for (const field of ["status", "schedule", "amount_minor"]) expect((await cli(["resolve", "office.matriz", id(field), "--take", "returned"], dir)).code).toBe(0);
    expect((await cli(["conflicts", "office.matriz"], dir)).code).toBe(0);
    const db = new Database(path.join(dir, "office.matriz"), { readonly: true });
    const statusNow = db.prepare("SELECT status, status_date, schedule, schedule_years FROM action WHERE id = ?").get(action) as Record<string, string>;
    const amount = db.prepare("SELECT amount_minor FROM budget_line WHERE id = ?").pluck().get(line);
    db.close();
    const taken = json.find((c) => c.field === "status") as unknown as { returned: string };
    const pairs: Record<string, string> = { done: "2026-03-01", delayed: "2026-03-02" };
    expect(statusNow.status_date).toBe(pairs[taken.returned]);
    expect(statusNow.status).toBe(taken.returned);
    expect(JSON.parse(statusNow.schedule_years!)).toEqual(statusNow.schedule === "2019-2020" ? [2019, 2020] : [2021]);
    expect([123450, 200000]).toContain(amount);
  });
});

describe("matriz merge", () => {

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
