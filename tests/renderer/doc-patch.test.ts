/**
 * The renderer's immutable patches of the cached grid: only the path to what
 * changed is copied, and a delta from the core is folded in, or refused (null)
 * when it names a row the cache does not have.
 */
import { describe, expect, it } from "vitest";
import type { GridAction, GridDelta, GridDocument } from "../../src/domain/grid";
import * as patch from "../../renderer/doc-patch";

const action = (id: string, text = id): GridAction => ({ ...patch.blankAction(id, text) });

function doc(): GridDocument {
  return {
    country: "Guatemala",
    iso3: "GTM",
    columns: [],
    stocktaking: [],
    gaps: [],
    acronyms: {},
    revision: 10,
    pillars: [
      {
        id: "p1",
        number: 1,
        title: "Uno",
        needs: [
          { id: "n1", profile: null, title: "N1", actions: [action("a1"), action("a2"), action("a3")] },
          { id: "n2", profile: null, title: "N2", actions: [action("a4")] },
        ],
      },
      { id: "p2", number: 2, title: "Dos", needs: [{ id: "n3", profile: null, title: "N3", actions: [action("a5")] }] },
    ],
  };
}

const delta = (over: Partial<GridDelta>): GridDelta => ({ from: 10, revision: 11, full: false, pillars: [], needs: [], actions: [], budgetLines: {}, ...over });
const ids = (d: GridDocument) => d.pillars.map((p) => `${p.id}:` + p.needs.map((n) => `${n.id}(${n.actions.map((a) => a.id).join(",")})`).join(" "));

describe("doc-patch", () => {
  it("takes in the plan's sections whole, keeping every row as it was", () => {
    const before = { ...doc(), title: "Antes", overarching_recommendations: [{ id: "r1", text: "R1", institutions: [], lead: null, schedule: null, commitments: [] }] };
    const sections = {
      title: "Después",
      period: { start: 2019, end: 2021 },
      base_currency: "USD",
      stocktaking: [{ id: "s1", pillar: 1, commitments: [], supervisors: null, activity: "Mesa técnica" }],
      gaps: ["Albergues"],
      gap_records: [{ id: "g1", pillar: 2, text: "Albergues" }],
      custom_columns: [{ id: "c1", key: "priority", heading_es: "Prioridad", heading_en: "Priority", kind: "list" as const, options: ["Alta"], open: true }],
    };
    const after = patch.applyGridDelta(before, delta({ sections }))!;
    expect(after).toMatchObject(sections);
    expect(after.revision).toBe(11);
    // The last recommendation was removed: the sections came without the list.
    expect(after.overarching_recommendations).toBeUndefined();
    expect(after.pillars).toBe(before.pillars);
  });

  it("copies only the path to an updated action", () => {
    const before = doc();
    const after = patch.updateAction(before, "a2", (a) => ({ ...a, text: "dos" }));
    expect(after.pillars[0]!.needs[0]!.actions[1]!.text).toBe("dos");
    expect(before.pillars[0]!.needs[0]!.actions[1]!.text).toBe("a2");
    expect(after.pillars[0]!.needs[0]!.actions[0]).toBe(before.pillars[0]!.needs[0]!.actions[0]);
    expect(after.pillars[0]!.needs[1]).toBe(before.pillars[0]!.needs[1]);
    expect(after.pillars[1]).toBe(before.pillars[1]);
    expect(patch.updateAction(before, "nope", (a) => a)).toBe(before);
  });

  it("places inserted rows before, after, at the start and at the end, and renames temporary ids", () => {
    let d = doc();
    d = patch.insertAction(d, "n1", { before: "a2" }, action("b"));
    d = patch.insertAction(d, "n1", { after: "a3" }, action("c"));
    d = patch.insertAction(d, "n2", { start: true }, action("s"));
    d = patch.insertAction(d, "n3", { end: true }, action("e"));
    d = patch.insertNeed(d, "p2", { start: true }, { id: "tmp-1", profile: null, title: "Nueva", actions: [] });
    expect(ids(d)).toEqual(["p1:n1(a1,b,a2,a3,c) n2(s,a4)", "p2:tmp-1() n3(a5,e)"]);
    d = patch.renameRow(d, "tmp-1", "n9");
    d = patch.renameRow(d, "c", "c2");
    expect(ids(d)).toEqual(["p1:n1(a1,b,a2,a3,c2) n2(s,a4)", "p2:n9() n3(a5,e)"]);
  });

  it("applies a delta that moves an action across needs and rewrites another, keeping untouched rows", () => {
    const before = doc();
    const moved = delta({
      needs: [
        { id: "n1", profile: null, title: "N1", actionIds: ["a1", "a3"] },
        { id: "n3", profile: null, title: "N3 cambiada", actionIds: ["a2", "a5"] },
      ],
      actions: [{ ...action("a4"), id: "a4", text: "cuatro" }],
    });
    const after = patch.applyGridDelta(before, moved)!;
    expect(ids(after)).toEqual(["p1:n1(a1,a3) n2(a4)", "p2:n3(a2,a5)"]);
    expect(after.pillars[1]!.needs[0]!.title).toBe("N3 cambiada");
    expect(after.pillars[0]!.needs[1]!.actions[0]!.text).toBe("cuatro");
    expect(after.pillars[1]!.needs[0]!.actions[0]).toBe(before.pillars[0]!.needs[0]!.actions[1]);
    expect(after.revision).toBe(11);
  });

  it("applies a delta that reorders and removes needs in a pillar and adds actions", () => {
    const after = patch.applyGridDelta(
      doc(),
      delta({
        pillars: [{ id: "p1", number: 1, title: "Uno", needIds: ["n2", "n4"] }],
        needs: [{ id: "n4", profile: null, title: "N4", actionIds: ["x1", "x2"] }],
        actions: [
          { ...action("x1"), id: "x1" },
          { ...action("x2"), id: "x2" },
        ],
      }),
    )!;
    expect(ids(after)).toEqual(["p1:n2(a4) n4(x1,x2)", "p2:n3(a5)"]);
  });

  it("refuses a delta naming rows it does not have, or a full one", () => {
    expect(patch.applyGridDelta(doc(), delta({ needs: [{ id: "n1", profile: null, title: "N1", actionIds: ["a1", "zz"] }] }))).toBeNull();
    expect(patch.applyGridDelta(doc(), delta({ pillars: [{ id: "p1", number: 1, title: "Uno", needIds: ["n1", "nn"] }] }))).toBeNull();
    expect(patch.applyGridDelta(doc(), delta({ full: true }))).toBeNull();
  });

  it("counts pillars, needs and actions", () => {
    expect(patch.countRows(doc())).toEqual({ pillars: 2, needs: 3, actions: 5 });
  });
});
