/**
 * LazyFS for the power-cut tests: a FUSE file system that keeps what is written
 * in its own cache until it is fsynced, and drops every unsynced byte on
 * command, as a power cut does. Found at ../shared/tools/lazyfs beside the
 * repository (or a folder above it, for a worktree), or at MATRIZ_LAZYFS.
 * Needs root, /dev/fuse and fuse3 (.ci/run installs it).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export function findLazyFs(repoRoot: string): string {
  if (process.env.MATRIZ_LAZYFS) return process.env.MATRIZ_LAZYFS;
  const tried: string[] = [];
  // Bounded by the depth of the path: up to the file system's root.
  for (let dir = repoRoot; ; dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), "shared", "tools", "lazyfs", "lazyfs");
    tried.push(candidate);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`LazyFS not found (looked for ${tried.slice(0, 3).join(", ")} …); set MATRIZ_LAZYFS to its "lazyfs" script`);
}

export class LazyFs {
  private mounted = false;
  constructor(
    private readonly tool: string,
    /** The mount point; LazyFS keeps its backing folder, config, log and fault FIFO beside it. */
    readonly dir: string,
  ) {}

  private run(command: "mount" | "powercut" | "umount"): string {
    return execFileSync(this.tool, [command, this.dir], { encoding: "utf8", timeout: 20_000, stdio: ["ignore", "pipe", "pipe"] });
  }

  mount(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    this.mounted = true; // set first: a mount that half-succeeded is still undone
    this.run("mount");
  }

  /** Drops everything written under the mount and not yet fsynced. */
  powerCut(): void {
    this.run("powercut");
  }

  unmount(): void {
    if (!this.mounted) return;
    this.mounted = false;
    try {
      this.run("umount");
    } finally {
      // Still mounted (a file held open): detach it so the machine is left clean.
      try {
        execFileSync("mountpoint", ["-q", this.dir]);
        execFileSync("umount", ["-l", this.dir]);
      } catch {
        // Not a mount point any more.
      }
    }
  }
}
