/**
 * Test helper run as a child process: edits a plan in a loop and prints
 * "saved <n>" after each edit is committed, until it is killed.
 */
import { PlanEditor } from "../../src/storage/edits";
import { PlanStore } from "../../src/storage/plan-store";

const [file] = process.argv.slice(2);
const store = PlanStore.open(file!);
const editor = new PlanEditor(store, (label) => ({ author: "crash-test", source: "typed", label }));
const actions = (store.db.prepare("SELECT id FROM action ORDER BY position").all() as Array<{ id: string }>).map((r) => r.id);
for (let n = 1; ; n++) {
  editor.setActionText(actions[n % actions.length]!, `edición ${n}`);
  process.stdout.write(`saved ${n}\n`);
}
