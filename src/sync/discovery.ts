/**
 * Finding the host on the room's network (mDNS / DNS-SD, "_matriz._tcp"),
 * behind an interface so the engine never depends on it: a laptop can always
 * type the host's address instead. bonjour-service is loaded only when a host
 * announces itself or a laptop looks, never at start-up.
 */
export interface HostAnnouncement {
  /** What people see in the list: the plan and the host's laptop. */
  name: string;
  port: number;
  /** Never the token: only what helps pick the right host. */
  txt: { plan: string; title: string; fp: string };
}

export interface FoundHost {
  name: string;
  addresses: string[];
  port: number;
  plan: string | null;
  title: string | null;
  fingerprint: string | null;
}

export interface Discovery {
  announce(host: HostAnnouncement): { stop(): void };
  browse(onFound: (host: FoundHost) => void): { stop(): void };
  close(): void;
}

const SERVICE = "matriz";

/** mDNS through bonjour-service. */
export async function bonjourDiscovery(): Promise<Discovery> {
  const { Bonjour } = await import("bonjour-service");
  const bonjour = new Bonjour();
  return {
    announce(host) {
      const service = bonjour.publish({ name: host.name, type: SERVICE, port: host.port, txt: host.txt });
      return { stop: () => service.stop?.() };
    },
    browse(onFound) {
      const browser = bonjour.find({ type: SERVICE }, (service) => {
        const txt = (service.txt ?? {}) as Record<string, string>;
        onFound({
          name: service.name,
          addresses: service.addresses ?? [],
          port: service.port,
          plan: txt.plan ?? null,
          title: txt.title ?? null,
          fingerprint: txt.fp ?? null,
        });
      });
      return { stop: () => browser.stop() };
    },
    close() {
      bonjour.destroy();
    },
  };
}
