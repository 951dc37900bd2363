/**
 * Plan files handed to the app by the operating system: on the command line
 * (first start or a second instance) or through macOS's open-file event, which
 * can arrive before the app is ready (held in an Inbox).
 */
import path from "node:path";
import { PLAN_EXTENSION } from "./dialogs";

/** The last argument naming a .matriz file, resolved against the caller's working folder; a matriz: link is never one. */
export function planFileFromArgv(argv: readonly string[], workingDirectory: string): string | null {
  const candidates = argv.filter((arg) => !arg.startsWith("-") && !/^matriz:/i.test(arg) && arg.toLowerCase().endsWith(PLAN_EXTENSION));
  const last = candidates.at(-1);
  return last ? path.resolve(workingDirectory, last) : null;
}
