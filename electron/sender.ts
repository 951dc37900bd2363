/**
 * Who may call the API: only the main frame of our own window, showing our own
 * page. A subframe, another window or a page that somehow navigated elsewhere is
 * refused before any input is looked at.
 */
import type { RendererSource } from "./paths";

/** The fields of Electron's WebFrameMain the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly frameToken: string;
}

export function isOwnRendererUrl(url: string, renderer: RendererSource): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (renderer.kind === "dev") return parsed.origin === renderer.origin;
  // The page may use a #fragment or ?query for its own routing; the document itself must be ours.
  parsed.hash = "";
  parsed.search = "";
  return parsed.protocol === "file:" && parsed.href === renderer.href;
}

export function isTrustedSender(
  frame: FrameLike | null | undefined,
  mainFrame: FrameLike | null | undefined,
  renderer: RendererSource,
): boolean {
  if (!frame || !mainFrame) return false;
  // A subframe or another window has its own frame token, even when it shows our page.
  const sameFrame = frame === mainFrame || (frame.processId === mainFrame.processId && frame.frameToken === mainFrame.frameToken);
  return sameFrame && isOwnRendererUrl(frame.url, renderer);
}
