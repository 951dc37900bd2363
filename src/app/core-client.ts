/**
 * The shell's end of the core's message port: sends the page's calls and the
 * shell's own commands, answers the core's questions with the shell's native
 * dialogs and printer, and passes on what the core announces. Transport-agnostic
 * like the host, so it is tested against a real child process under plain Node.
 */
import type { MatrizEvent, Result } from "../api/contract";
import { toApiError } from "../api/dispatch";
import { MatrizError } from "../domain/errors";
import type { Language } from "../i18n";
import type { PdfPrinter } from "./exports";
import type { Dialogs } from "./workspace";
import { isMessage, type CoreInit, type CorePort, type FromCore, type ShellCommand, type ShellState, type ToCore } from "./core-protocol";

export interface CoreClientOptions {
  dialogs: Dialogs;
  printer?: PdfPrinter;
  /** For the page. */
  onEvent(event: MatrizEvent): void;
  /** For the menu. */
  onState?(state: ShellState): void;
  /** The language of the messages the client writes itself (the core stopped, say). */
  language(): Language;
}

export class CoreClient {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private stoppedBecause: string | null = null;
  /** The menu's view of the core, from the last "state" message. */
  state: ShellState | null = null;

  constructor(
    private readonly port: CorePort,
    private readonly options: CoreClientOptions,
  ) {
    port.onMessage((message) => this.receive(message));
  }

  /** Starts the core; resolves once it can answer calls. */
  async init(init: CoreInit): Promise<Result<unknown>> {
    return this.send({ type: "init", id: 0, init });
  }

  /** A call from the page: the core validates it against the contract. */
  invoke(method: unknown, input: unknown): Promise<Result<unknown>> {
    return this.send({ type: "invoke", id: 0, method, input });
  }

  /** A command only the shell may give. */
  command(command: ShellCommand): Promise<Result<unknown>> {
    return this.send({ type: "command", id: 0, command });
  }

  /** The core's process ended: every call waiting, and every later one, answers with why. */
  stopped(reason: string): void {
    this.stoppedBecause = reason;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const answer of waiting) answer(this.stoppedResult());
  }

  private stoppedResult(): Result<never> {
    return { ok: false, error: toApiError(new MatrizError("core_stopped", { detail: this.stoppedBecause ?? "" }), this.options.language()) };
  }

  private send(message: ToCore): Promise<Result<unknown>> {
    if (this.stoppedBecause !== null) return Promise.resolve(this.stoppedResult());
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.port.postMessage({ ...message, id });
    });
  }

  private receive(message: unknown): void {
    if (!isMessage<FromCore>(message, ["result", "ask", "event", "state"])) return;
    switch (message.type) {
      case "result": {
        const answer = this.pending.get(message.id);
        this.pending.delete(message.id);
        answer?.(message.result);
        break;
      }
      case "event":
        this.options.onEvent(message.event);
        break;
      case "state":
        this.state = message.state;
        this.options.onState?.(message.state);
        break;
      case "ask":
        void this.serve(message.id, message.port, message.method, message.args);
        break;
    }
  }

  /** Answers the core's question with the shell's own dialogs or printer. */
  private async serve(id: number, port: string, method: string, args: unknown[]): Promise<void> {
    let result: Result<unknown>;
    try {
      const target = (port === "dialogs" ? this.options.dialogs : port === "printer" ? this.options.printer : undefined) as Record<string, unknown> | undefined;
      // Only the port's own methods: nothing inherited (constructor, toString) answers a question.
      const fn = target && Object.hasOwn(target, method) ? target[method] : undefined;
      if (typeof fn !== "function") throw new MatrizError("internal", { detail: `the shell offers no ${port}.${method}` });
      result = { ok: true, value: (await fn.apply(target, args)) ?? null };
    } catch (error) {
      result = { ok: false, error: toApiError(error, this.options.language()) };
    }
    if (this.stoppedBecause === null) this.port.postMessage({ type: "answer", id, result } satisfies ToCore);
  }
}
