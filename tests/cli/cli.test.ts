import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";
import { REPO_ROOT, fixturePath, sha256, tempDir } from "../helpers/temp";

async function cli(args: string[], cwd: string, lang = "en_US.UTF-8") {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: lang }, cwd });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** One clear line on stderr, a non-zero exit, and the folder as it was. */
function expectRefused(result: Awaited<ReturnType<typeof cli>>, mentions: string[]) {
  expect(result.code).not.toBe(0);
  expect(result.out).toBe("");
  expect(result.err.split("\n")).toHaveLength(1);
  expect(result.err.startsWith("matriz: ")).toBe(true);
  for (const word of mentions) expect(result.err).toContain(word);
}

describe("matriz CLI", () => {
  it("lists the template ids", async () => {
    const { code, out } = await cli(["templates"], tempDir());
    expect(code).toBe(0);
    const ids = out.split("\n").map((line) => line.split("\t")[0]);
    expect(ids).toEqual(["guatemala", "costa-rica", "honduras", "mexico", "panama", "belize", "crrf-blank"]);
  });

  it("creates a plan from each template", async () => {
    const dir = tempDir();
    for (const id of ["guatemala", "honduras", "panama", "crrf-blank"]) {
      expect((await cli(["new", `${id}.matriz`, "--template", id], dir)).code).toBe(0);
      const doc = JSON.parse((await cli(["show", `${id}.matriz`, "--json"], dir)).out);
      expect(doc.template).toBe(id);
      expect(doc.pillars.length).toBe(id === "panama" ? 3 : 4);
      if (id === "honduras") expect(doc.profiles).toHaveLength(4);
    }
  });

  it("records the author given on the command line", async () => {
    const dir = tempDir();
    await cli(["new", "p.matriz", "--template", "mexico", "--author", "COMAR secretariat"], dir);
    const doc = JSON.parse((await cli(["show", "p.matriz", "--json"], dir)).out);
    expect(doc.revision).toBe(1);
    // The author is in the change log, which show does not print; read it through the store.
    const db = new Database(path.join(dir, "p.matriz"), { readonly: true });
    expect(db.prepare("SELECT author, source FROM change_set").get()).toEqual({ author: "COMAR secretariat", source: "cli" });
    db.close();
  });

  it("refuses bad arguments with one line", async () => {
    const dir = tempDir();
    expectRefused((await cli(["frobnicate"], dir)), ["frobnicate"]);
    expectRefused((await cli(["new", "x.matriz"], dir)), ["--template"]);
    expectRefused((await cli(["new", "x.matriz", "--template", "guatemala", "--from-json", "a.json"], dir)), ["--from-json"]);
    expectRefused((await cli(["new", "x.txt", "--template", "guatemala"], dir)), [".matriz"]);
    expectRefused((await cli(["new", "x.matriz", "--template", "atlantis"], dir)), ["atlantis", "guatemala"]);
    expectRefused((await cli(["show", "x.matriz"], dir)), ["--json"]);
    expectRefused((await cli(["show", "x.matriz", "--json", "--bogus"], dir)), ["--bogus"]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses a missing file, naming it", async () => {
    const dir = tempDir();
    expectRefused((await cli(["show", "ghost.matriz", "--json"], dir)), ["ghost.matriz"]);
    expectRefused((await cli(["new", "p.matriz", "--from-json", "ghost.json"], dir)), ["ghost.json"]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses malformed JSON, naming the file and what is wrong, and writes no plan", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "broken.json"), '{"country": "Guatemala", ');
    expectRefused((await cli(["new", "p.matriz", "--from-json", "broken.json"], dir)), ["broken.json", "JSON"]);
    expect(fs.readdirSync(dir)).toEqual(["broken.json"]);
  });

  it("refuses a fixture with missing fields, naming the field", async () => {
    const dir = tempDir();
    const doc = JSON.parse(fs.readFileSync(fixturePath("costa-rica"), "utf8"));
    delete doc.pillars[1].needs[0].actions[2].text;
    delete doc.iso3;
    fs.writeFileSync(path.join(dir, "cr.json"), JSON.stringify(doc));
    const result = await cli(["new", "p.matriz", "--from-json", "cr.json"], dir);
    expectRefused(result, ["cr.json", "iso3", "pillars[1].needs[0].actions[2].text"]);
    expect(fs.readdirSync(dir)).toEqual(["cr.json"]);
  });

  it("refuses a lead that is not among the action's institutions", async () => {
    const dir = tempDir();
    const doc = JSON.parse(fs.readFileSync(fixturePath("panama"), "utf8"));
    doc.pillars[0].needs[0].actions[0].lead = "Nobody";
    fs.writeFileSync(path.join(dir, "pa.json"), JSON.stringify(doc));
    expectRefused((await cli(["new", "p.matriz", "--from-json", "pa.json"], dir)), ["pillars[0].needs[0].actions[0].lead"]);
    expect(fs.readdirSync(dir)).toEqual(["pa.json"]);
  });

  it("does not replace an existing plan unless --force is given", async () => {
    const dir = tempDir();
    await cli(["new", "p.matriz", "--template", "guatemala"], dir);
    const before = sha256(path.join(dir, "p.matriz"));
    expectRefused((await cli(["new", "p.matriz", "--template", "mexico"], dir)), ["p.matriz"]);
    expect(sha256(path.join(dir, "p.matriz"))).toBe(before);
    expect((await cli(["new", "p.matriz", "--template", "mexico", "--force"], dir)).code).toBe(0);
    expect(JSON.parse((await cli(["show", "p.matriz", "--json"], dir)).out).template).toBe("mexico");
  });

  it("refuses a file that is not a plan with a clear message", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "budget.matriz"), "Presupuesto;2018;2019\n".repeat(10));
    expectRefused((await cli(["show", "budget.matriz", "--json"], dir)), ["budget.matriz", "SQLite"]);
  });

  it("speaks Spanish when the system does", async () => {
    const result = await cli(["show", "nada.matriz", "--json"], tempDir(), "es_GT.UTF-8");
    expect(result.err).toContain("No se encuentra el archivo");
  });

  it("runs from a fresh clone as `npm run matriz`", async () => {
    const dir = tempDir();
    const run = (args: string[]) =>
      spawnSync("npm", ["run", "-s", "matriz", "--", ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8" } });
    const target = path.join(dir, "gt.matriz");
    const created = run(["new", target, "--from-json", fixturePath("guatemala")]);
    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    const shown = run(["show", target, "--json"]);
    expect(JSON.parse(shown.stdout).country).toBe("Guatemala");
    const failed = run(["show", path.join(dir, "missing.matriz"), "--json"]);
    expect(failed.status).toBe(1);
    expect(failed.stderr.trim().split("\n")).toHaveLength(1);
  });
});
