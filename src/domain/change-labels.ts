/**
 * What a change set is called in history and undo. The core writes a code and
 * its parameters ({"label":"plan.fromTemplate","template":"mexico"}), never
 * English text with an internal id in it; the UI says it in the user's language.
 * Labels written before (plain English such as "new plan from mexico") are still
 * read: see renderer/components/editor/change-labels.ts.
 */
export type ChangeLabel =
  /** A plan made from one of the templates. */
  | { label: "plan.fromTemplate"; template: string }
  /** One of the 2017 example plans, written on first use. */
  | { label: "plan.fromExample"; example: string }
  /** A plan made from a JSON plan document (the CLI's `new --from-json`). */
  | { label: "plan.fromFile"; file: string }
  /** A plan made from a document, named by its country. */
  | { label: "plan.create"; country: string }
  /**
   * Conflicts resolved at once by taking one side (count as digits: every parameter is text):
   * from returned workbooks, or (origin live) from the live workshop and merged copies.
   */
  | { label: "conflicts.resolve"; count: string; take: "plan" | "returned" | "base"; origin?: "live" };

export function encodeChangeLabel(label: ChangeLabel): string {
  return JSON.stringify(label);
}

const CODES = new Set<string>(["plan.fromTemplate", "plan.fromExample", "plan.fromFile", "plan.create", "conflicts.resolve"]);

/** The code and parameters of a label written by encodeChangeLabel; null for any other (older, plain) label. */
export function decodeChangeLabel(text: string): ChangeLabel | null {
  if (!text.startsWith("{")) return null;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (!value || typeof value.label !== "string" || !CODES.has(value.label)) return null;
    for (const v of Object.values(value)) if (typeof v !== "string") return null;
    return value as ChangeLabel;
  } catch {
    return null;
  }
}
