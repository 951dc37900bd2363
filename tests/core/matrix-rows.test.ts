import { describe, expect, it } from "vitest";
import { readDocumentFile } from "../../src/app/plans";
import { matrixRows } from "../../src/domain/matrix-rows";
import { fixturePath } from "../helpers/temp";

const guatemala = readDocumentFile(fixturePath("guatemala"));
const mexico = readDocumentFile(fixturePath("mexico"));

describe("matrix rows", () => {
  it("lists pillars, their needs and actions in order, empty pillars included", () => {
    const rows = matrixRows(guatemala);
    expect(rows.filter((r) => r.type === "pillar")).toHaveLength(4);
    expect(rows.filter((r) => r.type === "need")).toHaveLength(8);
    expect(rows.filter((r) => r.type === "action")).toHaveLength(32);
    expect(rows[0]).toMatchObject({ type: "pillar", actions: 16 });
    expect(rows[1]).toMatchObject({ type: "need" });
    expect((rows[1] as { need: { title: string } }).need.title).toBe("Identify persons in need of international protection");
  });

  it("filters by text without minding accents or case, keeping the needs and pillars of what matches", () => {
    const rows = matrixRows(guatemala, { text: "HUMANITARIAN visa" });
    const actions = rows.filter((r) => r.type === "action");
    expect(actions.length).toBeGreaterThan(0);
    for (const row of actions) expect(JSON.stringify(row).toLowerCase()).toContain("humanitarian");
    expect(rows[0]!.type).toBe("pillar");
    expect(rows.filter((r) => r.type === "need").every((r) => r.type === "need" && r.actions > 0)).toBe(true);
  });

  it("filters by institution, pillar, commitment and year", () => {
    const byInstitution = matrixRows(guatemala, { institution: "MINEX" }).filter((r) => r.type === "action");
    expect(byInstitution.length).toBeGreaterThan(0);
    expect(byInstitution.every((r) => r.type === "action" && r.action.institutions.includes("MINEX"))).toBe(true);

    const pillar4 = matrixRows(guatemala, { pillar: 4 });
    expect(pillar4.filter((r) => r.type === "pillar").map((r) => r.pillar.number)).toEqual([4]);

    const withCommitment = matrixRows(mexico, { commitment: "San Jose Action Statement" }).filter((r) => r.type === "action");
    expect(withCommitment.length).toBeGreaterThan(0);

    const doc = structuredClone(mexico);
    doc.pillars[0]!.needs[0]!.actions[0]!.schedule_years = [2019];
    const in2019 = matrixRows(doc, { year: 2019 }).filter((r) => r.type === "action");
    expect(in2019).toHaveLength(1);
  });

  it("shows nothing when nothing matches", () => {
    expect(matrixRows(guatemala, { text: "zzzz-no-such-word" })).toEqual([]);
  });
});
