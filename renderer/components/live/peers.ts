/** Each person's colour on every screen, from their key: the same person is the same colour everywhere. */
import type { LivePeer } from "../../../src/api/contract";

/** Dark enough for white text on them (contrast 5:1 or more), apart enough to tell at a glance. */
const COLOURS = ["#1d4ed8", "#b91c1c", "#047857", "#9a3412", "#6d28d9", "#be185d", "#0e7490", "#4d7c0f"];

export function peerColour(key: string): string {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return COLOURS[Math.abs(hash) % COLOURS.length]!;
}

/** The others, as the grid marks them (this laptop's own cursor is the grid's cursor). */
export const others = (peers: readonly LivePeer[]) => peers.filter((p) => !p.me);
