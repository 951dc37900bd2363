/**
 * Exports one institution's finance workbook to the same file over and over
 * (at most `count` times), printing "exported <n>" after each, until killed.
 * With KILL_AT=before-rename or KILL_AT=after-rename it kills itself (SIGKILL)
 * at that moment of the first export: the moments a crash hurts most.
 */
import fs from "node:fs";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { PlanStore } from "../../src/storage/plan-store";

const [planFile, out, count = "200"] = process.argv.slice(2);
const store = PlanStore.open(planFile!);
const killAt = process.env.KILL_AT;
if (killAt === "before-rename" || killAt === "after-rename") {
  const rename = fs.renameSync;
  fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    if (killAt === "after-rename") rename(from, to);
    process.kill(process.pid, "SIGKILL");
  }) as typeof fs.renameSync;
}
console.log("ready");
for (let n = 1; n <= Number(count); n++) {
  await exportFinanceWorkbook(store.db, out!, { institution: "DGM/IGM" });
  console.log(`exported ${n}`);
}
store.close();
