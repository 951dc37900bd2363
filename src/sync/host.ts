/**
 * Hosting a plan for the laptops in the room: a WebSocket server over TLS with a
 * certificate made for the session. A laptop joins with the pairing code (token
 * and fingerprint); a wrong code, a plain ws:// connection or a copy of another
 * plan is refused. Every update a laptop sends is checked here (values, its
 * pillar, the locks) before it reaches the other laptops; a refused row is put
 * back and the laptop is told why. Everyone sees who is connected and where
 * each person's cursor is (y-protocols' awareness).
 */
import https from "node:https";
import os from "node:os";
import { timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import { MatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import type { PlanStore } from "../storage/plan-store";
import { makeSessionCertificate, type SessionCertificate } from "./certificate";
import type { Discovery } from "./discovery";
import type { Refusal, SharedPlan } from "./engine";
import { joinLink, makePairingCode, newToken, parseToken } from "./pairing";
import { CLOSE, FILE_PIECE, SYNC, awarenessMessage, controlMessage, decodeMessage, fileMessage, syncMessage, toBase64, type Control, type PeerIdentity, type Scope } from "./protocol";
import { networkDetail } from "./network-detail";
import { scopePolicy } from "./scope";

export interface HostOptions {
  store: PlanStore;
  shared: SharedPlan;
  /** Who hosts (their edits and the host's corrections are recorded as theirs). */
  identity: PeerIdentity;
  /** 0 picks a free port. */
  port?: number;
  /** The address to listen on: every interface by default (the room's network); tests use 127.0.0.1. */
  bind?: string;
  /** The secret part of the pairing code (XXXX-XXXX); random by default. */
  token?: string;
  certificate?: SessionCertificate;
  /** Announce the host on the room's network (mDNS); off unless given. */
  discovery?: Discovery | null;
  onEvent?: (event: HostEvent) => void;
}

export type HostEvent =
  | { type: "peers"; peers: PeerInfo[] }
  | { type: "refused"; peer: string; author: string; refusals: Refusal[] }
  | { type: "changed"; peer: string; changeSets: number; conflicts: string[] }
  /** A laptop's message could not be read or applied: the error (a MatrizError says it in words), and its stack for logs. */
  | { type: "error"; peer: string; error: unknown; message: string };

export interface PeerInfo {
  peer: string;
  author: string;
  device: { id: string; name: string };
  address: string;
  scope: Scope;
  connectedAt: string;
  /** What their awareness says: where their cursor is. */
  state: Record<string, unknown> | null;
}

interface Connection {
  peer: string;
  socket: WebSocket;
  address: string;
  identity: PeerIdentity | null;
  connectedAt: string;
  awarenessClients: Set<number>;
}

const HELLO_TIMEOUT_MS = 10_000;
const MAX_FAILURES = 20;
const FAILURE_WINDOW_MS = 10 * 60 * 1000;
const MAX_MESSAGE = 512 * 1024 * 1024;

export class SyncHost {
  readonly code: string;
  readonly fingerprint: string;
  private readonly connections = new Set<Connection>();
  private readonly scopes = new Map<string, Scope>();
  private readonly locked = new Set<string>();
  private readonly failures = new Map<string, number[]>();
  readonly awareness: awarenessProtocol.Awareness;
  private stopLocal: () => void = () => {};
  private announcement: { stop(): void } | null = null;
  private stopped = false;

  private constructor(
    private readonly options: HostOptions,
    private readonly server: https.Server,
    private readonly wss: WebSocketServer,
    private readonly token: string,
    certificate: SessionCertificate,
  ) {
    this.fingerprint = certificate.fingerprint;
    this.code = makePairingCode(token, certificate.fingerprint);
    this.awareness = new awarenessProtocol.Awareness(options.shared.doc);
    this.awareness.setLocalState({ user: { name: options.identity.author, device: options.identity.device.name, deviceId: options.identity.device.id }, host: true });
  }

  static async start(options: HostOptions): Promise<SyncHost> {
    const certificate = options.certificate ?? makeSessionCertificate();
    const token = parseToken(options.token ?? newToken());
    const server = https.createServer({ cert: certificate.cert, key: certificate.key, minVersion: "TLSv1.2" });
    const wss = new WebSocketServer({ server, maxPayload: MAX_MESSAGE });
    const host = new SyncHost(options, server, wss, token, certificate);
    wss.on("connection", (socket, request) => host.accept(socket, request.socket.remoteAddress ?? "?"));
    // A plain ws:// or http:// client speaks no TLS: the handshake fails and the socket is dropped.
    server.on("tlsClientError", (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error) => reject(new MatrizError("io_error", { operation: "listen", path: `${options.bind ?? "0.0.0.0"}:${options.port ?? 0}`, ...networkDetail(error) })));
      server.listen(options.port ?? 0, options.bind ?? "0.0.0.0", () => resolve());
    });
    host.stopLocal = options.shared.onLocalUpdate((update) => host.broadcast(syncMessage(SYNC.update, update), null));
    host.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const from = origin && typeof origin === "object" && "peer" in origin ? (origin as Connection) : null;
      if (from) {
        for (const id of added) from.awarenessClients.add(id);
        for (const id of removed) from.awarenessClients.delete(id);
      }
      host.broadcast(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(host.awareness, changed)), from);
      host.emit({ type: "peers", peers: host.peers() });
    });
    if (options.discovery) {
      const info = options.store.info();
      host.announcement = options.discovery.announce({
        name: `${info.title} — ${options.identity.device.name}`.slice(0, 60),
        port: host.port,
        txt: { plan: info.id, title: info.title.slice(0, 100), fp: certificate.fingerprint },
      });
    }
    return host;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The join link for a QR code, for one of this laptop's addresses. */
  link(address: string): string {
    return joinLink(address, this.port, this.code, this.fingerprint);
  }

  /** This laptop's addresses on the room's network, for the host's screen. */
  static addresses(): string[] {
    return Object.values(os.networkInterfaces())
      .flat()
      .filter((a): a is os.NetworkInterfaceInfo => Boolean(a && a.family === "IPv4" && !a.internal))
      .map((a) => a.address);
  }

  private emit(event: HostEvent): void {
    this.options.onEvent?.(event);
  }

  peers(): PeerInfo[] {
    const states = this.awareness.getStates();
    return [...this.connections]
      .filter((c) => c.identity)
      .map((c) => {
        const clientId = [...c.awarenessClients][0];
        return {
          peer: c.peer,
          author: c.identity!.author,
          device: c.identity!.device,
          address: c.address,
          scope: this.scopes.get(c.identity!.device.id) ?? null,
          connectedAt: c.connectedAt,
          state: clientId === undefined ? null : ((states.get(clientId) as Record<string, unknown> | undefined) ?? null),
        };
      });
  }

  /** Gives a laptop (by device) one pillar, or the whole plan (null). Applies at once and on every reconnect. */
  setScope(deviceId: string, scope: Scope): void {
    if (scope) this.requirePillar(scope.pillar);
    if (scope) this.scopes.set(deviceId, scope);
    else this.scopes.delete(deviceId);
    for (const c of this.connections) if (c.identity?.device.id === deviceId) this.send(c, controlMessage({ t: "scope", scope }));
    this.emit({ type: "peers", peers: this.peers() });
  }

  get locks(): string[] {
    return [...this.locked];
  }

  /** Locks a pillar for plenary validation: no laptop's update may change it until unlocked. */
  lockPillar(pillarId: string): void {
    this.requirePillar(pillarId);
    this.locked.add(pillarId);
    this.broadcast(controlMessage({ t: "locks", locks: this.locks }), null);
  }

  unlockPillar(pillarId: string): void {
    this.locked.delete(pillarId);
    this.broadcast(controlMessage({ t: "locks", locks: this.locks }), null);
  }

  private requirePillar(id: string): void {
    if (!this.options.store.db.prepare("SELECT 1 FROM pillar WHERE id = ?").get(id)) throw new MatrizError("not_found", { entity: "pillar", id });
  }

  /* ------------------------------------------------------------ connections */

  private tooManyFailures(address: string): boolean {
    const now = Date.now();
    const recent = (this.failures.get(address) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
    this.failures.set(address, recent);
    return recent.length >= MAX_FAILURES;
  }

  private accept(socket: WebSocket, address: string): void {
    if (this.stopped) {
      socket.close(CLOSE.stopped, "host stopped");
      return;
    }
    if (this.tooManyFailures(address)) {
      socket.close(CLOSE.tooMany, "too many wrong codes; wait a few minutes");
      return;
    }
    const connection: Connection = { peer: newId(), socket, address, identity: null, connectedAt: new Date().toISOString(), awarenessClients: new Set() };
    this.connections.add(connection);
    const timer = setTimeout(() => {
      if (!connection.identity) socket.close(CLOSE.wrongCode, "no pairing code");
    }, HELLO_TIMEOUT_MS);
    socket.on("message", (data: Buffer) => {
      try {
        this.receive(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        this.emit({ type: "error", peer: connection.peer, error, message: (error as Error).stack ?? String(error) });
        socket.close(1003, `unreadable message: ${(error as Error).message}`.slice(0, 120));
      }
    });
    socket.on("close", () => {
      clearTimeout(timer);
      this.connections.delete(connection);
      if (connection.awarenessClients.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessClients], "closed");
      this.emit({ type: "peers", peers: this.peers() });
    });
    socket.on("error", () => socket.terminate());
  }

  private receive(c: Connection, data: Uint8Array): void {
    const message = decodeMessage(data);
    if (!c.identity) {
      if (message.type !== "control" || message.control.t !== "hello") throw new MatrizError("live_unreadable", { what: "hello" });
      this.hello(c, message.control);
      return;
    }
    const shared = this.options.shared;
    if (message.type === "sync") {
      if (message.kind === SYNC.step1) {
        this.send(c, syncMessage(SYNC.step2, shared.diff(message.payload)));
        return;
      }
      const deviceId = c.identity.device.id;
      const report = shared.applyRemote(message.payload, {
        authoritative: true,
        policy: scopePolicy(shared.db, () => this.scopes.get(deviceId) ?? null, () => this.locked),
      });
      // The update goes on to the others; the host's own findings (corrections, conflicts) follow through onLocalUpdate.
      this.broadcast(syncMessage(SYNC.update, message.payload), c);
      if (report.refused.length) {
        this.send(c, controlMessage({ t: "refused", refusals: report.refused }));
        this.emit({ type: "refused", peer: c.peer, author: c.identity.author, refusals: report.refused });
      }
      if (report.changeSets || report.conflicts.length) this.emit({ type: "changed", peer: c.peer, changeSets: report.changeSets, conflicts: report.conflicts });
      return;
    }
    if (message.type === "awareness") {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, c);
      return;
    }
    if (message.type === "control" && message.control.t === "check") {
      this.send(c, controlMessage({ t: "state", sv: toBase64(shared.stateVector()) }));
    }
  }

  private hello(c: Connection, hello: Extract<Control, { t: "hello" }>): void {
    const given = Buffer.from(String(hello.token ?? ""));
    const expected = Buffer.from(this.token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      this.failures.get(c.address)?.push(Date.now()) ?? this.failures.set(c.address, [Date.now()]);
      c.socket.close(CLOSE.wrongCode, "wrong pairing code");
      return;
    }
    const planId = this.options.store.info().id;
    if (hello.plan && hello.plan !== planId) {
      c.socket.close(CLOSE.otherPlan, "this host shares another plan");
      return;
    }
    if (typeof hello.author !== "string" || !hello.device || typeof hello.device.id !== "string") throw new MatrizError("live_unreadable", { what: "identity" });
    c.identity = {
      author: hello.author.slice(0, 200),
      device: { id: hello.device.id.slice(0, 100), name: String(hello.device.name ?? hello.device.id).slice(0, 200) },
    };
    if (hello.wantFile) {
      this.sendPlanFile(c);
      return;
    }
    this.send(
      c,
      controlMessage({
        t: "welcome",
        peer: c.peer,
        plan: planId,
        base: this.options.shared.base,
        scope: this.scopes.get(c.identity.device.id) ?? null,
        locks: this.locks,
        host: this.options.identity,
      }),
    );
    this.send(c, syncMessage(SYNC.step1, this.options.shared.stateVector()));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) this.send(c, awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
    this.emit({ type: "peers", peers: this.peers() });
  }

  /** A laptop without a copy gets the whole plan file (history included), in pieces, then joins with it. */
  private sendPlanFile(c: Connection): void {
    // One consistent image of the database, read in memory (faster than VACUUM INTO and a temporary file).
    const image = this.options.store.db.serialize();
    for (let offset = 0; offset < image.length; offset += FILE_PIECE) {
      this.send(c, fileMessage(image.length, offset, image.subarray(offset, Math.min(image.length, offset + FILE_PIECE))));
    }
    c.socket.close(1000, "plan sent");
  }

  private send(c: Connection, message: Uint8Array): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(message);
  }

  private broadcast(message: Uint8Array, except: Connection | null): void {
    for (const c of this.connections) if (c !== except && c.identity) this.send(c, message);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopLocal();
    this.announcement?.stop();
    this.awareness.destroy();
    for (const c of this.connections) c.socket.close(CLOSE.stopped, "host stopped");
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        for (const c of this.connections) c.socket.terminate();
        resolve();
      }, 2000);
      this.wss.close(() => {
        clearTimeout(deadline);
        resolve();
      });
    });
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
