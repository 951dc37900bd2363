import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { readChanges, revertChangeSet } from "../../src/storage/change-log";
import { PlanStore } from "../../src/storage/plan-store";
import { fixturePath, tempDir } from "../helpers/temp";

function openGuatemala(): PlanStore {
  const file = path.join(tempDir(), "gt.matriz");
  return createPlanFromDocument(file, readDocumentFile(fixturePath("guatemala")), { author: "Secretaría", source: "example" }, { language: "en" });
}

describe("change log", () => {
  it("records the creation of a plan from an example, with who and where it came from", () => {
    const store = openGuatemala();
    const sets = store.db.prepare("SELECT * FROM change_set").all() as Array<Record<string, unknown>>;
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({ author: "Secretaría", source: "example" });
    const inserted = store.db.prepare("SELECT count(*) AS n FROM change WHERE op = 'insert' AND entity = 'action'").get() as { n: number };
    expect(inserted.n).toBe(32);
    store.close();
  });

  it("records an edit with entity, field, old and new value, author, round and source", () => {
    const store = openGuatemala();
    const action = store.document().pillars[0]!.needs[0]!.actions[0]!;
    const roundId = store.change({ author: "Ana", source: "typed", label: "add round" }, (w) => {
      w.insert("consultation_round", { id: "round-7", number: 7, date: "2017-10-18", participants: "CONARE", objectives: null, progress: null });
      return "round-7";
    });
    store.change({ author: "Ana", source: "typed", label: "edit action", roundId }, (w) => {
      w.update("action", action.id!, "text", "Fortalecer la capacidad institucional");
    });
    const last = store.db.prepare("SELECT * FROM change_set ORDER BY id DESC LIMIT 1").get() as { id: number };
    const [change] = readChanges(store.db, last.id);
    expect(change).toMatchObject({ entity: "action", entityId: action.id, op: "update", field: "text", oldValue: action.text, newValue: "Fortalecer la capacidad institucional" });
    expect(store.db.prepare("SELECT author, round_id, source FROM change_set WHERE id = ?").get(last.id)).toEqual({
      author: "Ana",
      round_id: "round-7",
      source: "typed",
    });
    store.close();
  });

  it("an edit that changes nothing leaves no entry", () => {
    const store = openGuatemala();
    const action = store.document().pillars[0]!.needs[0]!.actions[0]!;
    const before = store.revision();
    store.change({ author: "Ana", source: "typed", label: "no-op" }, (w) => w.update("action", action.id!, "text", action.text));
    expect(store.revision()).toBe(before);
    store.close();
  });

  it("a failed edit writes nothing at all", () => {
    const store = openGuatemala();
    const before = store.document();
    const action = before.pillars[0]!.needs[0]!.actions[0]!;
    expect(() =>
      store.change({ author: "Ana", source: "typed", label: "bad" }, (w) => {
        w.update("action", action.id!, "text", "half-done");
        w.update("action", "no-such-action", "text", "boom");
      }),
    ).toThrow();
    expect(store.document()).toEqual(before);
    store.close();
  });

  it("can revert a change set, including deleted rows, as a new change set", () => {
    const store = openGuatemala();
    const before = store.document();
    const need = before.pillars[0]!.needs[0]!;
    const setId = store.change({ author: "Ana", source: "typed", label: "delete need" }, (w) => {
      for (const action of need.actions) {
        const links = store.db.prepare("SELECT id FROM action_institution WHERE action_id = ?").all(action.id) as Array<{ id: string }>;
        for (const link of links) w.remove("action_institution", link.id);
        w.remove("action", action.id!);
      }
      w.remove("need", need.id!);
      return w.changeSetId;
    });
    expect(store.document().pillars[0]!.needs).toHaveLength(before.pillars[0]!.needs.length - 1);
    const undoId = revertChangeSet(store.db, setId, { author: "Ana", source: "undo", label: "undo delete need" });
    const after = store.document();
    expect(after.pillars).toEqual(before.pillars);
    expect(store.db.prepare("SELECT reverts FROM change_set WHERE id = ?").get(undoId)).toEqual({ reverts: setId });
    store.close();
  });
});
