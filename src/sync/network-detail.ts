/**
 * Network failures in the user's words: Node says them in English ("connect
 * ECONNREFUSED 192.168.1.20:8765"); their codes are turned into a detail message
 * of the catalogue (src/i18n detail.net_*), the code itself kept when it has none.
 */
import type { ErrorParams } from "../domain/errors";
import { detailed } from "../i18n";

const NETWORK_DETAILS: Record<string, Parameters<typeof detailed>[0]> = {
  ECONNREFUSED: "net_refused",
  ETIMEDOUT: "net_timeout",
  EHOSTUNREACH: "net_unreachable",
  ENETUNREACH: "net_unreachable",
  EHOSTDOWN: "net_unreachable",
  ENOTFOUND: "net_unknown_host",
  EAI_AGAIN: "net_unknown_host",
  ECONNRESET: "net_reset",
  EPIPE: "net_reset",
  EADDRINUSE: "net_in_use",
  EADDRNOTAVAIL: "net_no_such_address",
  EACCES: "net_port_forbidden",
};

/** A network failure in words the user's language has (Node's own message is English); the code itself when it has none. */
export function networkDetail(error: unknown): ErrorParams {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? "";
  const key = NETWORK_DETAILS[code] ?? (/^ERR_(TLS|SSL)|^EPROTO$/.test(code) ? "net_tls" : undefined);
  return key ? detailed(key) : { detail: code || (error instanceof Error ? error.message : String(error)) };
}

