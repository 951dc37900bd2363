/**
 * What changed in one consultation round, so the round can be minuted: the
 * actions and needs added, changed and removed (net, from the change log), by
 * pillar and by whom, with each change said in words.
 */
import type { Database as Db } from "better-sqlite3";
import { MatrizError } from "../domain/errors";
import type { Language } from "../i18n";
import { statements } from "../storage/change-log";
import type { countChanges } from "./change-summary";
import { changesInWords, type ChangeRow } from "./change-words";

type R = Record<string, any>;

export interface RoundReport {
  title: string;
  country: string;
  round: { number: number; date: string | null; participants: string | null; objectives: string | null; outcome: string | null };
  generatedAt: string;
  /** Pillar number → its title, for the summary by pillar. */
  pillars: Array<{ number: number; title: string }>;
  rows: ChangeRow[];
  counts: ReturnType<typeof countChanges>;
}

export function roundReport(db: Db, number: number, options: { language: Language; locale: string; now?: Date }): RoundReport {
  const round = statements(db).get("SELECT * FROM consultation_round WHERE number = ?").get(number) as R | undefined;
  if (!round) throw new MatrizError("not_found", { entity: "consultation_round", id: String(number) });
  const plan = statements(db).get("SELECT title, country FROM plan").get() as R;
  const pillars = (statements(db).get("SELECT number, title_es, title_en FROM pillar ORDER BY position").all() as R[]).map((p) => ({
    number: p.number as number,
    title: (options.language === "es" ? p.title_es : p.title_en) as string,
  }));
  const changes = changesInWords(db, { roundId: round.id }, options.language, options.locale);
  return {
    title: plan.title,
    country: plan.country,
    round: { number: round.number, date: round.date, participants: round.participants, objectives: round.objectives, outcome: round.progress },
    generatedAt: (options.now ?? new Date()).toISOString(),
    pillars,
    ...changes,
  };
}
