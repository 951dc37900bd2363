/**
 * What the operating system hands the app before it can act on it: a plan file (macOS
 * open-file, a second instance) or a workshop's join link (macOS open-url, a second
 * instance), held until the shell is ready, then handed over as each arrives.
 */
export class Inbox<T = string> {
  private queued: T[] = [];
  private open: ((item: T) => void) | null = null;

  receive(item: T): void {
    if (this.open) this.open(item);
    else this.queued.push(item);
  }

  /** From now on items go straight to `open`; returns what arrived before. */
  deliverTo(open: (item: T) => void): T[] {
    this.open = open;
    const waiting = this.queued;
    this.queued = [];
    return waiting;
  }
}
