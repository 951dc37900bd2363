import { describe, expect, it } from "vitest";
import { rowHistory } from "../../src/storage/history";
import { tempDir } from "../helpers/temp";
import { close, exchange, firstAction, laptops, tables, type Laptop } from "./helpers";

describe("the shared plan between two laptops", () => {
  it("carries an edit to the other laptop with who typed it, when and on which laptop", () => {
    const [a, b] = laptops(tempDir(), ["a", "b"]);
    const action = firstAction(a.store);
    a.editor.setActionText(action.id, "Capacitar a delegados de migración (editado en A)");
    const { toB } = exchange(a, b);
    expect(toB.refused).toEqual([]);
    expect(b.store.db.prepare("SELECT text FROM action WHERE id = ?").get(action.id)).toEqual({ text: "Capacitar a delegados de migración (editado en A)" });
    const history = b.store.db
      .prepare("SELECT s.author, s.device, d.name FROM change c JOIN change_set s ON s.id = c.change_set_id LEFT JOIN device d ON d.id = s.device WHERE c.entity_id = ? ORDER BY c.id DESC LIMIT 1")
      .get(action.id);
    expect(history).toEqual({ author: "a", device: "device-a", name: "Laptop a" });
    // History, as the app shows it, says on which laptop.
    expect(rowHistory(b.store.db, "action", action.id)[0]).toMatchObject({ author: "a", device: "Laptop a", field: "text" });
    expect(tables(a.store)).toEqual(tables(b.store));
    close(a, b);
  });
});

function conflicts(l: Laptop) {
  return l.store.db.prepare("SELECT entity, entity_id, field, kind, kept_value, other_value, kept_by, other_by, status FROM sync_conflict ORDER BY id").all() as Array<Record<string, any>>;
}

describe("edits made at the same time on two laptops", () => {
  it("two values in one short cell: both laptops keep the same one and list the other as a conflict", () => {
    const [a, b] = laptops(tempDir(), ["a", "b"]);
    const action = firstAction(a.store);
    a.editor.setActionStatus(action.id, "done");
    b.editor.setActionStatus(action.id, "delayed");
    exchange(a, b);
    const statusA = (a.store.db.prepare("SELECT status FROM action WHERE id = ?").get(action.id) as any).status;
    expect(b.store.db.prepare("SELECT status FROM action WHERE id = ?").get(action.id)).toEqual({ status: statusA });
    for (const laptop of [a, b]) {
      const list = conflicts(laptop);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ entity: "action", entity_id: action.id, field: "status", kind: "both_changed", status: "open" });
      const values = [JSON.parse(list[0]!.kept_value), JSON.parse(list[0]!.other_value)].sort();
      expect(values).toEqual(["delayed", "done"]);
      expect(JSON.parse(list[0]!.kept_value)).toBe(statusA);
      const authors = [JSON.parse(list[0]!.kept_by).author, JSON.parse(list[0]!.other_by).author].sort();
      expect(authors).toEqual(["a", "b"]);
    }
    expect(tables(a.store)).toEqual(tables(b.store));
    close(a, b);
  });

  it("a value overwritten by someone who had seen it is no conflict", () => {
    const [a, b] = laptops(tempDir(), ["a", "b"]);
    const action = firstAction(a.store);
    a.editor.setActionStatus(action.id, "done");
    exchange(a, b);
    b.editor.setActionStatus(action.id, "delayed");
    exchange(a, b);
    expect(a.store.db.prepare("SELECT status FROM action WHERE id = ?").get(action.id)).toEqual({ status: "delayed" });
    expect(conflicts(a)).toEqual([]);
    expect(conflicts(b)).toEqual([]);
    close(a, b);
  });

  it("two edits in one long text merge word by word", () => {
    const [a, b] = laptops(tempDir(), ["a", "b"]);
    const action = firstAction(a.store);
    a.editor.setActionText(action.id, `URGENTE: ${action.text}`);
    b.editor.setActionText(action.id, `${action.text} (con apoyo de ACNUR)`);
    exchange(a, b);
    const expected = `URGENTE: ${action.text} (con apoyo de ACNUR)`;
    for (const l of [a, b]) expect(l.store.db.prepare("SELECT text FROM action WHERE id = ?").get(action.id)).toEqual({ text: expected });
    expect(conflicts(a)).toEqual([]);
    close(a, b);
  });

  it("moving an action while another laptop edits its text keeps both", () => {
    const [a, b] = laptops(tempDir(), ["a", "b"]);
    const action = firstAction(a.store);
    const otherNeed = (a.store.db.prepare("SELECT id FROM need WHERE id <> ? ORDER BY position DESC LIMIT 1").get(action.need_id) as any).id;
    a.editor.moveTo("action", action.id, otherNeed, null);
    b.editor.setActionText(action.id, "Texto nuevo escrito en B");
    exchange(a, b);
    for (const l of [a, b]) expect(l.store.db.prepare("SELECT need_id, text FROM action WHERE id = ?").get(action.id)).toEqual({ need_id: otherNeed, text: "Texto nuevo escrito en B" });
    expect(tables(a.store)).toEqual(tables(b.store));
    close(a, b);
  });

  it("deleting an action another laptop was editing: it goes, and the edit waits in the conflicts", () => {
    const [a, b] = laptops(tempDir(), ["a", "b"]);
    const action = firstAction(a.store);
    a.editor.delete("action", action.id);
    b.editor.setActionText(action.id, "Edición que A no vio");
    exchange(a, b);
    for (const l of [a, b]) {
      expect(l.store.db.prepare("SELECT id FROM action WHERE id = ?").get(action.id)).toBeUndefined();
      const list = conflicts(l).filter((c) => c.kind === "edit_vs_delete");
      expect(list).toHaveLength(1);
      expect(JSON.parse(list[0]!.other_value).text).toBe("Edición que A no vio");
    }
    expect(tables(a.store)).toEqual(tables(b.store));
    close(a, b);
  });
});

describe("an update that would break the plan", () => {
  it("is refused by the host, which leaves its plan as it was and puts the laptop back", async () => {
    const { cellKey } = await import("../../src/sync/shape");
    const [host, laptop] = laptops(tempDir(), ["host", "laptop"]);
    const line = host.store.db.prepare("SELECT id, currency FROM budget_line LIMIT 1").get() as { id: string; currency: string } | undefined;
    const action = firstAction(host.store);
    const before = tables(host.store);
    // A laptop that bypassed the contract: a status no one can type, straight into the document.
    const start = laptop.shared.stateVector();
    laptop.shared.doc.transact(() => laptop.shared.doc.getMap("action").set(cellKey(action.id, "status"), "finished-maybe"), "rogue");
    const rogue = laptop.shared.diff(start);
    const report = host.shared.applyRemote(rogue, { authoritative: true });
    expect(report.refused).toEqual([expect.objectContaining({ entity: "action", id: action.id, reason: "invalid" })]);
    expect(report.refused[0]!.detail).toContain("status");
    expect(tables(host.store)).toEqual(before);
    expect(report.compensation).not.toBeNull();
    const refusedList = conflicts(host).filter((c) => c.kind === "refused");
    expect(refusedList).toHaveLength(1);
    // The laptop gets the host's correction and its document reads the plan again.
    laptop.shared.applyRemote(report.compensation!);
    const { readField } = await import("../../src/sync/shape");
    expect(readField(laptop.shared.doc.getMap("action"), action.id, "status")).toBe("planned");
    expect(tables(laptop.store)).toEqual(before);
    void line;
    close(host, laptop);
  });
});

describe("the update log", () => {
  it("compacts to one snapshot without mirroring any change set twice", async () => {
    const { openLaptop } = await import("./helpers");
    const [a] = laptops(tempDir(), ["a"]);
    const action = firstAction(a.store);
    a.editor.setActionText(action.id, "Primera");
    a.editor.setActionText(action.id, "Segunda");
    const compacted = a.shared.compact();
    expect(compacted.rowsBefore).toBeGreaterThan(2);
    expect(a.store.db.prepare("SELECT count(*) AS n, max(kind) AS kind FROM sync_update").get()).toEqual({ n: 1, kind: "snapshot" });
    const file = a.store.path;
    close(a);
    // Reopened: nothing to catch up, the text as it was.
    const again = openLaptop(file, "a");
    expect(again.store.db.prepare("SELECT count(*) AS n FROM sync_update").get()).toEqual({ n: 1 });
    expect(again.shared.diff().byteLength).toBeGreaterThan(0);
    const { readField } = await import("../../src/sync/shape");
    expect(readField(again.shared.doc.getMap("action"), action.id, "text")).toBe("Segunda");
    close(again);
  });
});
