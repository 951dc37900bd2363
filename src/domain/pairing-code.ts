/**
 * The pairing code as text, shared by the core (src/sync/pairing.ts reads and checks
 * it) and the Join dialog, which must tell whether a code typed by hand still names
 * the host a join link named. Pure string work: no crypto, no Node.
 */

/** Characters at the end of a pinned code: 15 of the host certificate's fingerprint, then 1 check character. */
export const PIN_CHARS = 16;
/** The shortest token (the secret part) a code may have. */
export const MIN_TOKEN = 4;

/** Upper case, separators dropped, O read as 0 and I/L as 1. */
export function normaliseCode(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

/** The fingerprint characters of a code (before its check character), or null for a bare token, which carries none. */
function hostPart(code: string): string | null {
  const chars = normaliseCode(code);
  return chars.length >= MIN_TOKEN + PIN_CHARS ? chars.slice(-PIN_CHARS, -1) : null;
}

/**
 * Does `typed` still name the host `linked` names (the same fingerprint characters)?
 * Retyping the code with other separators or case keeps it; a code for another host does not.
 */
export function namesSameHost(typed: string, linked: string): boolean {
  const a = hostPart(typed);
  return a !== null && a === hostPart(linked);
}
