/**
 * Obtains AWS's DynamoDB Local (the Java emulator) without installing the npm package that ships it.
 *
 * Why: `amplify-dynamodb-simulator` carries the official DynamoDB Local jar under `emulator/`, but
 * installing it pulls ~280 dependencies. Instead we `npm pack` the one tarball, check it against a pinned
 * sha512 integrity (so a changed or tampered registry artefact is refused), and unpack only
 * `package/emulator/` into a per-version cache folder.
 *
 * Crash and concurrency safety: the archive is unpacked into a unique temporary sibling folder, a
 * `.complete` marker is written inside it, and the folder is then renamed into place. A rename is atomic,
 * so the cache folder either does not exist or is complete; when two callers race, the first rename wins
 * and the loser discards its copy. A mkdir-based lock (cache-lock.ts) only avoids duplicate
 * downloads: correctness never depends on it. The tarball is checked by integrity.ts.
 *
 * The first download takes a while (about 56 MB): it says so on stderr in a few lines — what is
 * fetched and where, a line every {@link PROGRESS_EVERY_MS} while it runs, and when it is done — so a
 * first `npm start` does not look hung, and a CI log gets a handful of lines, not a progress bar.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { acquireLock, errorCode } from "./cache-lock.js";
import { verifyIntegrity } from "./integrity.js";

export { IntegrityMismatchError, verifyIntegrity } from "./integrity.js";

const execFileAsync = promisify(execFile);

/** The npm package whose tarball carries DynamoDB Local under `emulator/`. */
export const DYNAMODB_LOCAL_PACKAGE = "amplify-dynamodb-simulator";
/** The pinned package version; also the cache key. */
export const DYNAMODB_LOCAL_PACKAGE_VERSION = "2.9.30";
/** The registry's sha512 integrity of `amplify-dynamodb-simulator-2.9.30.tgz`, pinned here on purpose. */
export const DYNAMODB_LOCAL_PACKAGE_INTEGRITY =
  "sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==";
/** The DynamoDB Local release inside that tarball (`java -jar DynamoDBLocal.jar -version`). */
export const DYNAMODB_LOCAL_VERSION = "1.25.1";

const COMPLETE_MARKER = ".complete";
const JAR_NAME = "DynamoDBLocal.jar";
const LIB_DIR_NAME = "DynamoDBLocal_lib";
/** How often a running download says it is still running. */
const PROGRESS_EVERY_MS = 15_000;
/** Leftover temporary folders (from crashed runs) older than this are removed. */
const ORPHAN_TMP_MS = 60 * 60_000;

export interface DynamoDbLocalPaths {
  /** Absolute path of `DynamoDBLocal.jar`. */
  readonly jarPath: string;
  /** Absolute path of `DynamoDBLocal_lib` (pass as `-Djava.library.path`: it holds the sqlite4java natives). */
  readonly libPath: string;
  /** The version of the npm package the jar came from (the cache key), e.g. `2.9.30`. */
  readonly version: string;
  /** The DynamoDB Local release, e.g. `1.25.1`. */
  readonly dynamoDbLocalVersion: string;
}

export interface ObtainDynamoDbLocalOptions {
  /**
   * Root of portico's cache; DynamoDB Local lands in `<cacheDir>/dynamodb-local/<version>/`.
   * @default env `PORTICO_CACHE_DIR`, else `$XDG_CACHE_HOME/portico`, else `~/.cache/portico`
   */
  readonly cacheDir?: string;
  /** Where the download's few progress lines go. @default stderr */
  readonly onProgress?: (line: string) => void;
}

const toStderr = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Fetching or unpacking DynamoDB Local failed. */
export class DynamoDbLocalDownloadError extends Error {
  override readonly name = "DynamoDbLocalDownloadError";
}

/** Resolves the cache root from options and environment. */
export function resolveCacheRoot(cacheDir?: string): string {
  if (cacheDir !== undefined && cacheDir !== "") return cacheDir;
  const fromEnv = process.env.PORTICO_CACHE_DIR;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg !== undefined && xdg !== "" ? xdg : join(homedir(), ".cache"), "portico");
}

function versionDir(cacheDir?: string): string {
  return join(resolveCacheRoot(cacheDir), "dynamodb-local", DYNAMODB_LOCAL_PACKAGE_VERSION);
}

function pathsIn(dir: string): DynamoDbLocalPaths {
  return {
    jarPath: join(dir, JAR_NAME),
    libPath: join(dir, LIB_DIR_NAME),
    version: DYNAMODB_LOCAL_PACKAGE_VERSION,
    dynamoDbLocalVersion: DYNAMODB_LOCAL_VERSION,
  };
}

/** Returns the cached paths when a complete copy is present; never touches the network. */
export function cachedDynamoDbLocal(
  options: ObtainDynamoDbLocalOptions = {},
): DynamoDbLocalPaths | undefined {
  const dir = versionDir(options.cacheDir);
  const paths = pathsIn(dir);
  return existsSync(join(dir, COMPLETE_MARKER)) && existsSync(paths.jarPath) ? paths : undefined;
}

/**
 * Returns DynamoDB Local's paths, downloading and unpacking it into the cache first when needed.
 * Safe to call from several processes at once.
 */
export async function obtainDynamoDbLocal(
  options: ObtainDynamoDbLocalOptions = {},
): Promise<DynamoDbLocalPaths> {
  const cached = cachedDynamoDbLocal(options);
  if (cached) return cached;
  const dir = versionDir(options.cacheDir);
  // Callers in the same process share one download.
  let pending = inFlight.get(dir);
  if (!pending) {
    pending = obtainLocked(dir, options).finally(() => inFlight.delete(dir));
    inFlight.set(dir, pending);
  }
  return pending;
}

const inFlight = new Map<string, Promise<DynamoDbLocalPaths>>();

async function obtainLocked(dir: string, options: ObtainDynamoDbLocalOptions): Promise<DynamoDbLocalPaths> {
  await mkdir(dirname(dir), { recursive: true });
  const lock = await acquireLock(
    `${dir}.lock`,
    () => existsSync(join(dir, COMPLETE_MARKER)),
    (lockDir) =>
      new DynamoDbLocalDownloadError(
        `Timed out waiting for another process to download DynamoDB Local (lock ${lockDir}). ` +
          "If no download is running, delete that folder and retry.",
      ),
  );
  try {
    // Another process may have finished while we waited for the lock.
    const done = cachedDynamoDbLocal(options);
    if (done) return done;
    await removeOrphanTempDirs(dir);
    await downloadAndUnpack(dir, options.onProgress ?? toStderr);
  } finally {
    await lock?.release();
  }
  const result = cachedDynamoDbLocal(options);
  if (!result) {
    throw new DynamoDbLocalDownloadError(
      `DynamoDB Local was unpacked but ${dir} is incomplete; delete it and retry.`,
    );
  }
  return result;
}

async function downloadAndUnpack(dir: string, progress: (line: string) => void): Promise<void> {
  const downloadDir = await mkdtemp(join(tmpdir(), "portico-dynamodb-local-"));
  const unpackDir = `${dir}.tmp-${process.pid}-${Date.now().toString(36)}`;
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  progress(
    `Downloading DynamoDB Local ${DYNAMODB_LOCAL_VERSION} (about 56 MB, once) into ${dir} with npm pack…`,
  );
  const heartbeat = setInterval(
    () => progress(`  still downloading DynamoDB Local (${seconds()} s)…`),
    PROGRESS_EVERY_MS,
  );
  heartbeat.unref();
  try {
    const tarball = await npmPack(downloadDir).finally(() => clearInterval(heartbeat));
    progress(`  downloaded in ${seconds()} s; checking its integrity and unpacking…`);
    await verifyIntegrity(tarball, DYNAMODB_LOCAL_PACKAGE_INTEGRITY);
    await mkdir(unpackDir, { recursive: true });
    await run("tar", [
      "-xzf",
      tarball,
      "-C",
      unpackDir,
      "--no-same-owner",
      "--strip-components=2",
      "package/emulator",
    ]);
    if (!existsSync(join(unpackDir, JAR_NAME)) || !existsSync(join(unpackDir, LIB_DIR_NAME))) {
      throw new DynamoDbLocalDownloadError(
        `${DYNAMODB_LOCAL_PACKAGE}@${DYNAMODB_LOCAL_PACKAGE_VERSION} has no emulator/${JAR_NAME}; the package layout changed.`,
      );
    }
    const marker = {
      package: `${DYNAMODB_LOCAL_PACKAGE}@${DYNAMODB_LOCAL_PACKAGE_VERSION}`,
      integrity: DYNAMODB_LOCAL_PACKAGE_INTEGRITY,
      dynamoDbLocalVersion: DYNAMODB_LOCAL_VERSION,
      unpackedAt: new Date().toISOString(),
    };
    await writeFile(join(unpackDir, COMPLETE_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    await publish(unpackDir, dir);
    progress(`DynamoDB Local ${DYNAMODB_LOCAL_VERSION} is ready (${seconds()} s).`);
  } finally {
    await rm(unpackDir, { recursive: true, force: true });
    await rm(downloadDir, { recursive: true, force: true });
  }
}

/** Renames the finished folder into place; if someone else got there first with a complete copy, theirs wins. */
async function publish(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    const code = errorCode(error);
    if (code !== "EEXIST" && code !== "ENOTEMPTY" && code !== "EPERM") throw error;
    if (existsSync(join(to, COMPLETE_MARKER))) return; // the other copy is complete: use it
    // An incomplete folder can only come from a foreign tool or manual edits: replace it.
    await rm(to, { recursive: true, force: true });
    await rename(from, to);
  }
}

async function npmPack(destination: string): Promise<string> {
  const spec = `${DYNAMODB_LOCAL_PACKAGE}@${DYNAMODB_LOCAL_PACKAGE_VERSION}`;
  const stdout = await run(
    "npm",
    ["pack", spec, "--json", "--ignore-scripts", "--pack-destination", destination],
    `Is npm on PATH and the registry reachable? (CI can prefetch with: npx tsx scripts/fetch-dynamodb-local.ts)`,
  );
  let filename: unknown;
  try {
    const parsed: unknown = JSON.parse(stdout);
    filename = Array.isArray(parsed)
      ? (parsed[0] as { filename?: unknown } | undefined)?.filename
      : undefined;
  } catch {
    filename = undefined;
  }
  if (typeof filename !== "string") {
    throw new DynamoDbLocalDownloadError(
      `npm pack ${spec} printed no tarball name; output was: ${tail(stdout)}`,
    );
  }
  return join(destination, filename);
}

async function run(command: string, args: readonly string[], hint = ""): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { maxBuffer: 32 * 1024 * 1024, encoding: "utf8" });
    return stdout;
  } catch (error) {
    const detail = error as { code?: unknown; stderr?: unknown; message?: unknown };
    const reason =
      detail.code === "ENOENT"
        ? `${command} was not found on PATH`
        : tail(
            typeof detail.stderr === "string" && detail.stderr !== ""
              ? detail.stderr
              : String(detail.message),
          );
    throw new DynamoDbLocalDownloadError(
      `Could not obtain DynamoDB Local: \`${command} ${args.join(" ")}\` failed: ${reason}${hint ? ` ${hint}` : ""}`,
      { cause: error },
    );
  }
}

/** Removes temporary folders that crashed runs left beside the cache folder. */
async function removeOrphanTempDirs(dir: string): Promise<void> {
  const parent = dirname(dir);
  const prefix = `${DYNAMODB_LOCAL_PACKAGE_VERSION}.tmp-`;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const path = join(parent, name);
    const info = await stat(path).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > ORPHAN_TMP_MS) await rm(path, { recursive: true, force: true });
  }
}

function tail(text: string, max = 2000): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed;
}
