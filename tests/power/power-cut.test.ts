/**
 * Power cuts, not just crashes. The plan lives on LazyFS, which keeps written
 * data in its own cache until it is fsynced; a worker process edits, imports,
 * exports or upgrades the plan and acknowledges each operation once it returned;
 * at a random moment the worker is killed and LazyFS drops every unsynced byte.
 * Then: every acknowledged edit is there, integrity_check is ok, no import is
 * half-applied, no exported workbook lacks its record, no export is torn, the
 * pre-upgrade backup is whole. A killed process alone (tests/core/crash.test.ts)
 * loses nothing even with synchronous = OFF; this suite notices (see the last
 * test, and .ci/run, which runs it with MATRIZ_TEST_SYNCHRONOUS=OFF and expects
 * it to fail).
 *
 * Random moments are drawn from a seed printed with each failure
 * (MATRIZ_POWER_SEED replays one); MATRIZ_POWER_CYCLES sets cuts per scenario.
 */
import Database from "better-sqlite3";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { planToHxlCsv } from "../../src/opendata/hxl";
import { inChangeSet } from "../../src/storage/change-log";
import { writeDocument } from "../../src/storage/document-io";
import { APPLICATION_ID, LATEST_SCHEMA, MIGRATIONS, migrate } from "../../src/storage/migrations";
import { openImage, writeFileDurably } from "../../src/storage/plan-file";
import { PlanStore } from "../../src/storage/plan-store";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { editWorkbook } from "../spreadsheet/fixture";
import { REPO_ROOT, fixturePath } from "../helpers/temp";
import { LazyFs, findLazyFs } from "./lazyfs";

const SEED = Number(process.env.MATRIZ_POWER_SEED ?? Date.now() % 1_000_000);
const CYCLES = Number(process.env.MATRIZ_POWER_CYCLES ?? 3);
const WORKER = path.join(REPO_ROOT, "out", "power", "worker.js");
const AMOUNT_STEP_MINOR = 100_000; // the returned workbooks add 1,000.00 to every amount

/** mulberry32: small, seeded, good enough to pick moments. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(SEED);
const between = (low: number, high: number) => low + Math.floor(rand() * (high - low + 1));

let work: string; // a folder on the ordinary disk, for what is prepared once
let lazy: LazyFs;
let mount: string;

/** Guatemala's plan with budget lines for every institution of every action, 2018 and 2019. */
function budgetedDocument(): PlanDocument {
  const doc = readDocumentFile(fixturePath("guatemala"));
  let n = 0;
  for (const action of doc.pillars.flatMap((p) => p.needs.flatMap((need) => need.actions))) {
    action.budget_lines = action.institutions.flatMap((institution) =>
      [2018, 2019].map((year) => ({ institution, year, amount: 1000 + 10 * n++, currency: "GTQ", funding_source: "national_budget" as const })),
    );
  }
  return doc;
}

interface Prepared {
  plan: string;
  old: string;
  oldSchema: number;
  returned: Array<{ file: string; institution: string; lines: Map<string, number> }>;
  institutions: string[];
  actions: number;
}
let prepared: Prepared;

async function prepare(): Promise<Prepared> {
  const plan = path.join(work, "plan.matriz");
  createPlanFromDocument(plan, budgetedDocument(), { author: "preparation", source: "cli" }, { language: "es" }).close();
  const store = PlanStore.open(plan);
  const institutions = (
    store.db
      .prepare("SELECT i.id, i.label, count(*) AS n FROM institution i JOIN budget_line b ON b.institution_id = i.id GROUP BY i.id ORDER BY n DESC, i.label LIMIT 5")
      .all() as Array<{ id: string; label: string }>
  );
  const returned: Prepared["returned"] = [];
  for (const [i, institution] of institutions.entries()) {
    const exported = path.join(work, `export-${i}.xlsx`);
    await exportFinanceWorkbook(store.db, exported, { institution: institution.label, language: "es" });
    const lines = new Map(
      (store.db.prepare("SELECT id, amount_minor FROM budget_line WHERE institution_id = ?").all(institution.id) as Array<{ id: string; amount_minor: number }>).map((l) => [l.id, l.amount_minor]),
    );
    const file = path.join(work, `devuelto-${i}.xlsx`);
    // The ministry adds 1,000.00 to each of its amounts.
    await editWorkbook(exported, file, [], (sheet) => {
      const keys = new Map<string, number>();
      sheet.getRow(1).eachCell((cell, col) => keys.set(String(cell.value), col));
      sheet.eachRow((row, r) => {
        if (r < 3 || !row.getCell(keys.get("action_id")!).value) return;
        for (const [key, col] of keys) {
          const value = row.getCell(col).value;
          if (key.startsWith("amount:") && typeof value === "number") row.getCell(col).value = value + AMOUNT_STEP_MINOR / 100;
        }
      });
    });
    returned.push({ file, institution: institution.label, lines });
  }
  const actions = (store.db.prepare("SELECT count(*) FROM action").pluck().get() as number);
  store.close();

  // A plan as the previous Matriz wrote it: opening it upgrades it.
  // The migration before the latest (numbers may skip between branches until they are merged).
  const oldSchema = MIGRATIONS[MIGRATIONS.length - 2]!.version;
  const old = path.join(work, "old.matriz");
  const db = new Database(old);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, oldSchema);
  inChangeSet(db, { author: "older Matriz", source: "example", label: "example" }, (w) => writeDocument(w, readDocumentFile(fixturePath("guatemala")), { language: "en" }));
  db.close();
  return { plan, old, oldSchema, returned, institutions: institutions.map((i) => i.label), actions };
}

/** Empties the mount: each cut starts from a fresh, fully synced copy of the prepared plan. */
function freshCopy(source: string, name: string): string {
  for (const entry of fs.readdirSync(mount)) fs.rmSync(path.join(mount, entry), { recursive: true, force: true });
  const target = path.join(mount, name);
  writeFileDurably(target, fs.readFileSync(source));
  return target;
}

interface Cut {
  acks: string[];
  /** How the moment was chosen, for the failure message. */
  moment: string;
}

/**
 * Runs the worker on the mount and cuts the power at a chosen moment: after `acks`
 * acknowledgements plus a few milliseconds, or `ms` after it started.
 */
async function runAndCut(args: string[], when: { acks: number } | { ms: number }, env: NodeJS.ProcessEnv = process.env): Promise<Cut> {
  const child = spawn(process.execPath, [WORKER, ...args], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const acks: string[] = [];
  let stderr = "";
  let buffer = "";
  let killing = false;
  const extra = between(0, 4);
  const moment = "acks" in when ? `after ack ${when.acks} + ${extra} ms` : `${when.ms} ms after start`;
  const kill = (delay: number) => {
    if (killing) return;
    killing = true;
    setTimeout(() => child.kill("SIGKILL"), delay);
  };
  // Bounded: whatever happens, the worker is gone after 40 s.
  const guard = setTimeout(() => child.kill("SIGKILL"), 40_000);
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const line of lines) {
      if (line === "start" && "ms" in when) kill(when.ms);
      if (line.startsWith("ack ")) acks.push(line.slice(4));
      if ("acks" in when && acks.length >= when.acks) kill(extra);
    }
  });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  clearTimeout(guard);
  if (exit.signal !== "SIGKILL") throw new Error(`the worker ended before the cut (${exit.code}): ${stderr.slice(0, 500)}`);
  lazy.powerCut();
  return { acks, moment };
}

/** Opens the plan as the app would after the power came back, and checks the file itself. */
function reopen(file: string, problems: string[]): PlanStore | null {
  try {
    const store = PlanStore.open(file);
    const check = store.db.pragma("integrity_check", { simple: true });
    if (check !== "ok") problems.push(`integrity_check: ${String(check).split("\n")[0]}`);
    return store;
  } catch (error) {
    problems.push(`the plan does not open: ${(error as Error).message}`);
    return null;
  }
}

/** Every acknowledged edit is in the plan: each action holds its last acknowledged edit, or a later one. */
function editProblems(store: PlanStore, acks: string[]): string[] {
  const edits = acks.filter((a) => a.startsWith("edit ")).map((a) => Number(a.slice(5)));
  if (edits.length === 0) return [];
  const last = Math.max(...edits);
  const texts = (store.db.prepare("SELECT text FROM action ORDER BY rowid").all() as Array<{ text: string }>).map((r) => r.text);
  const problems: string[] = [];
  for (let n = Math.max(1, last - texts.length + 1); n <= last; n++) {
    const text = texts[n % texts.length]!;
    const found = Number(/^edición (\d+)$/.exec(text)?.[1] ?? -1);
    if (found < n) problems.push(`edit ${n} was acknowledged but action ${n % texts.length} holds "${text.slice(0, 40)}"`);
  }
  const sets = store.db.prepare("SELECT count(*) FROM change_set WHERE author = 'power-test'").pluck().get() as number;
  if (sets < last) problems.push(`${last} edits acknowledged, ${sets} in the change log`);
  return problems;
}

function report(scenario: string, cut: Cut, problems: string[]): string[] {
  return problems.map((p) => `${scenario}, cut ${cut.moment} (seed ${SEED}): ${p}`);
}

beforeAll(async () => {
  const tool = findLazyFs(REPO_ROOT);
  const built = spawnSync(process.execPath, ["-e", `require("esbuild").buildSync({ entryPoints: ["tests/power/worker.ts"], outfile: ${JSON.stringify(WORKER)}, bundle: true, platform: "node", format: "esm", target: "node24", packages: "external", logLevel: "error" })`], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`building the worker failed: ${built.stderr}`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-power-"));
  mount = path.join(work, "lazy");
  lazy = new LazyFs(tool, mount);
  lazy.mount();
  prepared = await prepare();
}, 120_000);

afterAll(() => {
  try {
    lazy?.unmount();
  } finally {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }
});

describe("a power cut at a random moment", () => {
  it("keeps every acknowledged edit, and the plan's integrity", async () => {
    const problems: string[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const file = freshCopy(prepared.plan, "plan.matriz");
      const cut = await runAndCut(["edits", file], { acks: between(1, 150) });
      const found: string[] = [];
      const store = reopen(file, found);
      if (store) {
        found.push(...editProblems(store, cut.acks));
        store.close();
      }
      problems.push(...report("edits", cut, found));
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it("never leaves an import half-applied, and keeps every acknowledged one", async () => {
    const problems: string[] = [];
    const files = prepared.returned.map((r) => r.file);
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const file = freshCopy(prepared.plan, "plan.matriz");
      const cut = await runAndCut(["imports", file, ...files], { acks: between(1, files.length + 3) });
      const found: string[] = [];
      const store = reopen(file, found);
      if (store) {
        for (const returned of prepared.returned) {
          const name = path.basename(returned.file);
          const amounts = store.db.prepare("SELECT id, amount_minor FROM budget_line WHERE id IN (SELECT value FROM json_each(?))").all(JSON.stringify([...returned.lines.keys()])) as Array<{ id: string; amount_minor: number }>;
          const moved = amounts.filter((l) => l.amount_minor === returned.lines.get(l.id)! + AMOUNT_STEP_MINOR).length;
          const kept = amounts.filter((l) => l.amount_minor === returned.lines.get(l.id)).length;
          const recorded = Boolean(store.db.prepare("SELECT 1 FROM imported_file WHERE file_name = ?").get(name));
          if (amounts.length !== returned.lines.size) found.push(`${name}: ${returned.lines.size - amounts.length} budget lines missing`);
          if (!(moved === returned.lines.size && kept === 0) && !(kept === returned.lines.size && moved === 0)) found.push(`${name} half-applied: ${moved} of ${returned.lines.size} lines changed`);
          if (recorded !== (moved === returned.lines.size)) found.push(`${name}: recorded as imported ${recorded}, applied ${moved === returned.lines.size}`);
          if (cut.acks.includes(`import ${name}`) && !recorded) found.push(`${name} was acknowledged but is not in the plan`);
        }
        found.push(...editProblems(store, cut.acks));
        store.close();
      }
      problems.push(...report("imports", cut, found));
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it("never leaves an exported workbook without its record, nor a torn export", async () => {
    const problems: string[] = [];
    const expectedHxl = (() => {
      const store = PlanStore.open(prepared.plan);
      try {
        return planToHxlCsv(store.document());
      } finally {
        store.close();
      }
    })();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const file = freshCopy(prepared.plan, "plan.matriz");
      const folder = path.join(mount, "salidas");
      fs.mkdirSync(folder);
      const cut = await runAndCut(["exports", file, folder, ...prepared.institutions], { acks: between(1, 12) });
      const found: string[] = [];
      const store = reopen(file, found);
      if (store) {
        const present = new Set(fs.readdirSync(folder));
        for (const name of present) {
          const full = path.join(folder, name);
          if (/^finanzas-\d+\.xlsx$/.test(name)) {
            if (!store.db.prepare("SELECT 1 FROM export_record WHERE file_name = ?").get(name)) found.push(`${name} is on disk without its export record`);
            try {
              execFileSync("unzip", ["-tqq", full], { stdio: "pipe" });
            } catch {
              found.push(`${name} is torn (not a whole workbook)`);
            }
          } else if (/^hxl-\d+\.csv$/.test(name)) {
            if (fs.readFileSync(full, "utf8") !== expectedHxl) found.push(`${name} is torn (${fs.statSync(full).size} of ${Buffer.byteLength(expectedHxl)} bytes)`);
          }
        }
        for (const ack of cut.acks) {
          const [kind, name] = ack.split(" ");
          if (!name || (kind !== "finance" && kind !== "hxl")) continue;
          if (!present.has(name)) found.push(`${name} was acknowledged but is not on disk`);
          if (kind === "finance" && !store.db.prepare("SELECT 1 FROM export_record WHERE file_name = ?").get(name)) found.push(`${name} was acknowledged but has no record`);
        }
        // The cut may leave a hidden temporary export behind: the next export to the folder removes it.
        writeFileDurably(path.join(folder, "despues.csv"), expectedHxl);
        const stale = fs.readdirSync(folder).filter((n) => /\.tmp(\.pdf)?$/.test(n));
        if (stale.length) found.push(`temporary files left after the next export: ${stale.join(", ")}`);
        store.close();
      }
      problems.push(...report("exports", cut, found));
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it("upgrades a plan whole or not at all, its backup whole, and keeps the edits made after", async () => {
    const problems: string[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const file = freshCopy(prepared.old, "antiguo.matriz");
      const backup = path.join(mount, `antiguo.before-upgrade-v${prepared.oldSchema}.matriz`);
      // Early cuts land while the backup is written or the schema migrated; later ones during edits.
      const cut = await runAndCut(["upgrade", file], cycle % 2 === 0 ? { ms: between(0, 60) } : { acks: between(1, 60) });
      const found: string[] = [];
      const upgraded = cut.acks.some((a) => a.startsWith("upgraded"));
      if (fs.existsSync(backup)) {
        try {
          const copy = openImage(backup, { readonly: true });
          if (copy.pragma("quick_check", { simple: true }) !== "ok") found.push("the backup is damaged");
          if (copy.pragma("user_version", { simple: true }) !== prepared.oldSchema) found.push("the backup is not the plan as it was");
          copy.close();
        } catch (error) {
          found.push(`the backup does not open: ${(error as Error).message}`);
        }
      } else if (upgraded) {
        found.push("the upgrade was acknowledged but its backup is gone");
      }
      if (upgraded) {
        const raw = new Database(file, { readonly: true });
        if (raw.pragma("user_version", { simple: true }) !== LATEST_SCHEMA) found.push("the upgrade was acknowledged but the file is at the old schema");
        raw.close();
      }
      const store = reopen(file, found);
      if (store) {
        if ((store.db.prepare("SELECT count(*) FROM action").pluck().get() as number) !== prepared.actions) found.push("actions lost");
        found.push(...editProblems(store, cut.acks));
        store.close();
      }
      problems.push(...report("upgrade", cut, found));
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

describe("the suite itself", () => {
  it("notices lost edits when the plan is written with synchronous = OFF (what it guards against)", async () => {
    const problems: string[] = [];
    // Bounded: three cuts at most; with OFF nothing of the session survives a cut.
    for (let cycle = 0; cycle < 3 && problems.length === 0; cycle++) {
      const file = freshCopy(prepared.plan, "plan.matriz");
      const cut = await runAndCut(["edits", file], { acks: between(30, 120) }, { ...process.env, MATRIZ_TEST_SYNCHRONOUS: "OFF" });
      const found: string[] = [];
      const store = reopen(file, found);
      if (store) {
        found.push(...editProblems(store, cut.acks));
        store.close();
      }
      problems.push(...found);
    }
    expect(problems.length, "a power cut with synchronous = OFF should lose acknowledged edits").toBeGreaterThan(0);
  }, 120_000);
});
