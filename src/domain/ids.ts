import { randomUUID } from "node:crypto";

/** Stable ids survive export, import and merge; UUIDs need no coordination between machines. */
export function newId(): string {
  return randomUUID();
}
