/**
 * Twenty simulated laptops in one process, each typing two edits a second into
 * its own cells (the schedule of its own actions) through a real WebSocket
 * connection to the host. A laptop here is the protocol without a plan: a small
 * Yjs document holding only its own edits, enough to make real updates; each
 * edit carries the time it was typed, and every other laptop notes when the
 * host's relay brought it. Prints {"latencies": [...], "sent": n} when done.
 * Run: tsx bench/sync-fleet.ts <port> <code> <laptops> <seconds> <actionIds.json>
 */
import fs from "node:fs";
import WebSocket from "ws";
import * as Y from "yjs";
import { fingerprintMatches, parsePairingCode } from "../src/sync/pairing";
import { SYNC, controlMessage, decodeMessage, syncMessage } from "../src/sync/protocol";
import { SETS, cellKey } from "../src/sync/shape";

const [port, codeText, laptopsText, secondsText, actionsFile] = process.argv.slice(2);
const code = parsePairingCode(codeText!);
const laptops = Number(laptopsText);
const seconds = Number(secondsText);
const actions = JSON.parse(fs.readFileSync(actionsFile!, "utf8")) as string[];
const latencies: number[] = [];
let sent = 0;
const MARK = /⏱(\d+(?:\.\d+)?)/;

function connect(index: number): Promise<{ socket: WebSocket; doc: Y.Doc }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`wss://127.0.0.1:${port}/`, { rejectUnauthorized: false, perMessageDeflate: false });
    const doc = new Y.Doc();
    socket.on("upgrade", (response) => {
      const cert = (response.socket as import("node:tls").TLSSocket).getPeerCertificate();
      if (!fingerprintMatches(code, cert.fingerprint256)) reject(new Error("wrong host"));
    });
    socket.on("open", () => socket.send(controlMessage({ t: "hello", token: code.token, plan: null, base: null, author: `laptop ${index}`, device: { id: `fleet-${index}`, name: `Laptop ${index}` } })));
    socket.on("message", (data: Buffer) => {
      const message = decodeMessage(new Uint8Array(data));
      if (message.type === "control" && message.control.t === "welcome") resolve({ socket, doc });
      if (message.type !== "sync" || message.kind === SYNC.step1) return;
      const now = performance.timeOrigin + performance.now();
      for (const struct of Y.decodeUpdate(message.payload).structs) {
        if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
        const value = struct.content.getContent()[0];
        const mark = typeof value === "string" ? MARK.exec(value) : null;
        if (mark && struct.id.client !== doc.clientID) latencies.push(now - Number(mark[1]));
      }
    });
    socket.on("error", reject);
  });
}

const fleet = await Promise.all(Array.from({ length: laptops }, (_, i) => connect(i)));
const deadline = Date.now() + seconds * 1000;
let seq = 0;
await new Promise<void>((resolve) => {
  // Each laptop types every 500 ms, the laptops spread over that half second.
  const timers = fleet.map(({ socket, doc }, i) =>
    setTimeout(() => {
      const own = actions.slice(i * 5, i * 5 + 5);
      const tick = setInterval(() => {
        if (Date.now() > deadline) {
          clearInterval(tick);
          return;
        }
        const before = Y.encodeStateVector(doc);
        const start = Y.getState(doc.store, doc.clientID);
        const typed = performance.timeOrigin + performance.now();
        doc.transact(() => {
          doc.getMap("action").set(cellKey(own[seq % own.length]!, "schedule"), `Durante 2019 · ${i}/${seq++} ⏱${typed}`);
          doc.getMap(SETS).set(`${doc.clientID}:${start}`, { a: `laptop ${i}`, t: new Date().toISOString(), r: null, s: "typed", l: "action schedule", d: `fleet-${i}`, n: `Laptop ${i}` });
        });
        socket.send(syncMessage(SYNC.update, Y.encodeStateAsUpdate(doc, before)));
        sent++;
      }, 500);
    }, (i * 500) / laptops),
  );
  setTimeout(() => {
    timers.forEach(clearTimeout);
    resolve();
  }, seconds * 1000 + 1500);
});
for (const { socket } of fleet) socket.close();
const sorted = [...latencies].sort((a, b) => a - b);
const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
process.stdout.write(`${JSON.stringify({ p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? NaN, received: latencies.length, sent })}\n`, () => process.exit(0));
