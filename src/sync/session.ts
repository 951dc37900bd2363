/**
 * What the app calls for live editing on the open plan: host (start, stop, the
 * pairing code and join links to show), join (by address and code, or a link),
 * who is connected and where their cursor is, pillar scope and locks. One
 * session per open plan; the shared document lives here, in the core, never in
 * the renderer.
 */
import { MatrizError } from "../domain/errors";
import type { PlanStore } from "../storage/plan-store";
import { SyncClient, type ClientEvent } from "./client";
import type { Device } from "./device";
import type { Discovery, FoundHost } from "./discovery";
import { SharedPlan, type Refusal } from "./engine";
import { SyncHost, type HostEvent } from "./host";
import { parseJoinCode, parseJoinLink } from "./pairing";
import type { Scope } from "./protocol";

export interface HostInfo {
  code: string;
  port: number;
  fingerprint: string;
  addresses: string[];
  /** A join link per address, for a QR code. */
  links: string[];
}

export interface Peer {
  name: string;
  device: { id: string; name: string } | null;
  scope: Scope;
  cursor: { entity: string; id: string; field?: string } | null;
  host: boolean;
}

export type SessionEvent =
  | { type: "peers"; peers: Peer[] }
  /** The plan changed under the UI (another laptop's edit): it should read the grid again. */
  | { type: "plan-changed"; conflicts: string[] }
  | { type: "refused"; refusals: Refusal[]; by: string | null }
  | { type: "status"; status: "hosting" | "online" | "offline" | "stopped" }
  | { type: "denied"; reason: string }
  | { type: "scope"; scope: Scope }
  | { type: "locks"; locks: string[] };

export class LiveSession {
  private shared: SharedPlan | null = null;
  private server: SyncHost | null = null;
  private client: SyncClient | null = null;

  constructor(
    private readonly store: PlanStore,
    private readonly who: { author: () => string; device: Device },
    private readonly onEvent: (event: SessionEvent) => void = () => {},
  ) {}

  get role(): "host" | "guest" | null {
    return this.server ? "host" : this.client ? "guest" : null;
  }

  private sharedPlan(): SharedPlan {
    this.shared ??= SharedPlan.attach(this.store.db, { author: this.who.author, device: this.who.device });
    return this.shared;
  }

  /** Hosts the open plan for the room. `bind` defaults to every interface; `discovery` announces it (mDNS). */
  async host(options: { port?: number; bind?: string; token?: string; discovery?: Discovery | null } = {}): Promise<HostInfo> {
    if (this.role) throw new MatrizError("live_session_running");
    const shared = this.sharedPlan();
    this.server = await SyncHost.start({
      store: this.store,
      shared,
      identity: { author: this.who.author(), device: this.who.device },
      port: options.port ?? 0,
      bind: options.bind,
      token: options.token,
      discovery: options.discovery ?? null,
      onEvent: (event) => this.fromHost(event),
    });
    this.onEvent({ type: "status", status: "hosting" });
    const addresses = options.bind && options.bind !== "0.0.0.0" ? [options.bind] : SyncHost.addresses();
    return { code: this.server.code, port: this.server.port, fingerprint: this.server.fingerprint, addresses, links: addresses.map((a) => this.server!.link(a)) };
  }

  /**
   * Joins a host by address and pairing code, or by a join link (from a QR code). With the
   * host's whole fingerprint (a link's, one read out), the host must match all of it.
   */
  join(target: { host: string; port: number; code: string; fingerprint?: string } | { link: string }): void {
    if (this.role) throw new MatrizError("live_session_running");
    const { host, port, code } = "link" in target ? parseJoinLink(target.link) : { host: target.host, port: target.port, code: parseJoinCode(target.code, target.fingerprint) };
    this.client = new SyncClient({
      host,
      port,
      code,
      identity: { author: this.who.author(), device: this.who.device },
      plan: this.store.info().id,
      open: () => this.sharedPlan(),
      onEvent: (event) => this.fromClient(event),
    });
    this.client.connect();
  }

  /** Laptops announcing a plan on the room's network, found for `timeoutMs`. */
  static async discover(discovery: Discovery, timeoutMs = 3000): Promise<FoundHost[]> {
    const found = new Map<string, FoundHost>();
    const browsing = discovery.browse((host) => found.set(`${host.name}|${host.port}`, host));
    await new Promise((resolve) => setTimeout(resolve, timeoutMs));
    browsing.stop();
    return [...found.values()];
  }

  peers(): Peer[] {
    if (this.server) {
      const me: Peer = { name: this.who.author(), device: this.who.device, scope: null, cursor: cursorOf(this.server.awareness.getLocalState()), host: true };
      return [me, ...this.server.peers().map((p) => ({ name: p.author, device: p.device, scope: p.scope, cursor: cursorOf(p.state), host: false }))];
    }
    if (this.client) {
      return this.client.peers().map((p) => {
        const user = (p.state.user ?? {}) as { name?: unknown; device?: unknown; deviceId?: unknown };
        const device = typeof user.device === "string" ? { id: typeof user.deviceId === "string" ? user.deviceId : "", name: user.device } : null;
        return { name: typeof user.name === "string" ? user.name : "?", device, scope: null, cursor: cursorOf(p.state), host: Boolean(p.state.host) };
      });
    }
    return [];
  }

  setCursor(cursor: Peer["cursor"]): void {
    if (this.server) this.server.awareness.setLocalStateField("cursor", cursor);
    this.client?.setCursor(cursor);
  }

  /** Host only: a laptop's breakout group (one pillar) or the whole plan (null). */
  setScope(deviceId: string, pillarId: string | null): void {
    this.requireHost().setScope(deviceId, pillarId ? { pillar: pillarId } : null);
  }

  lockPillar(pillarId: string): void {
    this.requireHost().lockPillar(pillarId);
  }

  unlockPillar(pillarId: string): void {
    this.requireHost().unlockPillar(pillarId);
  }

  get locks(): string[] {
    return this.server?.locks ?? this.client?.locks ?? [];
  }

  /** This laptop's pillar as the host gave it (a guest), null for the whole plan. */
  get scope(): Scope {
    return this.client?.scope ?? null;
  }

  /** The shared document while a session holds it (a merge during the session goes through it, to reach the room). */
  get sharedPlanIfOpen(): SharedPlan | null {
    return this.shared;
  }

  private requireHost(): SyncHost {
    if (!this.server) throw new MatrizError("live_host_only");
    return this.server;
  }

  private fromHost(event: HostEvent): void {
    if (event.type === "peers") this.onEvent({ type: "peers", peers: this.peers() });
    else if (event.type === "refused") this.onEvent({ type: "refused", refusals: event.refusals, by: event.author });
    else if (event.type === "changed") this.onEvent({ type: "plan-changed", conflicts: event.conflicts });
  }

  private fromClient(event: ClientEvent): void {
    if (event.type === "status") this.onEvent({ type: "status", status: event.status === "connecting" ? "offline" : event.status });
    else if (event.type === "changed") this.onEvent({ type: "plan-changed", conflicts: event.conflicts });
    else if (event.type === "refused") this.onEvent({ type: "refused", refusals: event.refusals as Refusal[], by: null });
    else if (event.type === "denied") this.onEvent({ type: "denied", reason: event.reason });
    else if (event.type === "peers") this.onEvent({ type: "peers", peers: this.peers() });
    else if (event.type === "scope") this.onEvent({ type: "scope", scope: event.scope });
    else if (event.type === "locks") this.onEvent({ type: "locks", locks: event.locks });
  }

  /** Stops hosting or leaves; the plan stays open, every edit kept. */
  async stop(): Promise<void> {
    await this.server?.stop();
    await this.client?.stop();
    this.server = null;
    this.client = null;
    this.shared?.close();
    this.shared = null;
    this.onEvent({ type: "status", status: "stopped" });
  }
}

function cursorOf(state: Record<string, unknown> | null): Peer["cursor"] {
  const cursor = state?.cursor as Peer["cursor"] | undefined;
  return cursor && typeof cursor === "object" && typeof cursor.id === "string" ? cursor : null;
}
