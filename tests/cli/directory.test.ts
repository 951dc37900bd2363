import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";
import { sha256, tempDir } from "../helpers/temp";
import { FULL_NAME, VARIANT, planWithOpenConflict, spellingsPlan } from "../directory/fixture";

async function cli(args: string[], cwd: string, lang = "en_US.UTF-8") {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: lang }, cwd });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function plan() {
  const { store, file, dir } = spellingsPlan();
  store.close();
  return { file, dir };
}

describe("matriz institutions", () => {
  it("lists every institution with its action count, and the likely duplicates", async () => {
    const { dir } = plan();
    const { code, out } = await cli(["institutions", "gt-directory.matriz"], dir);
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines).toContain(`${VARIANT}\t\t2 actions · 2 budget lines`);
    expect(lines).toContain("PGN\t\t2 actions · 0 budget lines");
    expect(out).toContain("Likely duplicates");
    expect(out).toContain(`"SBS" · "${VARIANT}" · "${FULL_NAME}"`);
    const es = await cli(["institutions", "gt-directory.matriz"], dir, "es_GT.UTF-8");
    expect(es.out).toContain("SBS\t\t1 acción · 1 línea de presupuesto");
  });

  it("says how institutions come into a plan that has none yet", async () => {
    const dir = tempDir("matriz-empty-dir-");
    expect((await cli(["new", "empty.matriz", "--template", "guatemala"], dir)).code).toBe(0);
    const { code, out } = await cli(["institutions", "empty.matriz"], dir, "es_GT.UTF-8");
    expect(code).toBe(0);
    expect(out).toContain("El plan no tiene instituciones todavía");
  });

  it("prints the directory as JSON", async () => {
    const { dir } = plan();
    const { code, out } = await cli(["institutions", "gt-directory.matriz", "--json"], dir);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.institutions.find((i: { label: string }) => i.label === "SBS")).toMatchObject({ actions: 1, budgetLines: 1 });
    expect(json.suggestions.length).toBeGreaterThan(0);
  });

  it("merges a spelling into another entry, and the plan shows one institution", async () => {
    const { dir } = plan();
    const { code, out } = await cli(["institutions", "gt-directory.matriz", "--merge", VARIANT, "--into", "SBS", "--author", "Secretaría"], dir);
    expect(code).toBe(0);
    expect(out).toBe(`“${VARIANT}” merged into “SBS”: 2 action links, 2 budget lines.`);
    const listed = await cli(["institutions", "gt-directory.matriz"], dir);
    expect(listed.out).toContain("SBS\t\t2 actions · 3 budget lines");
    expect(listed.out).not.toContain(`${VARIANT}\t`);
    const doc = JSON.parse((await cli(["show", "gt-directory.matriz", "--json"], dir)).out);
    const both = doc.pillars[0].needs[0].actions[0];
    expect(both).toMatchObject({ institutions: ["SBS", "PGN"], lead: "SBS" });
  });

  it("renames an entry", async () => {
    const { dir } = plan();
    const { code, out } = await cli(["institutions", "gt-directory.matriz", "--rename", "PGN", "--to", "Procuraduría General de la Nación"], dir, "es_GT.UTF-8");
    expect(code).toBe(0);
    expect(out).toBe("«PGN» ahora se llama «Procuraduría General de la Nación».");
    const doc = JSON.parse((await cli(["show", "gt-directory.matriz", "--json"], dir)).out);
    expect(doc.pillars[0].needs[0].actions[3].institutions).toEqual(["MINEDUC", "Procuraduría General de la Nación"]);
  });

  it("refuses a name not in the plan with one line, and leaves the plan file as it was", async () => {
    const { file, dir } = plan();
    const before = sha256(file);
    for (const args of [
      ["--merge", "Ministry of Magic", "--into", "SBS"],
      ["--merge", VARIANT, "--into", "Ministry of Magic"],
      ["--rename", "Ministry of Magic", "--to", "Ministry of Spells"],
    ]) {
      const result = await cli(["institutions", "gt-directory.matriz", ...args], dir);
      expect(result.code).toBe(1);
      expect(result.out).toBe("");
      expect(result.err).toBe("matriz: There is no institution “Ministry of Magic” in the plan.");
      expect(sha256(file)).toBe(before);
    }
    const onto = await cli(["institutions", "gt-directory.matriz", "--rename", VARIANT, "--to", "SBS"], dir);
    expect(onto.code).toBe(1);
    expect(onto.err).toContain("merge them");
    expect(sha256(file)).toBe(before);
    const half = await cli(["institutions", "gt-directory.matriz", "--merge", VARIANT], dir);
    expect(half.code).toBe(64);
    expect(sha256(file)).toBe(before);
  });
});

describe("matriz returns", () => {
  it("prints what went out, what came back, who imported it and the conflicts open", async () => {
    const { store, dir } = await planWithOpenConflict();
    store.close();
    const { code, out } = await cli(["returns", "gt-directory.matriz"], dir);
    expect(code).toBe(0);
    const variant = out.split("\n").find((l) => l.startsWith(`${VARIANT}\t`))!;
    const today = new Date().toISOString().slice(0, 10);
    expect(variant).toBe(`${VARIANT}\treturned with conflicts\tsent ${today} (variant.xlsx)\treturned ${today} (variant-filled.xlsx), imported by Luis\t1 open conflict`);
    expect(out.split("\n")).toContain("MINEDUC\tnot sent");
    const json = JSON.parse((await cli(["returns", "gt-directory.matriz", "--json"], dir)).out);
    expect(json.find((e: { label: string }) => e.label === VARIANT)).toMatchObject({ status: "conflicts", openConflicts: 1 });
  });
});

describe("national export with conflicts open", () => {
  it("prints a warning line on standard error and still writes the file", async () => {
    const { store, dir } = await planWithOpenConflict();
    store.close();
    const result = await cli(["export", "gt-directory.matriz", "--national", "--format", "hxl", "--out", "plan.csv"], dir);
    expect(result.code).toBe(0);
    expect(result.out).toBe(path.join(dir, "plan.csv"));
    expect(result.err).toBe("matriz: warning: 1 merge conflict is open; the file says so and its figures may change (matriz conflicts lists them).");
    expect(fs.readFileSync(path.join(dir, "plan.csv"), "utf8")).toContain("#status+conflicts+open");
    const clean = plan();
    const quiet = await cli(["export", "gt-directory.matriz", "--national", "--format", "hxl", "--out", "plan.csv"], clean.dir);
    expect(quiet.err).toBe("");
  });
});
