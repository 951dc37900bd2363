/**
 * matriz:// links open Matriz: a workshop's QR code or invitation (matriz://join?…).
 * The operating system is told this app handles the scheme (electron-builder's
 * `protocols` entry does it for installed copies); in development (`electron .`)
 * the registration names the script Electron runs. The link itself is checked in
 * the core (src/sync/pairing.ts) and only ever fills the Join dialog.
 */
import path from "node:path";
import type { App } from "electron";

export const LINK_SCHEME = "matriz";

export interface ProcessInfo {
  /** Electron started as `electron <script>` (process.defaultApp), not as the packaged app. */
  defaultApp: boolean;
  execPath: string;
  argv: readonly string[];
}

export function registerLinkScheme(app: Pick<App, "setAsDefaultProtocolClient">, info: ProcessInfo): boolean {
  const script = info.argv[1];
  if (info.defaultApp && script) return app.setAsDefaultProtocolClient(LINK_SCHEME, info.execPath, [path.resolve(script)]);
  return app.setAsDefaultProtocolClient(LINK_SCHEME);
}
