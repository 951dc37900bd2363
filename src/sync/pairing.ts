/**
 * The pairing code a host shows and a laptop types: a secret token and the
 * start of the host certificate's fingerprint, so typing it both proves the
 * laptop was in the room and pins the host (a machine on the hotel network
 * pretending to be the host has another certificate and is refused before the
 * token leaves the laptop).
 *
 * 24 characters in six groups of four, Crockford base32 (no I, L, O or U;
 * lower case, O for 0 and I/L for 1 are read as meant):
 *   TTTT-TTTT-FFFF-FFFF-FFFF-FFFC
 *   T: token, 40 bits (guessing it online takes 2^39 tries on average; the host
 *      slows down after wrong codes); F: the first 75 bits of the SHA-256
 *      fingerprint (forging a certificate that matches is out of reach);
 *   C: a check character, so a typo is said as a typo rather than as a wrong host.
 * The same code goes in a join link for a QR code, with the host's address and
 * the whole fingerprint: matriz://join?host=…&port=…&code=…&fp=…
 *
 * A server's operator may choose the token (`serve --code`, 4 to 40 letters and
 * digits); the code is then that token followed by the 16 fingerprint and check
 * characters. A laptop given only the token (no fingerprint) still joins, but
 * cannot check the host: it says so.
 */
import { randomBytes } from "node:crypto";
import { MatrizError } from "../domain/errors";
import { MIN_TOKEN, normaliseCode, PIN_CHARS } from "../domain/pairing-code";

export { normaliseCode };

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TOKEN_CHARS = 8;
const MAX_TOKEN = 40;
const FINGERPRINT_CHARS = 15;

/** Bytes as base32 characters, most significant bit first. */
function toBase32(bytes: Uint8Array, chars: number): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
    if (out.length >= chars) break;
  }
  return out;
}

function checkChar(chars: string): string {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) sum += (i + 1) * (chars.charCodeAt(i) - 47);
  return ALPHABET[sum % 31]!;
}

const isTokenChar = (c: string) => /[0-9A-Z]/.test(c);

const group = (chars: string) => chars.match(/.{1,4}/g)!.join("-");

/** A new random token (the secret part), as typed: XXXX-XXXX. */
export function newToken(): string {
  return group(toBase32(randomBytes(5), TOKEN_CHARS));
}

/** Checks a token a host operator chose (serve --code): 4 to 40 letters and digits. */
export function parseToken(text: string): string {
  const token = normaliseCode(text);
  if (token.length < MIN_TOKEN || token.length > MAX_TOKEN || [...token].some((c) => !isTokenChar(c))) {
    throw new MatrizError("live_token", { token: text.slice(0, 60), example: newToken() });
  }
  return token;
}

/** The fingerprint as lower-case hex without separators (Node writes it AA:BB:…). */
export function fingerprintHex(fingerprint: string): string {
  return fingerprint.replace(/:/g, "").toLowerCase();
}

function fingerprintChars(fingerprint: string): string {
  return toBase32(Buffer.from(fingerprintHex(fingerprint), "hex"), FINGERPRINT_CHARS);
}

export function makePairingCode(token: string, fingerprint: string): string {
  const body = parseToken(token) + fingerprintChars(fingerprint);
  return group(body + checkChar(body));
}

export interface PairingCode {
  token: string;
  /** The start of the host certificate's fingerprint, as base32 (null: a bare token, the host cannot be checked). */
  fingerprintPrefix: string | null;
  /** The whole fingerprint, when the code came in a join link. */
  fingerprint: string | null;
}

export function parsePairingCode(text: string): PairingCode {
  const chars = normaliseCode(text);
  const wellFormed = [...chars].every(isTokenChar);
  if (wellFormed && chars.length >= MIN_TOKEN + PIN_CHARS && chars.length <= MAX_TOKEN + PIN_CHARS) {
    const body = chars.slice(0, -1);
    if (checkChar(body) !== chars.slice(-1)) throw new MatrizError("live_code_typo", { code: text.slice(0, 60) });
    return { token: body.slice(0, -FINGERPRINT_CHARS), fingerprintPrefix: body.slice(-FINGERPRINT_CHARS), fingerprint: null };
  }
  if (wellFormed && chars.length >= MIN_TOKEN && chars.length < MIN_TOKEN + PIN_CHARS) return { token: chars, fingerprintPrefix: null, fingerprint: null };
  throw new MatrizError("live_code_malformed", { code: text.slice(0, 60) });
}

/** A certificate fingerprint as a host shows it: 64 hexadecimal characters, with or without colons. */
const FINGERPRINT = /^(?:[0-9a-f]{64}|[0-9a-f]{2}(?::[0-9a-f]{2}){31})$/i;

export function isFingerprint(text: string): boolean {
  return FINGERPRINT.test(text.trim());
}

/**
 * The code pinned to the host's whole fingerprint (a join link's, a QR code's, one the
 * operator read out): the host's certificate must then match all 256 bits, not only the
 * 75 the code carries. A fingerprint that is not the code's host (nor the one a link
 * already pinned) is refused here, before anything reaches the network.
 */
export function pinFingerprint(code: PairingCode, fingerprint: string): PairingCode {
  if (!isFingerprint(fingerprint)) throw new MatrizError("live_fingerprint", { fingerprint: fingerprint.slice(0, 100) });
  const whole = fingerprintHex(fingerprint.trim());
  const otherHost = (code.fingerprintPrefix !== null && fingerprintChars(whole) !== code.fingerprintPrefix) || (code.fingerprint !== null && fingerprintHex(code.fingerprint) !== whole);
  if (otherHost) throw new MatrizError("live_fingerprint_mismatch");
  return { ...code, fingerprint: whole };
}

/** A code as typed, pinned to the host's whole fingerprint when that is known too. */
export function parseJoinCode(text: string, fingerprint?: string | null): PairingCode {
  const code = parsePairingCode(text);
  return fingerprint ? pinFingerprint(code, fingerprint) : code;
}

/** A code without the fingerprint: the laptop cannot tell the host from an impostor. */
export function isPinned(code: PairingCode): boolean {
  return Boolean(code.fingerprint || code.fingerprintPrefix);
}

/** Does the certificate the host presented match the code? */
export function fingerprintMatches(code: PairingCode, presented: string): boolean {
  if (code.fingerprint) return fingerprintHex(code.fingerprint) === fingerprintHex(presented);
  if (code.fingerprintPrefix === null) return true;
  return fingerprintChars(presented) === code.fingerprintPrefix;
}

/** The join link for a QR code: everything a laptop needs, the whole fingerprint included. */
export function joinLink(host: string, port: number, code: string, fingerprint: string): string {
  const params = new URLSearchParams({ host, port: String(port), code, fp: fingerprintHex(fingerprint) });
  return `matriz://join?${params.toString()}`;
}

export interface JoinTarget {
  host: string;
  port: number;
  code: PairingCode;
  /** The code as the host shows it (groups of four), to fill in a form. */
  codeText: string;
}

/** Longer than any link a host makes (a long host name and the whole fingerprint fit in 300). */
const MAX_LINK = 512;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** An IPv6 address without a zone (no "%eth0"): hex groups and colons, a dotted IPv4 tail allowed. */
const IPV6 = /^(?=.*:.*:)[0-9a-f:.]{2,45}$/i;

/** A host as a link may name it: an IPv4 or IPv6 address or a network name; never a path, a user or a port. */
export function isHostAddress(host: string): boolean {
  return IPV4.test(host) || DNS_NAME.test(host) || IPV6.test(host);
}

/**
 * A join link as a QR code or an invitation carries it, checked strictly because the
 * operating system hands the app any matriz: link a web page or a message opens:
 * only matriz://join?host=…&port=…&code=…&fp=… with exactly those four values, a host
 * that is an address or a network name, a port, a pinned pairing code and the whole
 * fingerprint it belongs to. Anything else (another scheme or action, a path, user
 * information, a fragment, an unknown or repeated value) is refused.
 */
export function parseJoinLink(link: string): JoinTarget {
  const refuse = () => new MatrizError("live_not_join_link");
  if (typeof link !== "string" || link.length > MAX_LINK) throw refuse();
  const match = /^matriz:\/\/join\/?\?([A-Za-z0-9._~%&=-]*)$/i.exec(link.trim());
  if (!match) throw refuse();
  const params = new URLSearchParams(match[1]);
  const keys = [...params.keys()];
  if (keys.length !== 4 || new Set(keys).size !== 4) throw refuse();
  const [host, portText, codeText, fp] = ["host", "port", "code", "fp"].map((key) => params.get(key));
  if (host == null || portText == null || codeText == null || fp == null) throw refuse();
  const port = Number(portText);
  if (!isHostAddress(host) || !/^\d{1,5}$/.test(portText) || port < 1 || port > 65535 || !/^[0-9a-f]{64}$/i.test(fp)) throw refuse();
  if (!/^[0-9A-Za-z-]{4,80}$/.test(codeText)) throw refuse();
  const code = parsePairingCode(codeText);
  // A link always pins the host: a bare token in a link is not one a host made.
  if (!code.fingerprintPrefix) throw refuse();
  if (!fingerprintMatches(code, fp)) throw new MatrizError("live_link_mismatch");
  return { host, port, code: { ...code, fingerprint: fp.toLowerCase() }, codeText: group(normaliseCode(codeText)) };
}

/** The join link among the arguments the operating system started the app with (Windows, Linux), not yet checked. */
export function joinLinkInArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => /^matriz:/i.test(arg)) ?? null;
}
