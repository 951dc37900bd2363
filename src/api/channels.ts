/** The two IPC channel names, kept apart from the contract so the sandboxed preload bundles nothing else. */
export const INVOKE_CHANNEL = "matriz:invoke";
export const EVENT_CHANNEL = "matriz:event";
