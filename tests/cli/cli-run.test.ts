/**
 * The command line as people and scripts run it: one language per run, a
 * conflicts table a person can read, a quiet end on a closed pipe, and a start
 * that does not load what `templates` does not need.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nodeTooOld, runCli } from "../../src/cli/main";
import { editWorkbook, financePlan } from "../spreadsheet/fixture";
import { REPO_ROOT, fixturePath, tempDir } from "../helpers/temp";

const BUILT = path.join(REPO_ROOT, "out", "cli", "main.js");

async function cli(args: string[], cwd: string, lang: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: lang }, cwd });
  return { code, out: out.join("\n"), err: err.join("\n"), all: [...out, ...err].join("\n") };
}

/** Words only the English messages use, and marks only the Spanish ones do. */
const ENGLISH = /\b(missing|unexpected|unknown|must|needs?|usage|pillars?|profiles?|commands?|option|argument|required|give|exactly|lists?|creates?|prints?|whole|not a)\b/i;
/** Where in a JSON document (pillars[0].needs[0].lead): the document's own keys, the same in both languages. */
const withoutJsonPaths = (text: string) => text.replace(/\b[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)+/g, "");
const SPANISH = /[«»¿¡ñ]|\b(falta|sobra|debe|orden|opción|pilares?|perfiles?|plantillas?|archivo|necesita)\b/i;

/** Runs that print something: outputs, usage errors of every command, a bad currency. */
function runsToSay(dir: string): string[][] {
  return [
    ["--help"],
    ["templates"],
    ["new", "nuevo.matriz", "--template", "honduras"],
    ["frobnicate"],
    ["templates", "extra"],
    ["show"],
    ["show", "nuevo.matriz"],
    ["show", "nuevo.matriz", "--json", "--bogus"],
    ["new", "x.matriz"],
    ["new", "x.txt", "--template", "mexico"],
    ["new", "x.matriz", "--template", "atlantis"],
    ["export", "nuevo.matriz"],
    ["export", "nuevo.matriz", "--out", "a.csv"],
    ["export", "nuevo.matriz", "--out"],
    ["export", "nuevo.matriz", "--national", "--format", "docx", "--out", "a.docx"],
    ["export", "nuevo.matriz", "--national", "--out", "a.pdf", "--format", "pdf", "--paper", "A3"],
    ["import", "nuevo.matriz"],
    ["import", "nuevo.matriz", "x.xlsx", "--round", "tres"],
    ["resolve", "nuevo.matriz", "abc"],
    ["resolve", "nuevo.matriz", "--take", "plan"],
    ["conflicts", "nuevo.matriz"],
    ["institutions", "nuevo.matriz", "--merge", "SBS"],
    ["institutions", "nuevo.matriz", "--rename", "SBS", "--merge", "X", "--into", "Y", "--to", "Z"],
    ["returns"],
    ["regional", "--out", "r.xlsx"],
    ["regional", path.join(dir, "nuevo.matriz"), "--out", "r.xlsx", "--currency", "dolares"],
    ["new", "y.matriz", "--from-json", "nada.json"],
    ["show", "nuevo.matriz", "--json", "--lang", "fr"],
    // Plan documents that are broken JSON, miss fields or break a rule of the plan.
    ["new", "j1.matriz", "--from-json", badJson(dir, "roto.json", '{"country": "Guatemala", ')],
    ["new", "j2.matriz", "--from-json", badJson(dir, "sin-iso.json", JSON.stringify({ ...fixture("costa-rica"), iso3: undefined, currency: 3 }))],
    ["new", "j3.matriz", "--from-json", badJson(dir, "lider.json", JSON.stringify(withLead(fixture("panama"), "Nadie")))],
    ["regional", path.join(dir, "nuevo.matriz"), "--out", "r.xlsx", "--rates", badJson(dir, "tasas.csv", "GTQ;siete;ayer\n")],
  ];
}

const fixture = (id: string) => JSON.parse(fs.readFileSync(fixturePath(id), "utf8"));
function withLead(doc: { pillars: Array<{ needs: Array<{ actions: Array<{ lead?: string }> }> }> }, lead: string) {
  doc.pillars[0]!.needs[0]!.actions[0]!.lead = lead;
  return doc;
}
function badJson(dir: string, name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

describe("one language per run", () => {
  it("says everything in Spanish under a Spanish LANG, usage and option errors included", async () => {
    const dir = tempDir();
    for (const args of runsToSay(dir)) {
      const run = await cli(args, dir, "es_GT.UTF-8");
      const text = args[0] === "show" && run.code === 0 ? run.err : run.all;
      expect(text.trim(), args.join(" ")).not.toBe("");
      expect(withoutJsonPaths(text), args.join(" ")).not.toMatch(ENGLISH);
    }
    expect((await cli(["frobnicate"], dir, "es_GT.UTF-8")).err).toBe("matriz: no existe la orden «frobnicate» (matriz --help lista las órdenes)");
    // The file is named, and so is the field, in Spanish.
    const lead = await cli(["new", "j4.matriz", "--from-json", "lider.json"], dir, "es_GT.UTF-8");
    expect(lead.err).toBe(`matriz: «${path.join(dir, "lider.json")}» no es un plan válido: pillars[0].needs[0].actions[0].lead: «Nadie» no está entre las instituciones de la acción.`);
    const broken = await cli(["new", "j5.matriz", "--from-json", "roto.json"], dir, "es_GT.UTF-8");
    expect(broken.err).toMatch(/^matriz: «.*roto\.json» no es un JSON válido: hay un error en la línea 1, columna \d+\.$/);
  });

  it("says everything in English under an English LANG, or with --lang en", async () => {
    const dir = tempDir();
    for (const args of runsToSay(dir)) {
      const run = await cli(args, dir, "en_US.UTF-8");
      const text = args[0] === "show" && run.code === 0 ? run.err : run.all;
      expect(withoutJsonPaths(text), args.join(" ")).not.toMatch(SPANISH);
    }
    const forced = await cli(["show", "--lang", "en", "--bogus"], dir, "es_GT.UTF-8");
    expect(forced.err).toBe("matriz: unknown option “--bogus” (matriz --help lists the commands)");
  });
});

describe("conflicts", () => {
  async function planWithConflict() {
    const { store, file, dir } = financePlan();
    store.close();
    const en = (args: string[]) => cli(args, dir, "en_US.UTF-8");
    await en(["export", file, "--out", "dgm.xlsx", "--institution", "dgm/igm"]);
    await editWorkbook(path.join(dir, "dgm.xlsx"), path.join(dir, "back.xlsx"), [{ action: "act-1", key: "amount:2018", value: 5 }]);
    await en(["import", file, "back.xlsx"]);
    await editWorkbook(path.join(dir, "dgm.xlsx"), path.join(dir, "back2.xlsx"), [{ action: "act-1", key: "amount:2018", value: 7 }]);
    expect((await en(["import", file, "back2.xlsx"])).code).toBe(3);
    return { file, dir };
  }

  it("are a table a person reads: amounts in currency units, words for fields, a header, how to resolve", async () => {
    const { file, dir } = await planWithConflict();
    const table = await cli(["conflicts", file], dir, "en_US.UTF-8");
    expect(table.code).toBe(3);
    const lines = table.out.split("\n");
    expect(lines[0]).toMatch(/^Conflict\s+Action\s+Institution\s+Year\s+What\s+Base \(exported\)\s+Plan now\s+Returned file$/);
    expect(lines[1]).toMatch(/Sensibilizar y capacitar a delegados de…\s+DGM\/IGM\s+2018\s+amount\s+125,000\.50 GTQ\s+5\.00 GTQ\s+7\.00 GTQ$/);
    expect(table.out).not.toContain("12500050");
    expect(table.out).toContain("1 open conflict. To resolve: matriz resolve");
    const spanish = await cli(["conflicts", file], dir, "es_CR.UTF-8");
    expect(spanish.out.split("\n")[0]).toMatch(/^Conflicto\s+Acción\s+Institución\s+Año\s+Qué/);
    expect(spanish.out).toMatch(/monto\s+125\s000,50 GTQ\s+5,00 GTQ\s+7,00 GTQ/);
  });

  it("--json gives scripts the stored records, amounts in hundredths as stored", async () => {
    const { file, dir } = await planWithConflict();
    const json = await cli(["conflicts", file, "--json"], dir, "es_GT.UTF-8");
    const [conflict] = JSON.parse(json.out);
    expect(conflict).toMatchObject({ field: "amount", base: 12_500_050, plan: 500, returned: 700, status: "open" });
    await cli(["resolve", file, conflict.id, "--take", "returned"], dir, "en_US.UTF-8");
    expect((await cli(["conflicts", file], dir, "en_US.UTF-8")).out).toBe("No open conflicts.");
  });
});

describe("the Node it runs on", () => {
  it("asks for Node 24 or later, naming the one it found, instead of failing on the native module", () => {
    expect(nodeTooOld("20.20.2")).toEqual({ found: "20.20.2", needed: 24 });
    expect(nodeTooOld("22.12.0")).toEqual({ found: "22.12.0", needed: 24 });
    expect(nodeTooOld("24.22.3")).toBeNull();
    expect(nodeTooOld("26.0.0")).toBeNull();
  });
});

describe("the built command line", () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts", "build-cli.mjs"), "--if-stale"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);
  });

  it("ends quietly when the reader of its output has gone (`matriz templates | head -1`)", async () => {
    const child = spawn(process.execPath, [BUILT, "templates"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    // The reader goes before the first line is written: every write meets a closed pipe.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const piped = spawnSync("bash", ["-c", `node ${JSON.stringify(BUILT)} templates | head -1`], { encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8" } });
    expect(piped.stdout).toBe("guatemala\tGuatemala\t4 pillars\n");
    expect(piped.stderr).toBe("");
  });

  it("loads neither SQLite nor the workbook libraries nor the schemas to list the templates", () => {
    const hook = path.join(tempDir(), "trace.mjs");
    fs.writeFileSync(
      hook,
      'import { registerHooks } from "node:module";\nregisterHooks({ resolve(specifier, context, next) { const r = next(specifier, context); process.stderr.write(`LOAD ${r.url}\\n`); return r; } });\n',
    );
    const run = spawnSync(process.execPath, ["--import", hook, BUILT, "templates"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    const loaded = run.stderr.split("\n").filter((l) => l.startsWith("LOAD "));
    expect(loaded.length).toBeGreaterThan(1);
    expect(loaded.filter((l) => /better-sqlite3|exceljs|\/xlsx\/|@e965|\/zod\//.test(l))).toEqual([]);
    // The plan commands do load them, once they run.
    const dir = tempDir();
    const made = spawnSync(process.execPath, ["--import", hook, BUILT, "new", path.join(dir, "p.matriz"), "--from-json", fixturePath("belize")], { encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/better-sqlite3/);
  });
});
