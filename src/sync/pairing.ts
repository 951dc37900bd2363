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

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TOKEN_CHARS = 8;
const MIN_TOKEN = 4;
const MAX_TOKEN = 40;
const FINGERPRINT_CHARS = 15;
const PIN_CHARS = FINGERPRINT_CHARS + 1;

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

/** Upper case, separators dropped, O read as 0 and I/L as 1. */
export function normaliseCode(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
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
    throw new MatrizError("usage", { detail: `a session code is 4 to 40 letters and digits (for example ${newToken()}), not "${text}"` });
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
    if (checkChar(body) !== chars.slice(-1)) throw new MatrizError("usage", { detail: `the pairing code "${text}" has a typo: check it against the host's screen` });
    return { token: body.slice(0, -FINGERPRINT_CHARS), fingerprintPrefix: body.slice(-FINGERPRINT_CHARS), fingerprint: null };
  }
  if (wellFormed && chars.length >= MIN_TOKEN && chars.length < MIN_TOKEN + PIN_CHARS) return { token: chars, fingerprintPrefix: null, fingerprint: null };
  throw new MatrizError("usage", { detail: `a pairing code has 24 letters and digits in groups of four, as the host shows it; "${text}" is not one` });
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

export function parseJoinLink(link: string): { host: string; port: number; code: PairingCode } {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new MatrizError("usage", { detail: `not a join link: ${link}` });
  }
  const host = url.searchParams.get("host");
  const port = Number(url.searchParams.get("port"));
  const fp = url.searchParams.get("fp");
  if (url.protocol !== "matriz:" || !host || !Number.isInteger(port) || !fp) throw new MatrizError("usage", { detail: `not a join link: ${link}` });
  const code = parsePairingCode(url.searchParams.get("code") ?? "");
  if (!fingerprintMatches(code, fp)) throw new MatrizError("usage", { detail: "the join link's code and fingerprint do not belong together" });
  return { host, port, code: { ...code, fingerprint: fingerprintHex(fp) } };
}
