/**
 * Plan files handed to the app by the operating system: on the command line
 * (first start or a second instance) or through macOS's open-file event, which
 * can arrive before the app is ready.
 */
import path from "node:path";
import { PLAN_EXTENSION } from "./dialogs";

/** The last argument naming a .matriz file, resolved against the caller's working folder. */
export function planFileFromArgv(argv: readonly string[], workingDirectory: string): string | null {
  const candidates = argv.filter((arg) => !arg.startsWith("-") && arg.toLowerCase().endsWith(PLAN_EXTENSION));
  const last = candidates.at(-1);
  return last ? path.resolve(workingDirectory, last) : null;
}

/** Holds files until the shell can open them, then hands each one over as it arrives. */
export class PlanFileInbox {
  private queued: string[] = [];
  private open: ((file: string) => void) | null = null;

  receive(file: string): void {
    if (this.open) this.open(file);
    else this.queued.push(file);
  }

  /** From now on files go straight to `open`; returns what arrived before. */
  deliverTo(open: (file: string) => void): string[] {
    this.open = open;
    const waiting = this.queued;
    this.queued = [];
    return waiting;
  }
}
