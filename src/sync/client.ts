/**
 * A laptop's side of a live session: connects to the host over TLS, checks the
 * host's certificate against the pairing code before sending anything secret,
 * then keeps its copy in step (y-protocols' sync) and tells the others where its
 * cursor is (awareness). When the network drops it keeps editing (every edit is
 * in its plan file) and catches up when it is back; a wrong code, a wrong host
 * or a copy of another plan stops it with a reason.
 */
import fs from "node:fs";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { MatrizError } from "../domain/errors";
import type { SharedPlan } from "./engine";
import { networkDetail } from "./network-detail";
import { fingerprintMatches, type PairingCode } from "./pairing";
import { CLOSE, SYNC, awarenessMessage, controlMessage, decodeMessage, fromBase64, sameState, syncMessage, toBase64, type Control, type PeerIdentity, type Scope } from "./protocol";

export type DenialReason = "wrong_code" | "wrong_fingerprint" | "other_plan" | "unrelated_copy" | "too_many_attempts";

export type ClientEvent =
  | { type: "status"; status: ClientStatus }
  | { type: "denied"; reason: DenialReason }
  | { type: "refused"; refusals: Extract<Control, { t: "refused" }>["refusals"] }
  | { type: "scope"; scope: Scope }
  | { type: "locks"; locks: string[] }
  | { type: "peers" }
  | { type: "changed"; changeSets: number; conflicts: string[] };

export type ClientStatus = "connecting" | "online" | "offline" | "stopped";

export interface JoinOptions {
  host: string;
  port: number;
  code: PairingCode;
  identity: PeerIdentity;
  /** The plan id of the local copy (null: none yet). */
  plan: string | null;
  /** Opens the shared plan once the host let this laptop in: nothing is written before. */
  open(): SharedPlan;
  onEvent?: (event: ClientEvent) => void;
  /** Reconnect after the network drops (default true). */
  reconnect?: boolean;
}

const MAX_MESSAGE = 512 * 1024 * 1024;
const RETRY_MS = [200, 500, 1000, 2000, 5000];

/**
 * The certificate is self-signed, so TLS alone cannot vouch for it: it is checked
 * against the code's fingerprint on "upgrade", before the token is sent (the
 * upgrade request itself carries nothing secret).
 */
const SOCKET_OPTIONS: WebSocket.ClientOptions = { rejectUnauthorized: false, maxPayload: MAX_MESSAGE, handshakeTimeout: 10_000, perMessageDeflate: false };

function checkHost(socket: WebSocket, code: PairingCode, response: IncomingMessage): boolean {
  const cert = (response.socket as TLSSocket).getPeerCertificate?.();
  if (!cert || !cert.fingerprint256 || !fingerprintMatches(code, cert.fingerprint256)) {
    socket.terminate();
    return false;
  }
  return true;
}

/** The refusal a host's close code stands for, if it is one. */
function denialOf(code: number): DenialReason | null {
  if (code === CLOSE.wrongCode) return "wrong_code";
  if (code === CLOSE.otherPlan) return "other_plan";
  if (code === CLOSE.tooMany) return "too_many_attempts";
  return null;
}

const addressOf = (target: { host: string; port: number }) => `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`;

export class SyncClient {
  private socket: WebSocket | null = null;
  private shared: SharedPlan | null = null;
  private awareness: awarenessProtocol.Awareness | null = null;
  private stopLocal: () => void = () => {};
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private welcomed = false;
  private status: ClientStatus = "offline";
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  denied: { reason: DenialReason } | null = null;
  scope: Scope = null;
  locks: string[] = [];

  constructor(private readonly options: JoinOptions) {}

  get plan(): SharedPlan | null {
    return this.shared;
  }

  get online(): boolean {
    return this.status === "online";
  }

  private emit(event: ClientEvent): void {
    this.options.onEvent?.(event);
  }

  private setStatus(status: ClientStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit({ type: "status", status });
  }

  connect(): void {
    if (this.stopped || this.socket) return;
    this.setStatus("connecting");
    const url = `wss://${this.options.host.includes(":") ? `[${this.options.host}]` : this.options.host}:${this.options.port}/`;
    const socket = new WebSocket(url, SOCKET_OPTIONS);
    socket.binaryType = "nodebuffer";
    this.socket = socket;
    let trusted = false;
    socket.on("upgrade", (response) => {
      trusted = checkHost(socket, this.options.code, response);
      if (!trusted) this.deny("wrong_fingerprint");
    });
    socket.on("open", () => {
      if (!trusted) return;
      this.attempt = 0;
      this.send(controlMessage({ t: "hello", token: this.options.code.token, plan: this.options.plan, base: this.shared?.base ?? null, ...this.options.identity }));
    });
    socket.on("message", (data: Buffer) => {
      try {
        this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        socket.close(1003, String((error as Error).message).slice(0, 120));
      }
    });
    socket.on("close", (code) => {
      this.socket = null;
      this.welcomed = false;
      this.stopLocal();
      this.stopLocal = () => {};
      // The host's close reason is for logs; this laptop says the refusal in its own words.
      const denial = denialOf(code);
      if (denial) this.deny(denial);
      this.setStatus(this.stopped ? "stopped" : "offline");
      this.scheduleReconnect();
    });
    socket.on("error", () => {
      // "close" follows and reconnects.
    });
  }

  private deny(reason: DenialReason): void {
    if (this.denied) return;
    this.denied = { reason };
    this.stopped = true;
    this.emit({ type: "denied", reason });
    for (const waiter of this.waiters.splice(0)) waiter.reject(new MatrizError("live_denied", { reason }));
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.options.reconnect === false || this.timer) return;
    const delay = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)]!;
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  private send(message: Uint8Array): void {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(message);
  }

  private receive(data: Uint8Array): void {
    const message = decodeMessage(data);
    if (message.type === "control") {
      this.control(message.control);
      return;
    }
    if (!this.welcomed || !this.shared) return;
    if (message.type === "sync") {
      if (message.kind === SYNC.step1) {
        this.send(syncMessage(SYNC.step2, this.shared.diff(message.payload)));
        return;
      }
      const report = this.shared.applyRemote(message.payload);
      if (report.changeSets || report.conflicts.length) this.emit({ type: "changed", changeSets: report.changeSets, conflicts: report.conflicts });
      return;
    }
    if (message.type === "awareness" && this.awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, "host");
    }
  }

  private control(control: Control): void {
    switch (control.t) {
      case "welcome": {
        if (this.options.plan && control.plan !== this.options.plan) {
          this.deny("other_plan");
          this.socket?.close(1000);
          return;
        }
        if (!this.shared) {
          this.shared = this.options.open();
          this.awareness = new awarenessProtocol.Awareness(this.shared.doc);
          this.awareness.setLocalState({ user: { name: this.options.identity.author, device: this.options.identity.device.name, deviceId: this.options.identity.device.id } });
          this.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
            if (origin === "local") this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness!, [...added, ...updated, ...removed])));
            else this.emit({ type: "peers" });
          });
        }
        if (this.shared.base !== control.base) {
          this.deny("unrelated_copy");
          this.socket?.close(1000);
          return;
        }
        this.welcomed = true;
        this.scope = control.scope;
        this.locks = control.locks;
        const shared = this.shared;
        this.stopLocal = shared.onLocalUpdate((update) => this.send(syncMessage(SYNC.update, update)));
        this.send(syncMessage(SYNC.step1, shared.stateVector()));
        this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness!, [shared.doc.clientID])));
        this.setStatus("online");
        this.emit({ type: "scope", scope: control.scope });
        this.emit({ type: "locks", locks: control.locks });
        return;
      }
      case "refused":
        this.emit({ type: "refused", refusals: control.refusals });
        return;
      case "scope":
        this.scope = control.scope;
        this.emit({ type: "scope", scope: control.scope });
        return;
      case "locks":
        this.locks = control.locks;
        this.emit({ type: "locks", locks: control.locks });
        return;
      case "state": {
        if (!this.shared) return;
        const host = Y.decodeStateVector(fromBase64(control.sv));
        const mine = Y.decodeStateVector(this.shared.stateVector());
        if (sameState(host, mine)) for (const waiter of this.waiters.splice(0)) waiter.resolve();
        return;
      }
      default:
        return;
    }
  }

  /** Where this person is in the matrix, for the others' screens. */
  setCursor(cursor: { entity: string; id: string; field?: string } | null): void {
    this.awareness?.setLocalStateField("cursor", cursor);
  }

  /** Everyone connected, as this laptop's awareness sees them. */
  peers(): Array<{ clientId: number; state: Record<string, unknown> }> {
    if (!this.awareness) return [];
    return [...this.awareness.getStates()].filter(([id]) => id !== this.shared?.doc.clientID).map(([clientId, state]) => ({ clientId, state: state as Record<string, unknown> }));
  }

  /**
   * Resolves once the host holds exactly what this laptop holds (both ways).
   * Asks again every `intervalMs`, for at most `timeoutMs`.
   */
  async waitSynced(timeoutMs = 30_000, intervalMs = 100): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.denied) throw new MatrizError("live_denied", { reason: this.denied.reason });
      if (Date.now() > deadline) throw new MatrizError("live_timeout", { step: "converge", address: addressOf(this.options) });
      if (this.welcomed && this.shared) {
        const synced = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
        this.send(controlMessage({ t: "check", sv: toBase64(this.shared.stateVector()) }));
        const settled = await Promise.race([synced.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), intervalMs))]);
        if (settled) return;
      } else {
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    }
  }

  /** Drops the connection as a failing network would; it comes back by itself. */
  drop(): void {
    this.socket?.terminate();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new MatrizError("live_closed"));
    const socket = this.socket;
    if (socket) {
      await new Promise<void>((resolve) => {
        const deadline = setTimeout(() => {
          socket.terminate();
          resolve();
        }, 1000);
        socket.once("close", () => {
          clearTimeout(deadline);
          resolve();
        });
        socket.close(1000);
      });
    }
    this.awareness?.destroy();
    this.setStatus("stopped");
  }
}

/**
 * A laptop without a copy asks the host for the plan file (with its history and
 * shared document) and writes it at `target`, whole or not at all.
 */
export async function fetchPlanFile(options: { host: string; port: number; code: PairingCode; identity: PeerIdentity; target: string; timeoutMs?: number }): Promise<string> {
  const url = `wss://${options.host.includes(":") ? `[${options.host}]` : options.host}:${options.port}/`;
  const socket = new WebSocket(url, SOCKET_OPTIONS);
  return new Promise<string>((resolve, reject) => {
    let trusted = false;
    let done = false;
    const finish = (error: Error | null, file?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.terminate();
      if (error) reject(error);
      else resolve(file!);
    };
    const timer = setTimeout(() => {
      discard();
      finish(new MatrizError("live_timeout", { step: "fetch", address: addressOf(options) }));
    }, options.timeoutMs ?? 120_000);
    socket.on("upgrade", (response) => {
      trusted = checkHost(socket, options.code, response);
      if (!trusted) finish(new MatrizError("live_denied", { reason: "wrong_fingerprint" }));
    });
    socket.on("open", () => {
      if (trusted) socket.send(controlMessage({ t: "hello", token: options.code.token, plan: null, base: null, wantFile: true, ...options.identity }));
    });
    // Written piece by piece under a temporary name, renamed into place once whole.
    const temp = path.join(path.dirname(options.target), `.${path.basename(options.target)}.${process.pid}.part`);
    let fd: number | null = null;
    let received = 0;
    const discard = () => {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
      fs.rmSync(temp, { force: true });
    };
    socket.on("message", (data: Buffer) => {
      try {
        const message = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        if (message.type !== "file") return;
        fd ??= fs.openSync(temp, "w");
        fs.writeSync(fd, message.bytes, 0, message.bytes.length, message.offset);
        received += message.bytes.length;
        if (received < message.total) return;
        fs.closeSync(fd);
        fd = null;
        fs.renameSync(temp, options.target);
        finish(null, options.target);
      } catch (error) {
        discard();
        finish(error instanceof MatrizError ? error : new MatrizError("io_error", { operation: "write", path: options.target, detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
      }
    });
    socket.on("close", (code) => {
      if (done) return;
      discard();
      const denial = denialOf(code);
      finish(denial ? new MatrizError("live_denied", { reason: denial }) : new MatrizError("live_host_closed", { address: addressOf(options), code }));
    });
    socket.on("error", (error) => {
      discard();
      finish(new MatrizError("live_unreachable", { address: addressOf(options), ...networkDetail(error) }));
    });
  });
}
