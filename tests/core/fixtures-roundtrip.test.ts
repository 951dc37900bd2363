import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";
import { planDocumentSchema } from "../../src/domain/document";
import { FIXTURE_IDS, fixturePath, subsetDifferences, tempDir } from "../helpers/temp";

async function cli(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: "en_US.UTF-8" }, cwd });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe.each(FIXTURE_IDS)("the %s fixture through a plan file and back", (id) => {
  it("gives back every field it had, unchanged", async () => {
    const dir = tempDir();
    const fixture = JSON.parse(fs.readFileSync(fixturePath(id), "utf8"));
    const created = await cli(["new", "plan.matriz", "--from-json", fixturePath(id)], dir);
    expect(created.err).toBe("");
    expect(created.code).toBe(0);

    const shown = await cli(["show", "plan.matriz", "--json"], dir);
    expect(shown.code).toBe(0);
    const doc = JSON.parse(shown.out);
    expect(subsetDifferences(doc, fixture)).toEqual([]);

    // What show prints is itself a valid plan document, with ids on every row.
    expect(planDocumentSchema.safeParse(doc).success).toBe(true);
    for (const pillar of doc.pillars) {
      expect(pillar.id).toBeTruthy();
      for (const need of pillar.needs) for (const action of need.actions) expect(action.id).toBeTruthy();
    }
  });

  it("loads the printed document again into an identical plan", async () => {
    const dir = tempDir();
    await cli(["new", "a.matriz", "--from-json", fixturePath(id)], dir);
    const first = (await cli(["show", "a.matriz", "--json"], dir)).out;
    fs.writeFileSync(path.join(dir, "a.json"), first);
    expect((await cli(["new", "b.matriz", "--from-json", "a.json"], dir)).code).toBe(0);
    const second = JSON.parse((await cli(["show", "b.matriz", "--json"], dir)).out);
    const { revision: _r1, ...a } = JSON.parse(first);
    const { revision: _r2, ...b } = second;
    expect(b).toEqual(a);
  });
});
