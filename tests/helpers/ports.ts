/**
 * Two ends of an in-memory message channel, standing in for Electron's
 * utilityProcess / parentPort pair when the core runs in the test's own process.
 * Messages arrive on a later turn, as across processes; with `clone`, as a
 * structured clone (what Electron's IPC does), so nothing is shared by reference.
 */
import type { CorePort } from "../../src/app/core-protocol";

export interface PortPair {
  shell: CorePort;
  core: CorePort;
}

export function portPair(options: { clone?: boolean } = {}): PortPair {
  const toShell = new Set<(message: unknown) => void>();
  const toCore = new Set<(message: unknown) => void>();
  const send = (listeners: Set<(message: unknown) => void>) => (message: unknown) => {
    const copy = options.clone ? structuredClone(message) : message;
    setImmediate(() => {
      for (const listener of listeners) listener(copy);
    });
  };
  return {
    shell: { postMessage: send(toCore), onMessage: (listener) => void toShell.add(listener) },
    core: { postMessage: send(toShell), onMessage: (listener) => void toCore.add(listener) },
  };
}
