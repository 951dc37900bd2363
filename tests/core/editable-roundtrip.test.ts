/**
 * What the app now edits survives the JSON round trip (`new --from-json`, then
 * `show --json`): rounds with place and attendance, the plan's own columns with
 * their kind, choices and workbook access and the actions' values in them, and
 * the overarching recommendations with their ids.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";
import { fixturePath, subsetDifferences, tempDir } from "../helpers/temp";

async function cli(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: "en_US.UTF-8" }, cwd });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("a plan with everything the app edits, through a plan file and back", () => {
  it("keeps rounds, own columns, their values and the overarching recommendations, unchanged", async () => {
    const dir = tempDir();
    const doc = JSON.parse(fs.readFileSync(fixturePath("belize"), "utf8"));
    doc.title = "Plan nacional de Belice";
    doc.custom_columns = [
      { key: "priority", heading_es: "Prioridad", heading_en: "Priority", kind: "list", options: ["High", "Low"], open: true },
      { key: "approval_date", heading_es: "Fecha de aprobación", heading_en: "Approval date", kind: "date", options: [], open: false },
    ];
    doc.pillars[0].needs[0].actions[0].custom = { priority: "High", approval_date: "2018-03-31" };
    doc.consultation_rounds = [
      {
        number: 1,
        date: "2017-09-05",
        place: "Belmopan",
        participants: "Government, UN and civil society",
        attendance: [
          { name: "Refugees Department", kind: "institution", total: 4, women: 3, men: 1 },
          { name: "Civil society", kind: "sector", total: 9, women: null, men: null },
        ],
        objectives: "Stocktaking",
        progress: "Recommendations agreed",
      },
    ];
    fs.writeFileSync(path.join(dir, "in.json"), JSON.stringify(doc));
    expect(await cli(["new", "a.matriz", "--from-json", "in.json"], dir)).toMatchObject({ code: 0, err: "" });
    const shown = JSON.parse((await cli(["show", "a.matriz", "--json"], dir)).out);
    expect(subsetDifferences(shown, doc)).toEqual([]);
    expect(shown.overarching_recommendations.every((r: { id?: string }) => r.id)).toBe(true);

    // Printed and loaded again: the same plan, ids included.
    fs.writeFileSync(path.join(dir, "a.json"), JSON.stringify(shown));
    expect((await cli(["new", "b.matriz", "--from-json", "a.json"], dir)).code).toBe(0);
    const { revision: _a, ...first } = shown;
    const { revision: _b, ...second } = JSON.parse((await cli(["show", "b.matriz", "--json"], dir)).out);
    expect(second).toEqual(first);
  });

  it("refuses a value that is not one of a list column's choices, naming where", async () => {
    const dir = tempDir();
    const doc = JSON.parse(fs.readFileSync(fixturePath("guatemala"), "utf8"));
    doc.custom_columns = [{ key: "priority", heading_es: "Prioridad", heading_en: "Priority", kind: "list", options: ["Alta"] }];
    doc.pillars[0].needs[0].actions[0].custom = { priority: "Urgente" };
    fs.writeFileSync(path.join(dir, "in.json"), JSON.stringify(doc));
    const made = await cli(["new", "a.matriz", "--from-json", "in.json"], dir);
    expect(made.code).not.toBe(0);
    expect(made.err).toContain("pillars[0].needs[0].actions[0].custom.priority");
    expect(fs.existsSync(path.join(dir, "a.matriz"))).toBe(false);
  });
});
