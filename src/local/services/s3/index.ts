/**
 * Public entry of the embedded S3 used by tests and the local dev server.
 *
 * `startS3()` runs s3rver (a fake S3 on the file system) on a Unix socket in a private temp folder
 * (mode 0700), so nothing but the front reaches it. The front, on 127.0.0.1, behaves as a private S3
 * bucket: it accepts one credential pair and lets through only
 * - header-signed SigV4 requests (signature, credential scope, 15-minute clock skew, signed SHA-256
 *   of the body) from holders of those credentials, as the bucket owner;
 * - presigned URLs (signature, expiry, the 7-day maximum);
 * - presigned POST forms (policy signature and expiration, every condition, no uncovered field,
 *   content-length-range counted while the file streams);
 * and answers everything else with S3's AccessDenied. It answers CORS itself from `allowOrigins`,
 * only loopback `Host` names (and the dev server's allowed ones, against DNS rebinding), and reports
 * every created object, the way an S3 event notification would on AWS.
 *
 * Not reproduced: bucket policies, ACLs, Block Public Access, versioning, object lock, SSE,
 * session tokens, aws-chunked (`STREAMING-*`) bodies (refused as NotImplemented), and S3's HTTPS.
 * Objects are stored as files (`<bucket>/<key>._S3rver_object`).
 */

import { EventEmitter } from "node:events";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { Agent, createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { localHost, localOrigin } from "../../../runtime/index.js";
import { type AllowedHosts, createHostCheck } from "../../allowed-hosts.js";
import { serviceClients } from "../clients.js";
import { objectCreatedRecords, type S3ObjectCreatedRecord } from "./events.js";
import { CORS_ALLOWED_METHODS, createBucketCors, DEFAULT_ALLOW_ORIGINS } from "./front/cors.js";
import { credentialsFor, forgetKey, registerKey, type S3Credentials } from "./front/credentials.js";
import { createFront } from "./front/front.js";
import { createVerifier } from "./front/signer.js";

export interface S3ServiceOptions {
  /**
   * @default a free port on 127.0.0.1, chosen by the OS when the server binds (port 0), so there is no
   * window in which another process can take it.
   */
  readonly port?: number;
  /** Where objects persist, e.g. `.portico/s3`; required unless inMemory. Created when missing. */
  readonly dataDir?: string;
  /** @default false. true → a temp folder removed on stop (dataDir is then ignored). */
  readonly inMemory?: boolean;
  /** Buckets to create at start (idempotent across restarts: existing objects are kept). */
  readonly buckets: readonly string[];
  /**
   * Browser origins allowed to POST/GET (default `http://localhost:*`, `http://127.0.0.1:*`), as the
   * origins of the buckets' upload rule (`bucketCorsRules`; presigned reads are open to any origin).
   * Each is an origin, `*`, or a pattern with one `*` (as the gateway's).
   */
  readonly allowOrigins?: readonly string[];
  /**
   * Called for each object created (s3rver's `ObjectCreated:*` events: Put, Post, Copy, and completed
   * multipart uploads, which s3rver reports as Post), before the uploader gets its response. Errors it
   * throws or rejects with become process warnings; they never fail the upload.
   */
  readonly onObjectCreated?: (record: S3ObjectCreatedRecord) => void;
  /**
   * The one credential pair the service accepts, and that `client()` signs with. Its access key id is
   * in every presigned URL handed out, so the secret must be random, never derived from the id.
   * @default a fresh random pair (see `S3Service.credentials`)
   */
  readonly credentials?: S3Credentials;
  /**
   * Host names answered besides the loopback ones, as the dev server's (DNS rebinding: a rebound page
   * must not read the bucket either). @default - loopback names only
   */
  readonly allowedHosts?: AllowedHosts;
}

export interface S3Service {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** The one pair this service accepts: `options.credentials`, or the random pair it made. */
  readonly credentials: S3Credentials;
  /**
   * A new client for this endpoint: region us-east-1, path-style addressing, the service's
   * credentials, checksums only where S3 requires them. Clients made here are destroyed
   * by `stop()`.
   */
  client(): S3Client;
  /** Closes the front and s3rver (dropping connections still open after a short grace) and removes their temp folder. Idempotent. */
  stop(): Promise<void>;
}

export type { S3Credentials, S3ObjectCreatedRecord };
export { CORS_ALLOWED_METHODS, DEFAULT_ALLOW_ORIGINS };

const HOST = localHost;
/** How long `stop()` lets in-flight requests finish before dropping their connections. */
const CLOSE_GRACE_MS = 500;

/** Starts the embedded S3; see {@link S3ServiceOptions}. */
export async function startS3(options: S3ServiceOptions): Promise<S3Service> {
  const inMemory = options.inMemory ?? false;
  if (!inMemory && options.dataDir === undefined) {
    throw new TypeError("startS3: pass a dataDir to persist objects in, or inMemory: true.");
  }
  const buckets = [...new Set(options.buckets)];
  for (const bucket of buckets) assertBucketName(bucket);
  const cors = createBucketCors(options.allowOrigins ?? DEFAULT_ALLOW_ORIGINS);
  const hostCheck = createHostCheck(options.allowedHosts);
  const credentials = credentialsFor(options.credentials);

  // mkdtemp makes the folder 0700: only the account running it can reach the socket (and in-memory objects).
  const privateDir = await mkdtemp(join(tmpdir(), "portico-s3-"));
  const directory =
    inMemory || options.dataDir === undefined ? join(privateDir, "objects") : resolve(options.dataDir);
  const socketPath = join(privateDir, "s3rver.sock");
  const agent = new Agent({ keepAlive: true });
  const servers: Server[] = [];
  let registered = false;
  try {
    // The objects are the app's files (avatars, attachments): only the account running it may read them, even in
    // a folder made before (s3rver writes its files with the default umask).
    await mkdir(directory, { recursive: true, mode: 0o700 });
    await chmod(directory, 0o700);
    const s3rver = new S3rver({
      silent: true,
      directory,
      // Path-style only: any non-IP Host header would otherwise be read as a bucket name.
      vhostBuckets: false,
      configureBuckets: buckets.map((name) => ({ name, configs: [] })),
    });
    await s3rver.configureBuckets();
    // s3rver still checks that a signed request's key is one it knows; the front has checked the rest.
    registerKey(credentials);
    registered = true;
    const onObjectCreated = options.onObjectCreated;
    if (onObjectCreated) {
      // s3rver extends Koa, an EventEmitter, and emits `event` with `{ Records: [...] }` (AWS's shape).
      if (!(s3rver instanceof EventEmitter)) throw new Error("startS3: s3rver is no longer an EventEmitter.");
      s3rver.on("event", (event: unknown) => {
        for (const record of objectCreatedRecords(event)) deliver(onObjectCreated, record);
      });
    }
    const backend = createServer(s3rver.callback());
    servers.push(backend);
    await listen(backend, { path: socketPath }, "its private socket");
    const verifier = createVerifier(credentials);
    const front = createServer(createFront({ verifier, cors, hostCheck, upstream: { socketPath, agent } }));
    servers.push(front);
    const port = await listen(front, { port: options.port ?? 0, host: HOST }, `${HOST}:${options.port ?? 0}`);
    return service(localOrigin(port), credentials, async () => {
      await Promise.all(servers.map(close));
      agent.destroy();
      forgetKey(credentials);
      await rm(privateDir, { recursive: true, force: true });
    });
  } catch (error) {
    for (const server of servers) if (server.listening) server.close();
    agent.destroy();
    if (registered) forgetKey(credentials);
    await rm(privateDir, { recursive: true, force: true });
    throw error;
  }
}

function service(endpoint: string, credentials: S3Credentials, stopService: () => Promise<void>): S3Service {
  const clients = serviceClients<S3Client>(stopService);
  return {
    endpoint,
    credentials,
    client() {
      if (clients.stopped)
        throw new Error("startS3: this S3 service is stopped; start a new one for a client.");
      return clients.track(
        new S3Client({
          endpoint,
          region: "us-east-1",
          forcePathStyle: true,
          // A copy: the SDK marks the object it is given.
          credentials: { ...credentials },
          // s3rver predates S3's default integrity checksums: it would store an aws-chunked body (with its
          // trailing checksum) verbatim and never returns checksums to validate.
          requestChecksumCalculation: "WHEN_REQUIRED",
          responseChecksumValidation: "WHEN_REQUIRED",
        }),
      );
    },
    stop: () => clients.stop(),
  };
}

function listen(
  server: Server,
  address: { port: number; host: string } | { path: string },
  named: string,
): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: Error) => {
      reject(new Error(`startS3: cannot listen on ${named}: ${error.message}`, { cause: error }));
    };
    server.once("error", onError);
    server.listen(address, () => {
      server.off("error", onError);
      const bound = server.address();
      resolvePort(typeof bound === "object" && bound !== null ? bound.port : 0);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolveClose, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolveClose();
    });
    server.closeIdleConnections();
  });
}

function deliver(
  onObjectCreated: (record: S3ObjectCreatedRecord) => void,
  record: S3ObjectCreatedRecord,
): void {
  const warn = (error: unknown) => {
    process.emitWarning(
      `startS3: onObjectCreated failed for s3://${record.bucket}/${record.key}: ${String(error)}`,
      { type: "PorticoS3Warning", detail: error instanceof Error ? (error.stack ?? error.message) : "" },
    );
  };
  try {
    // An async callback is allowed (it is assignable to `=> void`); its rejection must not go unhandled.
    const result: unknown = onObjectCreated(record);
    if (result instanceof Promise) result.catch(warn);
  } catch (error) {
    warn(error);
  }
}

/**
 * S3's bucket naming rules (lowercase letters, digits, `.` and `-`, 3–63 characters, not an IP address).
 * They also keep a name from escaping s3rver's folder, as every bucket is a directory there.
 */
function assertBucketName(name: string): void {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes("..") &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name);
  if (!valid) {
    throw new TypeError(
      `startS3: ${JSON.stringify(name)} is not a valid S3 bucket name (3–63 lowercase letters, digits, "." or "-").`,
    );
  }
}
