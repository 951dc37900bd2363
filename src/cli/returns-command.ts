/**
 * `matriz returns <plan> [--json]`: the returns tracker. For each institution, the
 * finance workbook last sent and when, whether it came back (file, date, who
 * imported it) and the conflicts still open. Loaded only when the command is run.
 */
import { returnsTracker, type ReturnsEntry } from "../directory/returns";
import { tsvCell } from "../domain/safe-text";
import { translate, type Language } from "../i18n";
import { PlanStore } from "../storage/plan-store";
import { EXIT, requireOne, type CliCommand } from "./context";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "");

function line(entry: ReturnsEntry, lang: Language): string {
  const t = (key: Parameters<typeof translate>[1], params: Record<string, string | number> = {}) => translate(lang, key, params);
  const name = entry.label ? tsvCell(entry.label) : t("cli.returns.wholePlan");
  const latest = entry.sent[entry.sent.length - 1];
  const back = latest?.returns[latest.returns.length - 1];
  const cells = [
    name,
    t("cli.returns.status", { status: entry.status }),
    latest ? t("cli.returns.sent", { date: day(latest.at), file: latest.file }) : "",
    back ? t("cli.returns.returned", { date: day(back.at), file: back.file, by: back.by ?? "—" }) : "",
    entry.openConflicts ? t("cli.returns.conflicts", { count: entry.openConflicts }) : "",
  ];
  return cells.join("\t").replace(/\t+$/, "");
}

export const returnsCommand: CliCommand = (ctx) => {
  const store = PlanStore.open(ctx.resolve(requireOne(ctx)));
  try {
    const entries = returnsTracker(store.db);
    if (ctx.values.json) ctx.io.out(JSON.stringify(entries, null, 2));
    else for (const entry of entries) ctx.io.out(line(entry, ctx.lang));
    return EXIT.ok;
  } finally {
    store.close();
  }
};
