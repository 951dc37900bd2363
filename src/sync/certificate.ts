/**
 * The host's TLS certificate, made for the session: self-signed (no authority
 * can vouch for a laptop in a hotel), its fingerprint carried by the pairing
 * code instead. The key pair comes from Node's own crypto (native, about
 * 0.05 s for RSA-2048); node-forge only writes and signs the certificate,
 * which Node's crypto cannot do.
 */
import { X509Certificate, generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

export interface SessionCertificate {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, lower-case hex. */
  fingerprint: string;
}

export function makeSessionCertificate(commonName = "Matriz live session", days = 30): SessionCertificate {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive serial: the top bit cleared.
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  cert.serialNumber = serial.toString("hex");
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  const name = [{ name: "commonName", value: commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert);
  return { cert: pem, key: privateKey, fingerprint: new X509Certificate(pem).fingerprint256.replace(/:/g, "").toLowerCase() };
}
