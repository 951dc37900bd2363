/**
 * Runs LibreOffice headless through Python-UNO for real round trips: one
 * soffice per batch, a throwaway profile per run, and the whole process group
 * killed on every way out (success, failure, timeout).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type CellEdit = { sheet: string; cell: string } & ({ number: number } | { text: string } | { formula: string });
export interface FillJob {
  in: string;
  edits?: CellEdit[];
  out: Array<{ path: string; format: "xlsx" | "xls" | "ods" | "csv"; password?: string }>;
}

const SCRIPT = path.join(import.meta.dirname, "libreoffice_fill.py");

export async function fillWithLibreOffice(jobs: FillJob[], timeoutMs = 60_000): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-lo-"));
  const jobsFile = path.join(work, "jobs.json");
  fs.writeFileSync(jobsFile, JSON.stringify(jobs));
  // detached: python and the soffice it starts share a new process group we can kill at once.
  const child = spawn("/usr/bin/python3", [SCRIPT, jobsFile, path.join(work, "profile")], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const killGroup = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        killGroup();
        reject(new Error(`LibreOffice timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      child.on("error", reject);
      child.on("exit", (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`LibreOffice batch failed (${code}): ${stderr.slice(-2000)}`));
      });
    });
  } finally {
    killGroup();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
