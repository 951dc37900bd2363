/** The IPC channel names, kept apart from the contract so the sandboxed preload bundles nothing else. */
export const INVOKE_CHANNEL = "matriz:invoke";
export const EVENT_CHANNEL = "matriz:event";
/**
 * Files dropped on the window, sent by the preload itself. The page cannot reach it:
 * window.matriz.invoke only speaks on INVOKE_CHANNEL, so no script can name a path here.
 */
export const DROP_CHANNEL = "matriz:drop";
