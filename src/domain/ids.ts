import { createHash, randomUUID } from "node:crypto";

/** Stable ids survive export, import and merge; UUIDs need no coordination between machines. */
export function newId(): string {
  return randomUUID();
}

/**
 * The same id on every laptop for the same thing: a directory entry typed by its
 * name, the link between an action and an institution. Two laptops adding
 * "ACNUR" at once in a live session then add one row, not two that clash.
 */
export function stableId(kind: string, ...parts: string[]): string {
  const hex = createHash("sha256").update([kind, ...parts].join("\u0000")).digest("hex");
  // Shaped as a UUID (version 8, "custom"), like the random ids beside it.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
