/**
 * The messages between the shell (Electron's main process, or a test) and the
 * core running in its own process. The shell forwards the page's calls
 * untouched ("invoke": validated by the core's dispatcher like any untrusted
 * input) and sends its own commands ("command": files from the operating
 * system, the recent menu, drops); the core asks the shell for what only the
 * shell can do ("ask": native dialogs, printing) and tells it what changed
 * ("event" for the page, "state" for the menu).
 */
import type { MatrizEvent, Result } from "../api/contract";
import type { Language } from "../i18n";

/** A message channel as both ends see it: Electron's parentPort, a worker's port, a child process. */
export interface CorePort {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** What the core needs to start: where things are and who the user is. */
export interface CoreInit {
  resourcesDir: string;
  examplesDir: string;
  settingsFile: string;
  /** The operating system's locale, e.g. "es-GT". */
  locale: string;
  defaultUserName: string;
  version: string;
  /** process.platform of the shell: on Windows, network paths dropped on the window are refused. */
  platform: string;
}

/** Commands only the shell may send (the page cannot: it reaches the core through "invoke" only). */
export type ShellCommand =
  /** Opens the plan the app was started with (or the first-start example, or the last plan). */
  | { name: "startup"; file: string | null }
  /** A plan handed over by the operating system or chosen in the recent menu. */
  | { name: "openFile"; file: string }
  /** A matriz://join link the operating system handed over (a QR code's, an invitation's): checked, then offered in the Join dialog. */
  | { name: "invitation"; link: string }
  /** Files dropped on the window: granted for import, then the page is asked to preview them. */
  | { name: "dropped"; files: string[] }
  /** Closes the plan (checkpointing its log) before the app quits. */
  | { name: "dispose" };

/** What the menu shows, kept in step by the core. */
export interface ShellState {
  language: Language;
  languagePreference: "system" | "es" | "en";
  recent: string[];
  hasPlan: boolean;
  /** The open plan was opened read-only: the menu offers no editing, no import and no export for institutions. */
  planReadOnly?: boolean;
  /** The open plan's file: reopened if the core process has to be restarted. */
  planPath: string | null;
}

export type ToCore =
  | { type: "init"; id: number; init: CoreInit }
  | { type: "invoke"; id: number; method: unknown; input: unknown }
  | { type: "command"; id: number; command: ShellCommand }
  | { type: "answer"; id: number; result: Result<unknown> };

/** The ports of the Workspace the shell serves. */
export type AskPort = "dialogs" | "printer";

export type FromCore =
  | { type: "result"; id: number; result: Result<unknown> }
  | { type: "ask"; id: number; port: AskPort; method: string; args: unknown[] }
  | { type: "event"; event: MatrizEvent }
  | { type: "state"; state: ShellState };

/** Shape checks for messages arriving from the other side (a port can carry anything). */
export function isMessage<T extends { type: string }>(value: unknown, types: readonly T["type"][]): value is T {
  return typeof value === "object" && value !== null && types.includes((value as { type: unknown }).type as T["type"]);
}
