/**
 * A class-data archive (AppCDS) of DynamoDB Local's classes: the JVM maps the ~5000 classes it
 * loads on start-up from one file instead of reading, parsing and verifying them from 160 jars,
 * which is most of what DynamoDB Local spends its start on.
 *
 * Made once per DynamoDB Local version, Java runtime and set of JVM options (the file name is a hash
 * of them, in the archivable jar's folder): the first start that finds none runs with
 * `-XX:ArchiveClassesAtExit` (Java 13+), so the JVM writes the classes it loaded when it is stopped;
 * later starts run with `-XX:SharedArchiveFile`. Only one process at a time makes a given archive (a
 * lock taken without waiting: the others just start without one), into a temporary file published
 * with a hard link once its JVM has exited by itself after SIGTERM, so the archive's path never
 * holds a partly written file (a truncated archive crashes the JVM with SIGBUS).
 *
 * A bad archive never stops DynamoDB Local: the JVM ignores one that does not match (another jar,
 * another Java) with a warning, and when it is refused (a warning in the JVM's output) or the JVM
 * fails to start with it, the caller discards it and starts without; the next start makes a new one.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { link, open, readdir, rm, stat } from "node:fs/promises";
import { endianness } from "node:os";
import { dirname, join } from "node:path";
import { archivableJar } from "./archivable-jar.js";
import { errorCode, type HeldLock, tryAcquireLock } from "./cache-lock.js";
import type { JavaInfo } from "./java.js";
import type { DynamoDbLocalPaths } from "./obtain-dynamodb-local.js";

/** How the JVM runs with respect to the archive. */
export type ArchiveMode = "use" | "create" | "none";

export interface ClassDataArchive {
  readonly mode: ArchiveMode;
  /** The jar to run: the archivable copy, or the original when no copy could be made. */
  readonly jarPath: string;
  /** The archive's JVM options (none in mode `none`). */
  readonly jvmOptions: readonly string[];
  /** The archive file used or to be made; undefined in mode `none`. */
  readonly archivePath: string | undefined;
  /**
   * Once the JVM has exited: in mode `create`, publishes its archive when `whole` (it exited by
   * itself after SIGTERM, so it finished writing) and releases the lock. Idempotent.
   */
  settle(whole: boolean): Promise<void>;
  /** The archive was refused or the JVM failed with it: delete it, so the next start makes a new one. */
  discard(): Promise<void>;
}

/** The JVM's words when it does not use an archive it was given (`-Xlog` tag or VM warning). */
export const REFUSED_ARCHIVE_OUTPUT =
  /\[(?:warning|error)\s*\]\[cds|shared archive|Archived non-system classes are disabled/i;

/** The first four bytes of a dynamic archive (HotSpot's CDS_DYNAMIC_ARCHIVE_MAGIC), in the machine's byte order. */
const DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;

/** Keeps dump-time notes ("Skipping … Not linked", "Pre JDK 6 class") out of the output; errors stay. */
const QUIET_DUMP = "-Xlog:cds*=error";

/**
 * The archive for this jar, Java and options: used when it exists, else made by this start if no
 * other process is making it. Never throws: anything amiss gives mode `none`.
 */
export async function classDataArchive(
  paths: DynamoDbLocalPaths,
  java: JavaInfo,
  jvmOptions: readonly string[],
): Promise<ClassDataArchive> {
  let jarPath: string;
  try {
    jarPath = await archivableJar(paths);
  } catch {
    return withoutArchive(paths.jarPath);
  }
  const key = createHash("sha256")
    .update([paths.dynamoDbLocalVersion, paths.version, java.runtime, ...jvmOptions].join("\n"))
    .digest("hex")
    .slice(0, 16);
  const archivePath = join(dirname(jarPath), `${key}.jsa`);
  const discard = () => rm(archivePath, { force: true });
  // The JVM passes over a file that is no archive without a word: tell it here, and make a new one.
  if (existsSync(archivePath) && !(await startsLikeArchive(archivePath))) await discard();
  if (existsSync(archivePath)) {
    return {
      mode: "use",
      jarPath,
      jvmOptions: [`-XX:SharedArchiveFile=${archivePath}`],
      archivePath,
      settle: async () => {},
      discard,
    };
  }
  let lock: HeldLock | undefined;
  try {
    lock = await tryAcquireLock(`${archivePath}.lock`);
  } catch {
    lock = undefined;
  }
  // Another process makes it, or one appeared meanwhile: start without, or with it next time.
  if (lock === undefined || existsSync(archivePath)) {
    await lock?.release();
    return withoutArchive(jarPath);
  }
  // Only the lock's holder writes this archive: a temporary one left now is a killed JVM's.
  await removeOrphans(dirname(jarPath), `${key}.jsa.`);
  const temporary = `${archivePath}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  let settled: Promise<void> | undefined;
  return {
    mode: "create",
    jarPath,
    jvmOptions: [`-XX:ArchiveClassesAtExit=${temporary}`, QUIET_DUMP],
    archivePath,
    settle(whole) {
      settled ??= (async () => {
        try {
          if (whole && (await stat(temporary).catch(() => undefined))?.size) {
            await link(temporary, archivePath).catch((error: unknown) => {
              if (errorCode(error) !== "EEXIST") throw error;
            });
          }
        } catch {
          // Best effort: the next start tries again.
        } finally {
          await rm(temporary, { force: true });
          await lock.release();
        }
      })();
      return settled;
    },
    discard,
  };
}

/** Runs `jarPath` with no archive. */
export function withoutArchive(jarPath: string): ClassDataArchive {
  return {
    mode: "none",
    jarPath,
    jvmOptions: [],
    archivePath: undefined,
    settle: async () => {},
    discard: async () => {},
  };
}

async function removeOrphans(folder: string, prefix: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith(".tmp")) await rm(join(folder, name), { force: true });
  }
}

async function startsLikeArchive(path: string): Promise<boolean> {
  try {
    const file = await open(path, "r");
    try {
      const head = Buffer.alloc(4);
      const { bytesRead } = await file.read(head, 0, 4, 0);
      const magic = endianness() === "LE" ? head.readUInt32LE(0) : head.readUInt32BE(0);
      return bytesRead === 4 && magic === DYNAMIC_ARCHIVE_MAGIC;
    } finally {
      await file.close();
    }
  } catch {
    return false;
  }
}
