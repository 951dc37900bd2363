import { describe, expect, it } from "vitest";
import { makeSessionCertificate } from "../../src/sync/certificate";
import { fingerprintMatches, isPinned, joinLink, makePairingCode, newToken, parseJoinLink, parsePairingCode } from "../../src/sync/pairing";

describe("the pairing code", () => {
  const cert = makeSessionCertificate();

  it("is 24 characters in six groups a person can read out, and pins the host's certificate", () => {
    const code = makePairingCode(newToken(), cert.fingerprint);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/);
    const parsed = parsePairingCode(code.toLowerCase().replace(/0/g, "o"));
    expect(fingerprintMatches(parsed, cert.fingerprint)).toBe(true);
    expect(fingerprintMatches(parsed, makeSessionCertificate().fingerprint)).toBe(false);
  });

  it("says a typo is a typo (the check character), not a wrong host", () => {
    const code = makePairingCode("K7QM-29XH", cert.fingerprint);
    const chars = code.split("");
    const at = 12;
    chars[at] = chars[at] === "A" ? "B" : "A";
    expect(() => parsePairingCode(chars.join(""))).toThrow(/typo/);
    expect(() => parsePairingCode("K7QM-29XH-4T@B-CD3F-9GHJ-KMNP")).toThrow(/24 letters/);
  });

  it("may be the operator's own token alone: it joins, but cannot check the host", () => {
    const bare = parsePairingCode("k7qm-29xh");
    expect(bare).toEqual({ token: "K7QM29XH", fingerprintPrefix: null, fingerprint: null });
    expect(isPinned(bare)).toBe(false);
    expect(isPinned(parsePairingCode(makePairingCode("secret1", cert.fingerprint)))).toBe(true);
    expect(parsePairingCode(makePairingCode("secret1", cert.fingerprint)).token).toBe("SECRET1");
  });

  it("goes in a join link for a QR code with the whole fingerprint", () => {
    const code = makePairingCode("K7QM-29XH", cert.fingerprint);
    const link = joinLink("192.168.1.20", 8765, code, cert.fingerprint);
    const parsed = parseJoinLink(link);
    expect(parsed).toMatchObject({ host: "192.168.1.20", port: 8765, code: { token: "K7QM29XH", fingerprint: cert.fingerprint } });
    expect(() => parseJoinLink(link.replace(/fp=[0-9a-f]{4}/, "fp=0000"))).toThrow(/belong together/);
  });
});
