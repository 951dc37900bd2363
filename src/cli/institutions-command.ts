/**
 * `matriz institutions <plan>`: the directory with each entry's action count and
 * likely duplicates; `--merge "<name>" --into "<name>"` and `--rename "<name>" --to
 * "<new name>"` change it, one change set each. A name not in the plan is refused
 * and the plan stays as it was. Loaded only when the command is run.
 */
import { suggestDuplicates } from "../directory/duplicates";
import { findEntry, listDirectory, mergeInstitutions, renameInstitution } from "../directory/institutions";
import { tsvCell } from "../domain/safe-text";
import { statements } from "../storage/change-log";
import { EXIT, requireOne, type CliCommand } from "./context";
import { withPlan } from "./with-plan";

export const institutionsCommand: CliCommand = (ctx) => {
  const plan = ctx.resolve(requireOne(ctx));
  const { merge, into, rename, to } = ctx.values;
  if ((merge === undefined) !== (into === undefined)) throw ctx.usage("cli.usage.mergeInto");
  if ((rename === undefined) !== (to === undefined)) throw ctx.usage("cli.usage.renameTo");
  if (merge !== undefined && rename !== undefined) throw ctx.usage("cli.usage.mergeOrRename");
  const t = ctx.say;
  const meta = { author: ctx.author(), source: "cli" as const };
  const out = ctx.io.out;
  return withPlan(plan, (store) => {
    const db = store.db;
    if (merge !== undefined) {
      // Both names are checked before anything is written.
      const from = findEntry(db, merge);
      const target = findEntry(db, into!);
      const done = mergeInstitutions(db, meta, from.id, target.id);
      out(t("cli.institutions.merged", { from: done.from, into: done.into, links: done.links, lines: done.budgetLines }));
      return EXIT.ok;
    }
    if (rename !== undefined) {
      const entry = findEntry(db, rename);
      renameInstitution(db, meta, entry.id, to!);
      out(t("cli.institutions.renamed", { from: entry.label, to: to!.trim() }));
      return EXIT.ok;
    }
    const entries = listDirectory(db);
    const acronyms = Object.fromEntries(
      (statements(db).get("SELECT acronym, expansion FROM acronym").all() as Array<{ acronym: string; expansion: string }>).map((a) => [a.acronym, a.expansion]),
    );
    const suggestions = suggestDuplicates(entries, acronyms);
    if (ctx.values.json) {
      out(JSON.stringify({ institutions: entries, suggestions }, null, 2));
      return EXIT.ok;
    }
    if (entries.length === 0) {
      // An empty listing with exit 0 reads like a failure to someone trying the tool.
      out(t("cli.institutions.none"));
      return EXIT.ok;
    }
    for (const e of entries) {
      out([tsvCell(e.label), e.acronym && e.acronym !== e.label ? tsvCell(e.acronym) : "", t("cli.institutions.counts", { actions: e.actions, lines: e.budgetLines })].join("\t"));
    }
    if (suggestions.length) {
      out("");
      out(t("cli.institutions.suggestions", { count: suggestions.length }));
      // Quoted as the shell wants them, ready for --merge "…" --into "…".
      for (const group of suggestions) out(`  ${group.labels.map((l) => JSON.stringify(l)).join(" · ")}`);
    }
    return EXIT.ok;
  });
};
