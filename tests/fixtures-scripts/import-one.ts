/**
 * Imports one returned file into a plan (a dry run) in a process of its own and
 * prints what happened and the process's peak memory as one JSON line:
 * {"status":"preview"|"refused","code":…,"peakMB":…}. The memory tests run it.
 */
import { isMatrizError } from "../../src/domain/errors";
import { importReturnedFile } from "../../src/spreadsheet/apply";
import { PlanStore } from "../../src/storage/plan-store";

const [planFile, returned] = process.argv.slice(2);
const store = PlanStore.open(planFile!);
let result: { status: string; code?: string };
try {
  const outcome = importReturnedFile(store.db, returned!, { author: "memory-test", dryRun: true });
  result = { status: outcome.status };
} catch (error) {
  result = isMatrizError(error) ? { status: "refused", code: error.code } : { status: "crashed", code: String(error) };
}
store.close();
// maxRSS is in kilobytes.
console.log(JSON.stringify({ ...result, peakMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
