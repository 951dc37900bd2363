import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp";
import { close, exchange, firstAction, laptops, tables } from "./helpers";

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
    expect(tables(a.store)).toEqual(tables(b.store));
    close(a, b);
  });
});
