/**
 * `matriz institutions <plan>`: the directory with each entry's action count and
 * likely duplicates; `--merge "<name>" --into "<name>"` and `--rename "<name>" --to
 * "<new name>"` change it, one change set each. A name not in the plan is refused
 * and the plan stays as it was. Loaded only when the command is run.
 */
import { suggestDuplicates } from "../directory/duplicates";
import { findEntry, listDirectory, mergeInstitutions, renameInstitution } from "../directory/institutions";
import type { MatrizError } from "../domain/errors";
import { translate, type Language } from "../i18n";
import { statements } from "../storage/change-log";
import { PlanStore } from "../storage/plan-store";

export interface DirectoryCommandContext {
  plan: string;
  extra: string[];
  values: { json?: boolean; merge?: string; into?: string; rename?: string; to?: string };
  lang: Language;
  author: string;
  out: (text: string) => void;
  usage: (detail: string) => MatrizError;
}

function withPlan<T>(file: string, work: (store: PlanStore) => T): T {
  const store = PlanStore.open(file);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

export function institutionsCommand(ctx: DirectoryCommandContext): number {
  const { merge, into, rename, to } = ctx.values;
  if (ctx.extra.length) throw ctx.usage(`unexpected argument "${ctx.extra[0]}"`);
  if ((merge === undefined) !== (into === undefined)) throw ctx.usage('give --merge "<name>" together with --into "<name>"');
  if ((rename === undefined) !== (to === undefined)) throw ctx.usage('give --rename "<name>" together with --to "<new name>"');
  if (merge !== undefined && rename !== undefined) throw ctx.usage("merge and rename are separate commands");
  const t = (key: Parameters<typeof translate>[1], params: Record<string, string | number> = {}) => translate(ctx.lang, key, params);
  const meta = { author: ctx.author, source: "cli" as const };
  return withPlan(ctx.plan, (store) => {
    const db = store.db;
    if (merge !== undefined) {
      // Both names are checked before anything is written.
      const from = findEntry(db, merge);
      const target = findEntry(db, into!);
      const done = mergeInstitutions(db, meta, from.id, target.id);
      ctx.out(t("cli.institutions.merged", { from: done.from, into: done.into, links: done.links, lines: done.budgetLines }));
      return 0;
    }
    if (rename !== undefined) {
      const entry = findEntry(db, rename);
      renameInstitution(db, meta, entry.id, to!);
      ctx.out(t("cli.institutions.renamed", { from: entry.label, to: to!.trim() }));
      return 0;
    }
    const entries = listDirectory(db);
    const acronyms = Object.fromEntries(
      (statements(db).get("SELECT acronym, expansion FROM acronym").all() as Array<{ acronym: string; expansion: string }>).map((a) => [a.acronym, a.expansion]),
    );
    const suggestions = suggestDuplicates(entries, acronyms);
    if (ctx.values.json) {
      ctx.out(JSON.stringify({ institutions: entries, suggestions }, null, 2));
      return 0;
    }
    for (const e of entries) {
      ctx.out([e.label, e.acronym && e.acronym !== e.label ? e.acronym : "", t("cli.institutions.counts", { actions: e.actions, lines: e.budgetLines })].join("\t"));
    }
    if (suggestions.length) {
      ctx.out("");
      ctx.out(t("cli.institutions.suggestions", { count: suggestions.length }));
      // Quoted as the shell wants them, ready for --merge "…" --into "…".
      for (const group of suggestions) ctx.out(`  ${group.labels.map((l) => JSON.stringify(l)).join(" · ")}`);
    }
    return 0;
  });
}
