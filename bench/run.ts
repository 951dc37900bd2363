/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name>` runs one.
 * Each figure is printed as one line: BENCH <name> <value> <unit>.
 */
import { benchmarks, cleanupBenchmarks } from "./suite";

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = wanted.filter((name) => !benchmarks.some((b) => b.name === name || b.name.startsWith(`${name}.`)));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}. Known: ${benchmarks.map((b) => b.name).join(", ")}`);
  process.exit(64);
}
try {
  for (const bench of benchmarks) {
    if (wanted.length && !wanted.some((name) => bench.name === name || bench.name.startsWith(`${name}.`))) continue;
    for (const figure of await bench.run()) console.log(`BENCH ${figure.name} ${figure.value} ${figure.unit}`);
  }
} finally {
  // Nothing left in the temporary folder, even when a benchmark fails half-way.
  cleanupBenchmarks();
}
