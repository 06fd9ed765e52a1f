/**
 * A lock between processes that share one cache folder: a directory created with mkdir (atomic),
 * holding owner.json; its mtime is refreshed as a heartbeat. It only avoids duplicate work:
 * correctness never depends on it. Stale locks (a dead owner on this host, or no heartbeat for a
 * minute) are broken.
 */
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

/** A lock whose heartbeat is older than this is considered abandoned. */
const LOCK_STALE_MS = 60_000;
const LOCK_HEARTBEAT_MS = 5_000;
const LOCK_POLL_MS = 200;
/** Give up waiting for another process after this long. */
const LOCK_WAIT_MS = 10 * 60_000;

export interface HeldLock {
  release(): Promise<void>;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

/**
 * Waits for and takes the lock, or returns undefined if `isDone()` becomes true while waiting (someone else
 * did the work). After ten minutes of waiting, throws `timeoutError(lockDir)`.
 */
export async function acquireLock(
  lockDir: string,
  isDone: () => boolean,
  timeoutError: (lockDir: string) => Error,
): Promise<HeldLock | undefined> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const held = await take(lockDir);
    if (held !== undefined) return held;
    if (isDone()) return undefined;
    if (await breakIfStale(lockDir)) continue;
    if (Date.now() > deadline) throw timeoutError(lockDir);
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

/**
 * Takes the lock if it is free or stale, without waiting: undefined when another live process holds
 * it (for work only one process needs to do, which the others skip).
 */
export async function tryAcquireLock(lockDir: string): Promise<HeldLock | undefined> {
  const held = await take(lockDir);
  if (held !== undefined || !(await breakIfStale(lockDir))) return held;
  return take(lockDir);
}

/** One mkdir: the lock, or undefined when it exists. */
async function take(lockDir: string): Promise<HeldLock | undefined> {
  try {
    await mkdir(lockDir);
  } catch (error) {
    if (errorCode(error) === "EEXIST") return undefined;
    throw error;
  }
  const owner: LockOwner = { pid: process.pid, host: hostname() };
  await writeFile(join(lockDir, "owner.json"), JSON.stringify(owner));
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lockDir, now, now).catch(() => {});
  }, LOCK_HEARTBEAT_MS);
  heartbeat.unref();
  return {
    async release() {
      clearInterval(heartbeat);
      await rm(lockDir, { recursive: true, force: true });
    },
  };
}

/** Breaks the lock when it is stale; says whether it was (then it is worth another try). */
async function breakIfStale(lockDir: string): Promise<boolean> {
  if (!(await isStale(lockDir))) return false;
  // Move it aside first (atomic) so two breakers cannot both delete a fresh lock.
  const aside = `${lockDir}.stale-${process.pid}-${Date.now().toString(36)}`;
  try {
    await rename(lockDir, aside);
    await rm(aside, { recursive: true, force: true });
  } catch {
    // someone else broke it: just retry
  }
  return true;
}

async function isStale(lockDir: string): Promise<boolean> {
  try {
    const info = await stat(lockDir);
    if (Date.now() - info.mtimeMs > LOCK_STALE_MS) return true;
    const owner = JSON.parse(await readFile(join(lockDir, "owner.json"), "utf8")) as Partial<LockOwner>;
    if (owner.host !== hostname() || typeof owner.pid !== "number") return false;
    return !isAlive(owner.pid);
  } catch {
    // owner.json not written yet (lock just taken) or lock already gone: not stale
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === "EPERM";
  }
}

/** The `code` of a Node.js system error (`"EEXIST"`), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}
