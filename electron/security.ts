/**
 * The hardening checklist in one place: the renderer's web preferences, the
 * Content-Security-Policy, and the refusals (navigation, new windows, webviews,
 * permissions) applied to every session and every web contents.
 */
import type { Session, WebContents, WebPreferences } from "electron";

/**
 * Same policy as the meta tag in renderer/index.html. Sent again as a response
 * header (defence in depth); Chromium only sees headers on http(s) loads, so
 * under file:// the meta tag is what applies.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function hardenedWebPreferences(preloadFile: string, allowDevTools: boolean): WebPreferences {
  return {
    preload: preloadFile,
    contextIsolation: true,
    // Stated explicitly although it is Electron's default: the preload relies on it.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    // On Linux the spellchecker downloads dictionaries from Google: no remote content.
    spellcheck: false,
    devTools: allowDevTools,
  };
}

/** The app never navigates, opens windows or embeds webviews: refuse them all. */
export function hardenWebContents(contents: WebContents): void {
  contents.on("will-navigate", (event) => event.preventDefault());
  contents.on("will-redirect", (event) => event.preventDefault());
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
}

/** No camera, microphone, notifications or anything else; every response carries the policy. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, "Content-Security-Policy": [CONTENT_SECURITY_POLICY] },
    });
  });
}
