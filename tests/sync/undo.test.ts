import { describe, expect, it } from "vitest";
import { historyState, undo } from "../../src/storage/history";
import { tempDir } from "../helpers/temp";
import { close, exchange, laptops, tables } from "./helpers";

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
