/**
 * Runs AWS's DynamoDB Local (a Java process) for tests and the local dev server.
 *
 * Why a child JVM and this much care: DynamoDB Local is AWS's own emulator (transactions, PartiQL, streams
 * included), but a JVM left running after a test run holds a port and ~200 MB. So start waits for a real
 * `ListTables` answer (not just an open port), a JVM that dies while starting rejects with its output tail,
 * stop sends SIGTERM then SIGKILL after a grace period and awaits the exit, and two safety nets kill the JVM
 * when the parent goes away: a process 'exit' handler (normal exits) and a tiny detached watchdog process
 * (covers the parent being killed by a signal, when 'exit' handlers do not run).
 *
 * DynamoDB Local has no host flag (`-help` lists none; its Jetty server is built with a port only), so it
 * listens on all interfaces; clients always use http://127.0.0.1:<port>. It runs without `-sharedDb`,
 * so its data is only seen by clients with its access key id (`access-key.ts`). Telemetry is disabled.
 *
 * Start-up is most of what `npm start` waits for, so the JVM runs with options for a short-lived,
 * lightly loaded server ({@link DYNAMODB_LOCAL_JVM_OPTIONS}) and maps its classes from a class-data
 * archive made once (class-data-archive.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, rename } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { localOrigin } from "../../../runtime/http/local-twin.js";
import { LOCAL_REGION, localDynamoDbClient, newAccessKeyId } from "./access-key.js";
import {
  type ClassDataArchive,
  classDataArchive,
  REFUSED_ARCHIVE_OUTPUT,
  withoutArchive,
} from "./class-data-archive.js";
import { freePort } from "./free-port.js";
import { type JavaInfo, requireJava } from "./java.js";
import { obtainDynamoDbLocal } from "./obtain-dynamodb-local.js";

/** DynamoDB Local did not come up. */
export class DynamoDbLocalStartError extends Error {
  override readonly name = "DynamoDbLocalStartError";
}

export interface DynamoDbLocalOptions {
  /** @default a free port */
  readonly port?: number;
  /** @default true */
  readonly inMemory?: boolean;
  /** Folder for the database files when `inMemory` is false (created if missing). */
  readonly dataDir?: string;
  /**
   * The access key id whose database the data lives in (see `access-key.ts`); the readiness probe
   * uses it, so it opens no other database. @default a fresh random one
   */
  readonly accessKeyId?: string;
  /** Cache root for the downloaded jar; see `obtainDynamoDbLocal`. */
  readonly cacheDir?: string;
  /** The Java to use; @default found (and its version checked) by {@link requireJava} */
  readonly java?: JavaInfo;
  /** How long to wait for the first successful `ListTables`. @default 30000 */
  readonly startTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. @default 5000 */
  readonly stopGraceMs?: number;
}

export interface DynamoDbLocalHandle {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** The access key id of this instance's data: other keys see an empty database of their own. */
  readonly accessKeyId: string;
  readonly port: number;
  /** The JVM's process id. */
  readonly pid: number;
  /** DynamoDB Local's release, e.g. `1.25.1`. */
  readonly version: string;
  /** Kills the JVM (SIGTERM, then SIGKILL after the grace period) and resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The JVM options DynamoDB Local runs with (bench/sections/startup.ts measures each): C1 only
 * (`TieredStopAtLevel=1`: C2 compiles for peak speed DynamoDB Local never needs, and takes CPU
 * and memory while it starts), one serial collector instead of G1's threads and regions, and a
 * heap that starts small and grows to what a development database needs (the data itself lives in
 * SQLite, outside the heap) instead of a quarter of the machine's memory.
 */
export const DYNAMODB_LOCAL_JVM_OPTIONS: readonly string[] = [
  "-XX:TieredStopAtLevel=1",
  "-XX:+UseSerialGC",
  "-Xms16m",
  "-Xmx512m",
];

/** How long `stop()` waits after SIGTERM when the JVM writes its class-data archive as it exits. */
const ARCHIVE_STOP_GRACE_MS = 20_000;
const PORT_ATTEMPTS = 3;
const OUTPUT_TAIL_CHARS = 4000;
const FATAL_OUTPUT = /Exception in thread "main"|Failed to bind|BindException|Could not start server/;
const PORT_IN_USE_OUTPUT = /Address already in use|Failed to bind|BindException/i;

/** Starts DynamoDB Local (downloading it on first use) and resolves once it answers `ListTables`. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocalHandle> {
  const inMemory = options.inMemory ?? true;
  if (!inMemory && options.dataDir === undefined) {
    throw new DynamoDbLocalStartError(
      "DynamoDB Local with inMemory: false needs a dataDir to persist to; pass dataDir, or use inMemory: true.",
    );
  }
  const java = options.java ?? (await requireJava());
  const paths = await obtainDynamoDbLocal(
    options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir },
  );
  const accessKeyId = options.accessKeyId ?? newAccessKeyId();
  let archive = await classDataArchive(paths, java, DYNAMODB_LOCAL_JVM_OPTIONS);
  let storage = ["-inMemory"];
  if (!inMemory && options.dataDir !== undefined) {
    const dataDir = resolve(options.dataDir);
    // 0700: the database files are the data, and their names carry the access key id.
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chmod(dataDir, 0o700);
    await adoptSharedDatabase(dataDir, accessKeyId);
    storage = ["-dbPath", dataDir];
  }

  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const args = [
      ...DYNAMODB_LOCAL_JVM_OPTIONS,
      ...archive.jvmOptions,
      `-Djava.library.path=${paths.libPath}`,
      "-jar",
      archive.jarPath,
      "-port",
      String(port),
      ...storage,
      // No -sharedDb: one database per access key id and region, so the key guards the data.
      "-disableTelemetry",
    ];
    try {
      return await launch(java.command, args, port, paths.dynamoDbLocalVersion, archive, {
        ...options,
        accessKeyId,
      });
    } catch (error) {
      const portClash = error instanceof PortInUseError;
      if (!portClash && archive.mode === "use") {
        // The archive may be what failed (a damaged one crashes the JVM): once more without it.
        await archive.discard();
        archive = withoutArchive(archive.jarPath);
        attempt--;
        continue;
      }
      if (!portClash || options.port !== undefined || attempt >= PORT_ATTEMPTS) {
        throw portClash ? new DynamoDbLocalStartError(error.message, { cause: error }) : error;
      }
      // The free port was taken between probing and binding: try another one.
    }
  }
}

/**
 * A folder written with `-sharedDb` (before the access key) holds `shared-local-instance.db`; it
 * becomes the key's database, so the data survives the change, now behind the key.
 */
async function adoptSharedDatabase(dataDir: string, accessKeyId: string): Promise<void> {
  const shared = join(dataDir, "shared-local-instance.db");
  const own = join(dataDir, `${accessKeyId}_${LOCAL_REGION}.db`);
  if (existsSync(shared) && !existsSync(own)) await rename(shared, own);
}

class PortInUseError extends Error {
  override readonly name = "PortInUseError";
}

async function launch(
  command: string,
  args: readonly string[],
  port: number,
  version: string,
  archive: ClassDataArchive,
  options: DynamoDbLocalOptions & { readonly accessKeyId: string },
): Promise<DynamoDbLocalHandle> {
  // DynamoDB Local writes dynamodb-local-metadata.json into its working folder.
  const child = spawn(command, args, { cwd: dirname(archive.jarPath), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  // A bind failure kills only DynamoDB Local's main thread: the JVM stays up, so watch its output too.
  let fatal = false;
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
    if (!fatal && FATAL_OUTPUT.test(output)) fatal = true;
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const exited = new Promise<string>((resolveExit) => {
    child.once("close", (code, signal) => resolveExit(signal ? `signal ${signal}` : `code ${code}`));
    child.once("error", (error) => resolveExit(`error ${error.message}`));
  });
  const hasExited = (): boolean =>
    child.exitCode !== null || child.signalCode !== null || child.pid === undefined;

  killOnParentExit(child);
  const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Whether the JVM ended by itself after SIGTERM, so an archive it wrote as it exited is whole.
      let whole = false;
      if (!hasExited()) {
        child.kill("SIGTERM");
        let forced = false;
        const grace = options.stopGraceMs ?? (archive.mode === "create" ? ARCHIVE_STOP_GRACE_MS : 5000);
        const force = setTimeout(() => {
          forced = true;
          child.kill("SIGKILL");
        }, grace);
        await exited;
        clearTimeout(force);
        whole = !forced;
      }
      liveJvms.delete(child);
      watchdog?.kill("SIGKILL");
      await archive.settle(whole);
    })();
    return stopping;
  };

  const endpoint = localOrigin(port);
  try {
    await waitUntilAnswering(
      endpoint,
      options.accessKeyId,
      options.startTimeoutMs ?? 30_000,
      () => fatal || hasExited(),
    );
    // Paranoia for the free-port race: whoever answered, our JVM must not have failed to bind.
    if (fatal) throw new ExitedError("failed while starting");
    // Refused (another build of Java, a changed jar): it runs without; the next start makes a new one.
    if (archive.mode === "use" && REFUSED_ARCHIVE_OUTPUT.test(output)) await archive.discard();
  } catch (error) {
    await stop();
    const text = output.trim();
    if (error instanceof WaitTimeoutError) {
      throw new DynamoDbLocalStartError(
        `DynamoDB Local did not answer ListTables on ${endpoint} within ${error.ms} ms; it was stopped. ` +
          `Output tail:\n${text || "(none)"}`,
      );
    }
    if (PORT_IN_USE_OUTPUT.test(text)) {
      throw new PortInUseError(
        `DynamoDB Local could not bind port ${port} (in use): choose another port or omit it. Output tail:\n${text}`,
      );
    }
    if (!(error instanceof ExitedError)) throw error;
    const how = fatal ? "fatal error in its output" : `exited with ${await exited}`;
    throw new DynamoDbLocalStartError(
      `DynamoDB Local failed while starting (${how}). Command: ${command} ${args.join(" ")}\n` +
        `Output tail:\n${text || "(none)"}`,
    );
  }
  const pid = child.pid;
  if (pid === undefined)
    throw new DynamoDbLocalStartError("DynamoDB Local answered but its process has no pid.");
  return { endpoint, accessKeyId: options.accessKeyId, port, pid, version, stop };
}

class WaitTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

class ExitedError extends Error {}

/** Polls `ListTables` until it succeeds; throws {@link ExitedError} once `failed()` says the process is done for. */
async function waitUntilAnswering(
  endpoint: string,
  accessKeyId: string,
  timeoutMs: number,
  failed: () => boolean,
): Promise<void> {
  const client = localDynamoDbClient(endpoint, accessKeyId, {
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 1000, throwOnRequestTimeout: true },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (failed()) throw new ExitedError("failed while starting");
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1500) });
        return;
      } catch {
        if (Date.now() > deadline) throw new WaitTimeoutError(timeoutMs);
        await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/** JVMs not yet stopped; one process 'exit' handler kills them all (handlers must be synchronous). */
const liveJvms = new Set<ChildProcess>();
let exitHookInstalled = false;

function killOnParentExit(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const jvm of liveJvms) if (jvm.exitCode === null && jvm.signalCode === null) jvm.kill("SIGKILL");
    });
  }
  liveJvms.add(child);
}

/**
 * A detached process that SIGKILLs `childPid` once this process is gone (even after SIGKILL, when no
 * 'exit' handler runs) and quits by itself when the child is gone. A POSIX shell loop where there is
 * one (about 1 MB resident, where a Node.js process takes 40), else Node.js.
 */
function startWatchdog(childPid: number): ChildProcess | undefined {
  const [command, args] =
    process.platform === "win32"
      ? [process.execPath, ["-e", NODE_WATCHDOG, String(process.pid), String(childPid)]]
      : ["/bin/sh", ["-c", SHELL_WATCHDOG, "portico-watchdog", String(process.pid), String(childPid)]];
  try {
    const watchdog = spawn(command, args, { detached: true, stdio: "ignore" });
    watchdog.on("error", () => {}); // best effort: the 'exit' handler still covers normal exits
    watchdog.unref();
    return watchdog;
  } catch {
    return undefined;
  }
}

/** `$1` the parent, `$2` the JVM. */
const SHELL_WATCHDOG = `
  while kill -0 "$2" 2>/dev/null; do
    if ! kill -0 "$1" 2>/dev/null; then kill -9 "$2" 2>/dev/null; exit 0; fi
    sleep 1
  done`;

const NODE_WATCHDOG = `
  const [parent, child] = process.argv.slice(1).map(Number);
  const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; } };
  setInterval(() => {
    if (!alive(child)) process.exit(0);
    if (!alive(parent)) { try { process.kill(child, "SIGKILL"); } catch {} process.exit(0); }
  }, 500);`;
