import { describe, expect, it } from "vitest";
import { decodeChangeLabel } from "../../src/domain/change-labels";
import { historyState, redo, undo } from "../../src/storage/history";
import { listSyncConflicts, resolveSyncConflicts } from "../../src/sync/conflicts";
import { tempDir } from "../helpers/temp";
import { close, exchange, laptops, tables, type Laptop } from "./helpers";

describe("undo with several people on one plan", () => {
  it("undoes my edit, not yours, and my undo reaches you as an ordinary edit", () => {
    const [a, b] = laptops(tempDir(), ["a", "b"]);
    const [first, second] = a.store.db.prepare("SELECT id, text FROM action ORDER BY id LIMIT 2").all() as Array<{ id: string; text: string }>;
    a.editor.setActionText(first!.id, "Editado por Ana");
    exchange(a, b);
    b.editor.setActionText(second!.id, "Editado por Beto");
    exchange(a, b);
    // Ana's laptop now also holds Beto's edit, which is newer; her undo still takes back her own.
    expect(historyState(a.store.db, "a").undo?.label).toBe("action text");
    expect(undo(a.store.db, { author: "a" })).not.toBeNull();
    const text = (l: typeof a, id: string) => (l.store.db.prepare("SELECT text FROM action WHERE id = ?").get(id) as { text: string }).text;
    expect(text(a, first!.id)).toBe(first!.text);
    expect(text(a, second!.id)).toBe("Editado por Beto");
    exchange(a, b);
    expect(text(b, first!.id)).toBe(first!.text);
    expect(b.store.db.prepare("SELECT author, source, device FROM change_set ORDER BY id DESC LIMIT 1").get()).toEqual({ author: "a", source: "undo", device: "device-a" });
    // Beto's stack holds only his edit.
    expect(historyState(b.store.db, "b").undo?.label).toBe("action text");
    expect(tables(a.store)).toEqual(tables(b.store));
    close(a, b);
  });

  it("does not take back a value someone else typed over mine since", () => {
    const [a, b] = laptops(tempDir(), ["a", "b"]);
    const action = a.store.db.prepare("SELECT id FROM action ORDER BY id LIMIT 1").get() as { id: string };
    a.editor.setActionStatus(action.id, "done");
    exchange(a, b);
    b.editor.setActionStatus(action.id, "delayed");
    exchange(a, b);
    undo(a.store.db, { author: "a" });
    expect(a.store.db.prepare("SELECT status FROM action WHERE id = ?").get(action.id)).toEqual({ status: "delayed" });
    close(a, b);
  });
});

describe("undoing the resolution of a live conflict", () => {
  const conflictOf = (l: Laptop, id: string) => l.store.db.prepare("SELECT status, resolution FROM sync_conflict WHERE id = ?").get(id);
  const statusOf = (l: Laptop, id: string) => (l.store.db.prepare("SELECT status FROM action WHERE id = ?").get(id) as { status: string }).status;

  it("reopens the conflict with the plan's value back on every laptop, and redo resolves it again everywhere", () => {
    const [a, b] = laptops(tempDir(), ["a", "b"]);
    const action = a.store.db.prepare("SELECT id FROM action ORDER BY id LIMIT 1").get() as { id: string };
    a.editor.setActionStatus(action.id, "done");
    b.editor.setActionStatus(action.id, "delayed");
    exchange(a, b);
    const conflict = listSyncConflicts(a.store.db)[0]!;
    const kept = conflict.plan as string;
    const other = conflict.returned as string;
    expect([kept, other].sort()).toEqual(["delayed", "done"]);

    // Ana takes the other laptop's value: one step of her undo, said in words.
    resolveSyncConflicts(a.store.db, [conflict.id], "returned", { author: "a", device: a.device });
    expect(decodeChangeLabel(historyState(a.store.db, "a").undo!.label)).toEqual({ label: "conflicts.resolve", count: "1", take: "returned", origin: "live" });
    exchange(a, b);
    for (const l of [a, b]) {
      expect(statusOf(l, action.id)).toBe(other);
      expect(conflictOf(l, conflict.id)).toEqual({ status: "resolved", resolution: "other" });
    }

    // Her Ctrl+Z: the value the plan kept is back and the conflict waits again, here and on Beto's laptop.
    expect(undo(a.store.db, { author: "a" })).not.toBeNull();
    expect(conflictOf(a, conflict.id)).toEqual({ status: "open", resolution: null });
    exchange(a, b);
    for (const l of [a, b]) {
      expect(statusOf(l, action.id)).toBe(kept);
      expect(conflictOf(l, conflict.id)).toEqual({ status: "open", resolution: null });
    }

    // Ctrl+Y: resolved again, everywhere.
    expect(redo(a.store.db, { author: "a" })).not.toBeNull();
    exchange(a, b);
    for (const l of [a, b]) {
      expect(statusOf(l, action.id)).toBe(other);
      expect(conflictOf(l, conflict.id)).toEqual({ status: "resolved", resolution: "other" });
    }
    expect(tables(a.store)).toEqual(tables(b.store));
    close(a, b);
  });

  it("keeping the plan's value changes no cell, yet is a step of undo that reopens the conflict", () => {
    const [a, b] = laptops(tempDir(), ["a", "b"]);
    const action = a.store.db.prepare("SELECT id FROM action ORDER BY id LIMIT 1").get() as { id: string };
    a.editor.setActionStatus(action.id, "done");
    b.editor.setActionStatus(action.id, "delayed");
    exchange(a, b);
    const [conflict] = listSyncConflicts(b.store.db);
    resolveSyncConflicts(b.store.db, [conflict!.id], "plan", { author: "b", device: b.device });
    exchange(a, b);
    expect(conflictOf(a, conflict!.id)).toEqual({ status: "resolved", resolution: "kept" });
    // Ana has nothing of hers to undo there; Beto's undo reopens it on both laptops.
    expect(historyState(a.store.db, "a").undo?.label).not.toContain("conflicts.resolve");
    undo(b.store.db, { author: "b" });
    exchange(a, b);
    for (const l of [a, b]) expect(conflictOf(l, conflict!.id)).toEqual({ status: "open", resolution: null });
    close(a, b);
  });
});
