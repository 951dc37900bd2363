/**
 * The process a power cut interrupts. It works on a plan kept on LazyFS and
 * writes "ack <what>" on stdout, synchronously, each time an operation has
 * returned: what the app would have shown as saved. The test kills it at a
 * random moment, cuts the power and checks that everything acknowledged is there.
 *
 *   worker edits   <plan>
 *   worker imports <plan> <returned.xlsx>...
 *   worker exports <plan> <folder> <institution>...
 *   worker upgrade <plan>                       (an older plan: upgraded on opening, then edited)
 *
 * Bounded: at most 5,000 operations or 30 seconds, then it ends by itself.
 */
import fs from "node:fs";
import path from "node:path";
import { exportNational } from "../../src/app/exports";
import { importReturnedFile } from "../../src/spreadsheet/apply";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { PlanEditor } from "../../src/storage/edits";
import { PlanStore } from "../../src/storage/plan-store";

const MAX_OPERATIONS = 5000;
const deadline = Date.now() + 30_000;
const say = (line: string) => fs.writeSync(1, `${line}\n`);
const going = (n: number) => n <= MAX_OPERATIONS && Date.now() < deadline;

function editForever(store: PlanStore): void {
  const editor = new PlanEditor(store, (label) => ({ author: "power-test", source: "typed", label }));
  const ids = (store.db.prepare("SELECT id FROM action ORDER BY rowid").all() as Array<{ id: string }>).map((r) => r.id);
  for (let n = 1; going(n); n++) {
    editor.setActionText(ids[n % ids.length]!, `edición ${n}`);
    say(`ack edit ${n}`);
  }
}

const [scenario, plan, ...rest] = process.argv.slice(2);
if (!scenario || !plan) throw new Error("usage: worker <scenario> <plan> …");
say("start");
switch (scenario) {
  case "edits":
    editForever(PlanStore.open(plan));
    break;
  case "upgrade": {
    const store = PlanStore.open(plan);
    say(`ack upgraded ${store.info().upgradedFrom}`);
    editForever(store);
    break;
  }
  case "imports": {
    const store = PlanStore.open(plan);
    for (const file of rest) {
      importReturnedFile(store.db, file, { author: "power-test", language: "es" });
      say(`ack import ${path.basename(file)}`);
    }
    // Then idle edits, so a cut can also land after the last import.
    editForever(store);
    break;
  }
  case "exports": {
    const [folder, ...institutions] = rest;
    const store = PlanStore.open(plan);
    const doc = store.document();
    for (let n = 1; going(n); n++) {
      const institution = institutions[n % institutions.length]!;
      await exportFinanceWorkbook(store.db, path.join(folder!, `finanzas-${n}.xlsx`), { institution, language: "es" });
      say(`ack finance finanzas-${n}.xlsx`);
      await exportNational(doc, path.join(folder!, `hxl-${n}.csv`), { format: "hxl", language: "es", locale: "es-GT" });
      say(`ack hxl hxl-${n}.csv`);
    }
    break;
  }
  default:
    throw new Error(`unknown scenario ${scenario}`);
}
