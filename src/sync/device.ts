/**
 * Which laptop typed a change. Every installation has a device id (stable) and a
 * name people recognise ("Laptop Pilar 2", the computer's name by default). The
 * app keeps them in its settings folder; the command line in the user's
 * configuration folder; MATRIZ_DEVICE / MATRIZ_DEVICE_ID override both (tests
 * run several "laptops" on one machine this way).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";

export interface Device {
  id: string;
  name: string;
}

const FILE = "device.json";

function defaultName(): string {
  try {
    return os.hostname() || "Matriz";
  } catch {
    return "Matriz";
  }
}

/** Reads the device kept in `dir`, creating it the first time. A damaged file is replaced. */
export function deviceInFolder(dir: string, name?: string): Device {
  const file = path.join(dir, FILE);
  try {
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Device>;
    if (typeof stored.id === "string" && stored.id.length >= 8 && typeof stored.name === "string") {
      return { id: stored.id, name: name ?? stored.name };
    }
  } catch {
    // Not there yet, or unreadable: make a new identity below.
  }
  const device = { id: randomUUID(), name: name ?? defaultName() };
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(device, null, 2));
  } catch {
    // A read-only home still gets an identity for this run.
  }
  return device;
}

/** The command line's device: from the environment, else the user's configuration folder. */
export function deviceFromEnvironment(env: NodeJS.ProcessEnv): Device {
  if (env.MATRIZ_DEVICE_ID) return { id: env.MATRIZ_DEVICE_ID, name: env.MATRIZ_DEVICE || defaultName() };
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return deviceInFolder(path.join(base, "matriz"), env.MATRIZ_DEVICE || undefined);
}
