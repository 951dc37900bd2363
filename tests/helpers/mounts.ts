/**
 * Disks that misbehave, for tests: a small tmpfs that fills up, a folder or a
 * single file mounted read-only. Tests run as root here, and chmod does not
 * stop root; a read-only mount does. Every mount is undone by `unmountAll`
 * (call it in afterEach), innermost first.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const mounted: string[] = [];

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: ["ignore", "ignore", "pipe"] });
}

/** A fresh tmpfs of `kilobytes` at `dir` (created if missing). */
export function mountTmpfs(dir: string, kilobytes: number): string {
  fs.mkdirSync(dir, { recursive: true });
  run("mount", ["-t", "tmpfs", "-o", `size=${kilobytes}k`, "tmpfs", dir]);
  mounted.push(dir);
  return dir;
}

/** Makes a tmpfs mounted by mountTmpfs read-only: nothing in it can be created, changed or removed. */
export function remountReadOnly(dir: string): void {
  run("mount", ["-o", "remount,ro", dir]);
}

/** Puts a read-only view of `file` over itself: the file cannot be written, its folder still can. */
export function bindReadOnly(file: string): void {
  run("mount", ["--bind", file, file]);
  mounted.push(file);
  run("mount", ["-o", "remount,ro,bind", file]);
}

/** Fills the file system holding `dir` until no byte is left. */
export function fillDisk(dir: string): string {
  const filler = path.join(dir, "filler.bin");
  const fd = fs.openSync(filler, "w");
  try {
    const block = Buffer.alloc(64 * 1024, 1);
    // Bounded: a tmpfs of a few megabytes fills in well under this many blocks.
    for (let i = 0; i < 100_000; i++) {
      try {
        fs.writeSync(fd, block);
      } catch {
        break;
      }
    }
    // The last partial block.
    for (let i = 0; i < 64; i++) {
      try {
        fs.writeSync(fd, Buffer.alloc(1024, 1));
      } catch {
        break;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

export function unmountAll(): void {
  while (mounted.length) {
    const target = mounted.pop()!;
    try {
      run("umount", [target]);
    } catch {
      // Busy (a file still open): detach it now, the kernel finishes when it is closed.
      run("umount", ["-l", target]);
    }
  }
}
