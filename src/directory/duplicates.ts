/**
 * Likely duplicates in the directory: entries that share an acronym ("SBS",
 * "Secretariat of Social Welfare (SBS)", "SBS (unaccompanied MCA)"), whose name is
 * the expansion the plan gives for an acronym ("Ministry of Education" and
 * "MINEDUC"), or that use the same words ("Care and Protection Council and other
 * [institutions]"). Only suggestions: the user decides what to merge.
 */
import type { DirectoryEntry } from "./institutions";

export interface DuplicateGroup {
  /** The entry to keep by default: the one named by its acronym ("SBS"), then the most used. */
  into: string;
  ids: string[];
  labels: string[];
  reasons: Array<{ kind: "acronym" | "words"; value: string }>;
}

/** Words that do not tell two institutions apart, in either language. */
const FILLER = new Set(
  "a al and de del el en for in la las los of on other others otra otras otro otros para por the to y e institution institutions institucion instituciones".split(" "),
);

const fold = (text: string) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
const ACRONYM = /^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9]{1,11}$/;

/** The significant words of a name, sorted: equal for "X and other institutions" and "X and other [institutions]". */
export function wordKey(text: string): string {
  const words = fold(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !FILLER.has(w));
  return [...new Set(words)].sort().join(" ");
}

/** Acronyms a name carries: its acronym field, a bracketed one "(SBS)", a leading one "SBS (unaccompanied MCA)", "DGM/IGM" whole. */
export function acronymsOf(entry: Pick<DirectoryEntry, "label" | "acronym">, expansions: Map<string, string>): string[] {
  const found = new Set<string>();
  const add = (candidate: string | null | undefined) => {
    const text = (candidate ?? "").trim();
    if (text && text.split("/").every((part) => ACRONYM.test(part))) found.add(text.toUpperCase());
  };
  add(entry.acronym);
  for (const match of entry.label.matchAll(/\(([^)]+)\)/g)) add(match[1]);
  add(entry.label.split(/[\s(]/)[0]);
  // A full name that is how the plan spells an acronym out; "A/B" names two bodies spelled out.
  const name = entry.label.replace(/\([^)]*\)/g, " ");
  for (const part of [name, ...(name.includes("/") ? name.split("/") : [])]) {
    const known = expansions.get(wordKey(part));
    if (known) found.add(known);
  }
  return [...found];
}

/**
 * Groups of entries that are probably one institution. `acronyms` is the plan's
 * list of acronyms and what they stand for (its expansions may add the name in the
 * other language in brackets, which is ignored).
 */
export function suggestDuplicates(entries: DirectoryEntry[], acronyms: Record<string, string>): DuplicateGroup[] {
  const expansions = new Map<string, string>();
  for (const [acronym, expansion] of Object.entries(acronyms)) {
    const key = wordKey(expansion.replace(/\([^)]*\)/g, " "));
    if (key) expansions.set(key, acronym.toUpperCase());
  }
  // Union-find over the entries, joined by each key they share.
  const parent = entries.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const reasons = new Map<number, Map<string, { kind: "acronym" | "words"; value: string }>>();
  const firstWithKey = new Map<string, number>();
  const join = (i: number, key: string, reason: { kind: "acronym" | "words"; value: string }) => {
    const seen = firstWithKey.get(key);
    if (seen === undefined) return void firstWithKey.set(key, i);
    const a = root(seen);
    const b = root(i);
    const merged = new Map([...(reasons.get(a) ?? []), ...(reasons.get(b) ?? []), [key, reason]]);
    parent[b] = a;
    reasons.set(a, merged);
  };
  entries.forEach((entry, i) => {
    for (const acronym of acronymsOf(entry, expansions)) {
      join(i, `a:${acronym}`, { kind: "acronym", value: acronym });
      // "DGM/IGM" is one body with two acronyms: either alone finds it.
      if (acronym.includes("/")) for (const part of acronym.split("/")) join(i, `a:${part}`, { kind: "acronym", value: part });
    }
    const words = wordKey(entry.label);
    if (words) join(i, `w:${words}`, { kind: "words", value: entry.label });
  });
  const groups = new Map<number, number[]>();
  entries.forEach((_, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), i]));
  const result: DuplicateGroup[] = [];
  for (const [rootIndex, members] of groups) {
    if (members.length < 2) continue;
    const list = members.map((i) => entries[i]!);
    const isAcronym = (e: DirectoryEntry) => Number(e.label.split("/").every((part) => ACRONYM.test(part)));
    const keep = [...list].sort((a, b) => isAcronym(b) - isAcronym(a) || b.actions - a.actions || a.label.length - b.label.length)[0]!;
    result.push({
      into: keep.id,
      ids: [keep.id, ...list.filter((e) => e !== keep).map((e) => e.id)],
      labels: [keep.label, ...list.filter((e) => e !== keep).map((e) => e.label)],
      reasons: [...(reasons.get(rootIndex)?.values() ?? [])],
    });
  }
  return result.sort((a, b) => a.labels[0]!.localeCompare(b.labels[0]!));
}
