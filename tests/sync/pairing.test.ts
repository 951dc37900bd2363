import { describe, expect, it } from "vitest";
import { isMatrizError, type MatrizError } from "../../src/domain/errors";
import { errorMessage } from "../../src/i18n";
import { makeSessionCertificate } from "../../src/sync/certificate";
import { namesSameHost } from "../../src/domain/pairing-code";
import { fingerprintMatches, isPinned, joinLink, joinLinkInArgv, makePairingCode, newToken, parseJoinCode, parseJoinLink, parsePairingCode, parseToken, pinFingerprint } from "../../src/sync/pairing";

/** The error a call throws (a MatrizError, said in the user's language at the boundary). */
function refusal(work: () => unknown): MatrizError {
  try {
    work();
  } catch (error) {
    if (isMatrizError(error)) return error;
    throw error;
  }
  throw new Error("not refused");
}

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
    const typo = refusal(() => parsePairingCode(chars.join("")));
    expect(typo.code).toBe("live_code_typo");
    expect(errorMessage("es", typo.code, typo.params)).toBe(`El código «${chars.join("")}» tiene un error de tecleo: compárelo con la pantalla del anfitrión.`);
    const malformed = refusal(() => parsePairingCode("K7QM-29XH-4T@B-CD3F-9GHJ-KMNP"));
    expect(malformed.code).toBe("live_code_malformed");
    expect(errorMessage("en", malformed.code, malformed.params)).toContain("24 letters and digits");
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
    const mismatch = refusal(() => parseJoinLink(link.replace(/fp=[0-9a-f]{4}/, "fp=0000")));
    expect(mismatch.code).toBe("live_link_mismatch");
    expect(errorMessage("es", mismatch.code, mismatch.params)).toContain("no corresponden entre sí");
  });

  it("pins the host's whole fingerprint when it is known: a certificate sharing only the code's start no longer matches", () => {
    const code = makePairingCode("K7QM-29XH", cert.fingerprint);
    // The same first 75 bits as the host's certificate, another end: the code alone cannot tell them apart.
    const lookalike = cert.fingerprint.slice(0, -1) + (cert.fingerprint.endsWith("0") ? "1" : "0");
    expect(fingerprintMatches(parsePairingCode(code), lookalike)).toBe(true);
    const pinned = parseJoinCode(code, cert.fingerprint.toUpperCase().match(/../g)!.join(":"));
    expect(pinned.fingerprint).toBe(cert.fingerprint);
    expect(fingerprintMatches(pinned, cert.fingerprint)).toBe(true);
    expect(fingerprintMatches(pinned, lookalike)).toBe(false);
    expect(fingerprintMatches(parseJoinCode(code, lookalike), cert.fingerprint)).toBe(false);
    // A bare token is pinned by the fingerprint alone.
    expect(fingerprintMatches(parseJoinCode("K7QM-29XH", cert.fingerprint), lookalike)).toBe(false);
    expect(parseJoinCode(code, null)).toEqual(parsePairingCode(code));

    const otherHost = refusal(() => parseJoinCode(code, makeSessionCertificate().fingerprint));
    expect(otherHost.code).toBe("live_fingerprint_mismatch");
    expect(errorMessage("en", otherHost.code, otherHost.params)).toContain("do not belong to the same host");
    // A link's fingerprint stays: another one beside it is another host.
    expect(refusal(() => pinFingerprint(parseJoinLink(joinLink("127.0.0.1", 1, code, cert.fingerprint)).code, lookalike)).code).toBe("live_fingerprint_mismatch");
    const notOne = refusal(() => parseJoinCode(code, "abc"));
    expect(notOne.code).toBe("live_fingerprint");
    expect(errorMessage("es", notOne.code, notOne.params)).toContain("64 caracteres hexadecimales");
  });

  it("typed again by hand still names the link's host while its fingerprint characters are the same", () => {
    const code = makePairingCode("K7QM-29XH", cert.fingerprint);
    expect(namesSameHost(code, code)).toBe(true);
    expect(namesSameHost(code.toLowerCase().replace(/-/g, " ").replace(/0/g, "o"), code)).toBe(true);
    // Another token for the same host (its check character changes too): still that host.
    expect(namesSameHost(makePairingCode("ZZZZ-9999", cert.fingerprint), code)).toBe(true);
    expect(namesSameHost(makePairingCode("K7QM-29XH", makeSessionCertificate().fingerprint), code)).toBe(false);
    expect(namesSameHost("K7QM-29XH", code)).toBe(false);
    expect(namesSameHost("", code)).toBe(false);
  });

  it("a token an operator chose is refused in the user's language when it cannot be one", () => {
    const bad = refusal(() => parseToken("no!"));
    expect(bad.code).toBe("live_token");
    expect(errorMessage("es", bad.code, bad.params)).toMatch(/^«no!» no puede ser un código de sesión: tiene de 4 a 40 letras y cifras \(por ejemplo [0-9A-Z]{4}-[0-9A-Z]{4}\)\.$/);
  });
});

describe("a matriz:// link the operating system hands over", () => {
  const cert = makeSessionCertificate();
  const code = makePairingCode("K7QM-29XH", cert.fingerprint);
  const fp = cert.fingerprint.replace(/:/g, "").toLowerCase();
  const good = joinLink("192.168.1.20", 8765, code, cert.fingerprint);

  it("is read when it is exactly a host's join link: an address or a network name, a port, a pinned code and its fingerprint", () => {
    expect(parseJoinLink(good)).toMatchObject({ host: "192.168.1.20", port: 8765, code: { token: "K7QM29XH", fingerprint: fp } });
    // Windows may add a slash before the query; the scheme's case does not matter.
    expect(parseJoinLink(good.replace("matriz://join?", "MATRIZ://join/?"))).toMatchObject({ host: "192.168.1.20", port: 8765 });
    expect(parseJoinLink(joinLink("sala-plenaria.local", 443, code, cert.fingerprint)).host).toBe("sala-plenaria.local");
    expect(parseJoinLink(joinLink("fe80::1", 8765, code, cert.fingerprint)).host).toBe("fe80::1");
  });

  it("refuses anything else: other schemes and actions, paths, user information, unknown or repeated values, a bad host, port, code or fingerprint", () => {
    const q = `host=192.168.1.20&port=8765&code=${code}&fp=${fp}`;
    const refused = [
      `https://join?${q}`,
      `file:///etc/passwd?${q}`,
      `matriz:join?${q}`,
      `matriz://open?${q}`,
      `matriz://join/../../etc?${q}`,
      `matriz://join/C:/Users/a.matriz?${q}`,
      `matriz://user:pw@join?${q}`,
      `matriz://join?${q}#fragment`,
      `matriz://join?${q}&file=/etc/passwd`,
      `matriz://join?${q}&host=10.0.0.1`,
      `matriz://join?port=8765&code=${code}&fp=${fp}`,
      `matriz://join?host=..%2F..%2Fetc&port=8765&code=${code}&fp=${fp}`,
      `matriz://join?host=%2Fetc%2Fpasswd&port=8765&code=${code}&fp=${fp}`,
      `matriz://join?host=C%3A%5Cplan.matriz&port=8765&code=${code}&fp=${fp}`,
      `matriz://join?host=a%20b&port=8765&code=${code}&fp=${fp}`,
      `matriz://join?host=192.168.1.20&port=0&code=${code}&fp=${fp}`,
      `matriz://join?host=192.168.1.20&port=70000&code=${code}&fp=${fp}`,
      `matriz://join?host=192.168.1.20&port=+8765&code=${code}&fp=${fp}`,
      `matriz://join?host=192.168.1.20&port=8765&code=K7QM-29XH&fp=${fp}`,
      `matriz://join?host=192.168.1.20&port=8765&code=${code}&fp=${fp.slice(2)}`,
      `matriz://join?host=192.168.1.20&port=8765&code=${code}&fp=${"z".repeat(64)}`,
      ` ${"matriz://join?" + q + "&x=" + "a".repeat(600)}`,
      "",
    ];
    for (const link of refused) expect(refusal(() => parseJoinLink(link)).code, link).toBe("live_not_join_link");
    // A well-formed link whose code was mistyped says so.
    const typo = code.replace(/^(.)/, (c) => (c === "A" ? "B" : "A"));
    expect(refusal(() => parseJoinLink(good.replace(code, typo))).code).toBe("live_code_typo");
    expect(errorMessage("es", "live_not_join_link")).toBe("Ese enlace no es un enlace para unirse a un taller de Matriz.");
  });

  it("is found among the arguments the app was started with, whatever else is there", () => {
    expect(joinLinkInArgv(["/opt/Matriz/matriz", "--no-sandbox", good])).toBe(good);
    expect(joinLinkInArgv(["/opt/Matriz/matriz", "plan.matriz"])).toBeNull();
    expect(joinLinkInArgv(["C:\\Matriz\\Matriz.exe", "MATRIZ://join/?x=1"])).toBe("MATRIZ://join/?x=1");
  });
});
