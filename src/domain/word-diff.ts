/**
 * Which words of a long text an edit changed, for the history: the words removed
 * and added in place, with a few unchanged words around each change and the long
 * unchanged stretches between them cut to "…". jsdiff's diffWords does the
 * comparison (Myers' algorithm over word tokens, keeping the whitespace between
 * them), bounded in time so a huge rewrite falls back to old → new.
 */
import { diffWords } from "diff";

export type DiffPart = { kind: "same" | "added" | "removed"; text: string } | { kind: "gap"; text: "…" };

/** Unchanged words kept on each side of a change. */
const CONTEXT_WORDS = 6;
const TIMEOUT_MS = 250;

/** The first or last `count` words of `text`, whitespace kept. */
function edge(tokens: string[], count: number, from: "start" | "end"): string {
  let seen = 0;
  if (from === "start") {
    for (let i = 0; i < tokens.length; i++) if (tokens[i]!.trim() && ++seen === count) return tokens.slice(0, i + 1).join("");
  } else {
    for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i]!.trim() && ++seen === count) return tokens.slice(i).join("");
  }
  return tokens.join("");
}

/** The changed words between two texts; null when they are equal or too different to compare in time. */
export function wordDiff(before: string, after: string, context = CONTEXT_WORDS): DiffPart[] | null {
  if (before === after) return null;
  const changes = diffWords(before, after, { timeout: TIMEOUT_MS });
  if (!changes) return null;
  const parts: DiffPart[] = [];
  changes.forEach((change, i) => {
    if (change.added) return void parts.push({ kind: "added", text: change.value });
    if (change.removed) return void parts.push({ kind: "removed", text: change.value });
    // Unchanged text keeps `context` words next to each change it touches; the rest becomes a gap.
    const tokens = change.value.split(/(\s+)/);
    const words = tokens.filter((t) => t.trim()).length;
    const before = i > 0;
    const after = i < changes.length - 1;
    const kept = (before ? context : 0) + (after ? context : 0);
    if (!kept || words <= kept) return void parts.push({ kind: "same", text: change.value });
    if (before) parts.push({ kind: "same", text: edge(tokens, context, "start") });
    parts.push({ kind: "gap", text: "…" });
    if (after) parts.push({ kind: "same", text: edge(tokens, context, "end") });
  });
  return parts;
}
