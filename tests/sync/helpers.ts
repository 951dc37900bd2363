import fs from "node:fs";
import path from "node:path";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { PlanEditor } from "../../src/storage/edits";
import { PlanStore } from "../../src/storage/plan-store";
import { ENTITIES } from "../../src/storage/entities";
import { SharedPlan } from "../../src/sync/engine";
import { fixturePath } from "../helpers/temp";

export interface Laptop {
  name: string;
  store: PlanStore;
  shared: SharedPlan;
  editor: PlanEditor;
  device: { id: string; name: string };
}

/** A plan made from a 2017 example, copied to `names.length` laptops before anyone shares it. */
export function laptops<const N extends readonly string[]>(dir: string, names: N, example = "guatemala"): { [K in keyof N]: Laptop } {
  const original = path.join(dir, "original.matriz");
  createPlanFromDocument(original, readDocumentFile(fixturePath(example)), { author: "secretariat", source: "example" }).close();
  return names.map((name) => {
    const file = path.join(dir, `${name}.matriz`);
    fs.copyFileSync(original, file);
    return openLaptop(file, name);
  }) as { [K in keyof N]: Laptop };
}

export function openLaptop(file: string, name: string, author = name): Laptop {
  const device = { id: `device-${name}`, name: `Laptop ${name}` };
  const store = PlanStore.open(file, { device });
  const shared = SharedPlan.attach(store.db, { author: () => author, device });
  const editor = new PlanEditor(store, (label) => ({ author, source: "typed", label }));
  return { name, store, shared, editor, device };
}

/** Both laptops send each other what the other lacks. */
export function exchange(a: Laptop, b: Laptop) {
  const toB = b.shared.applyRemote(a.shared.diff(b.shared.stateVector()));
  const toA = a.shared.applyRemote(b.shared.diff(a.shared.stateVector()));
  return { toA, toB };
}

/** Every table's rows, sorted: two laptops that converged print the same. */
export function tables(store: PlanStore): Record<string, unknown[]> {
  return Object.fromEntries(ENTITIES.map((e) => [e, store.db.prepare(`SELECT * FROM ${e} ORDER BY id`).all()]));
}

export function close(...list: Laptop[]) {
  for (const l of list) {
    l.shared.close();
    l.store.close();
  }
}

export function firstAction(store: PlanStore): { id: string; need_id: string; text: string } {
  return store.db.prepare("SELECT a.id, a.need_id, a.text FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id ORDER BY p.position, n.position, a.position LIMIT 1").get() as any;
}
