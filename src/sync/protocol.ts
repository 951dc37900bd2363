/**
 * What travels over the WebSocket: y-protocols' sync and awareness messages as
 * y-websocket frames them (a leading message type), plus Matriz's own control
 * messages (JSON: hello, welcome, refusals, pillar scope and locks) and the plan
 * file for a laptop that joins without a copy.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { MatrizError } from "../domain/errors";
import type { Refusal } from "./engine";

export const MESSAGE = { sync: 0, awareness: 1, control: 2, file: 3 } as const;
export const SYNC = { step1: syncProtocol.messageYjsSyncStep1, step2: syncProtocol.messageYjsSyncStep2, update: syncProtocol.messageYjsUpdate } as const;

/** Close codes a laptop can act on. */
export const CLOSE = { wrongCode: 4401, otherPlan: 4409, tooMany: 4429, stopped: 4000 } as const;

export interface PeerIdentity {
  author: string;
  device: { id: string; name: string };
}

/** A pillar (breakout group) a laptop may edit, or the whole plan (null). */
export type Scope = { pillar: string } | null;

export type Control =
  | ({ t: "hello"; token: string; plan: string | null; base: string | null; wantFile?: boolean } & PeerIdentity)
  | { t: "welcome"; peer: string; plan: string; base: string | null; scope: Scope; locks: string[]; host: PeerIdentity }
  | { t: "refused"; refusals: Array<{ entity: string; id: string; reason: string; detail: string; problem?: Refusal["problem"]; fields?: string }> }
  | { t: "scope"; scope: Scope }
  | { t: "locks"; locks: string[] }
  | { t: "check"; sv: string }
  | { t: "state"; sv: string };

export function syncMessage(kind: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function controlMessage(control: Control): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.control);
  encoding.writeVarString(encoder, JSON.stringify(control));
  return encoding.toUint8Array(encoder);
}

/** One piece of the plan file: sent in pieces, so neither side holds the file twice over in memory. */
export function fileMessage(total: number, offset: number, piece: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.file);
  encoding.writeVarUint(encoder, total);
  encoding.writeVarUint(encoder, offset);
  encoding.writeVarUint8Array(encoder, piece);
  return encoding.toUint8Array(encoder);
}

export const FILE_PIECE = 4 * 1024 * 1024;

export type Decoded =
  | { type: "sync"; kind: number; payload: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "control"; control: Control }
  | { type: "file"; total: number; offset: number; bytes: Uint8Array };

/** Reads one message; throws a live_unreadable error on anything malformed (the connection is then closed). */
export function decodeMessage(data: Uint8Array): Decoded {
  try {
    return decode(data);
  } catch (error) {
    // lib0 says a cut-off message in English ("Unexpected end of array"): kept as the detail for logs.
    throw error instanceof MatrizError ? error : new MatrizError("live_unreadable", { what: "other", detail: (error as Error).message });
  }
}

function decode(data: Uint8Array): Decoded {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE.sync) {
    const kind = decoding.readVarUint(decoder);
    if (kind !== SYNC.step1 && kind !== SYNC.step2 && kind !== SYNC.update) throw new MatrizError("live_unreadable", { what: "kind", detail: `sync message ${kind}` });
    return { type: "sync", kind, payload: decoding.readVarUint8Array(decoder) };
  }
  if (type === MESSAGE.awareness) return { type: "awareness", update: decoding.readVarUint8Array(decoder) };
  if (type === MESSAGE.control) {
    let control: Control;
    try {
      control = JSON.parse(decoding.readVarString(decoder)) as Control;
    } catch {
      throw new MatrizError("live_unreadable", { what: "control" });
    }
    if (!control || typeof control !== "object" || typeof control.t !== "string") throw new MatrizError("live_unreadable", { what: "control" });
    return { type: "control", control };
  }
  if (type === MESSAGE.file) {
    const total = decoding.readVarUint(decoder);
    const offset = decoding.readVarUint(decoder);
    return { type: "file", total, offset, bytes: decoding.readVarUint8Array(decoder) };
  }
  throw new MatrizError("live_unreadable", { what: "kind", detail: `message type ${type}` });
}

export const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
export const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));

/** Two state vectors hold the same (every client at the same clock). */
export function sameState(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}
