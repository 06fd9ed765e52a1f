/**
 * Public entry of the embedded S3 used by tests and the local dev server.
 *
 * `startS3()` runs s3rver (a fake S3 on the file system) on 127.0.0.1, creates the app's buckets with a
 * CORS configuration so a browser app can upload and read, reports every created object (the way an S3
 * event notification would on AWS), and hands out SDK clients configured for it.
 *
 * s3rver speaks S3 but checks almost nothing, so this service is NOT yet a faithful stand-in for a
 * private bucket. A later front in this folder must enforce what s3rver ignores:
 * - signatures: SigV4 (header or presigned query) is never verified; only the access key id must be
 *   one it knows (`S3RVER`, and the one it is started with). Requests without any signature are
 *   served too, so unsigned GETs read private objects;
 * - presigned expiry: `X-Amz-Expires` is not checked;
 * - presigned POST: the `policy`, its signature, expiry and conditions (key, content-length-range,
 *   Content-Type) are ignored, so any key, size or type is stored;
 * - bucket policies, ACLs and Block Public Access do not exist.
 * Until then, the service answers only loopback `Host` names (and the dev server's allowed ones), so
 * a page that rebinds its name to 127.0.0.1 reads nothing. It listens on plain HTTP only (on
 * 127.0.0.1 only), and stores objects as files
 * (`<bucket>/<key>._S3rver_object`).
 */

import { EventEmitter } from "node:events";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { localHost, localOrigin } from "../../../runtime/index.js";
import { type AllowedHosts, createHostCheck } from "../../allowed-hosts.js";
import { serviceClients } from "../clients.js";
import { CORS_ALLOWED_METHODS, corsConfigurationXml, DEFAULT_ALLOW_ORIGINS } from "./cors.js";
import { objectCreatedRecords, type S3ObjectCreatedRecord } from "./events.js";

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
   * Browser origins allowed to POST/GET (default `http://localhost:*`, `http://127.0.0.1:*`): applied as
   * each bucket's CORS configuration so a browser app can upload. Each may hold one `*`, as on S3.
   */
  readonly allowOrigins?: readonly string[];
  /**
   * Called for each object created (s3rver's `ObjectCreated:*` events: Put, Post, Copy, and completed
   * multipart uploads, which s3rver reports as Post), before the uploader gets its response. Errors it
   * throws or rejects with become process warnings; they never fail the upload.
   */
  readonly onObjectCreated?: (record: S3ObjectCreatedRecord) => void;
  /**
   * Credentials it accepts besides s3rver's own, and that `client()` uses: functions hold one
   * `AWS_ACCESS_KEY_ID` for DynamoDB and S3, so the dev server passes DynamoDB Local's key here.
   * @default {@link S3RVER_CREDENTIALS}
   */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /**
   * Host names answered besides the loopback ones, as the dev server's (DNS rebinding: a rebound page
   * must not read the bucket either). @default - loopback names only
   */
  readonly allowedHosts?: AllowedHosts;
}

export interface S3Service {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /**
   * A new client for this endpoint: region us-east-1, path-style addressing, the service's
   * credentials, checksums only where S3 requires them. Clients made here are destroyed
   * by `stop()`.
   */
  client(): S3Client;
  /** Closes the server (dropping connections still open after a short grace) and, when inMemory, removes its folder. Idempotent. */
  stop(): Promise<void>;
}

export type { S3ObjectCreatedRecord };
export { CORS_ALLOWED_METHODS, DEFAULT_ALLOW_ORIGINS };

/** The credentials s3rver knows out of the box (it rejects unknown access key ids with InvalidAccessKeyId). */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/**
 * s3rver's one account, whose access keys it accepts (a process-wide registry; s3rver has no
 * option for it). Loaded with `createRequire`, as the module ships no types.
 */
const s3rverAccount = (
  createRequire(import.meta.url)("s3rver/lib/models/account.js") as {
    readonly DUMMY_ACCOUNT: {
      createKeyPair(accessKeyId: string, secretAccessKey: string): void;
      revokeAccessKey(accessKeyId: string): void;
    };
  }
).DUMMY_ACCOUNT;

/**
 * How many running services accept each extra key: the registry is process-wide, so a key is revoked
 * only when the last service that registered it stops (tests run several services on one key).
 */
const keyHolders = new Map<string, number>();

function remember(credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }): void {
  if (credentials === S3RVER_CREDENTIALS) return;
  const holders = keyHolders.get(credentials.accessKeyId) ?? 0;
  if (holders === 0) s3rverAccount.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
  keyHolders.set(credentials.accessKeyId, holders + 1);
}

function forget(credentials: { readonly accessKeyId: string }): void {
  if (credentials === S3RVER_CREDENTIALS) return;
  const holders = (keyHolders.get(credentials.accessKeyId) ?? 0) - 1;
  if (holders > 0) {
    keyHolders.set(credentials.accessKeyId, holders);
    return;
  }
  keyHolders.delete(credentials.accessKeyId);
  s3rverAccount.revokeAccessKey(credentials.accessKeyId);
}

/** S3's own refusal, for a request whose `Host` is not one this machine's own clients send. */
const accessDenied = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
);

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
  const cors = corsConfigurationXml(options.allowOrigins ?? DEFAULT_ALLOW_ORIGINS);
  const credentials = options.credentials ?? S3RVER_CREDENTIALS;

  const directory =
    inMemory || options.dataDir === undefined
      ? await mkdtemp(join(tmpdir(), "portico-s3-"))
      : resolve(options.dataDir);
  const hostCheck = createHostCheck(options.allowedHosts);
  let server: Server | undefined;
  let registered = false;
  try {
    await mkdir(directory, { recursive: true });
    const s3rver = new S3rver({
      address: HOST,
      silent: true,
      directory,
      // Path-style only: any non-IP Host header would otherwise be read as a bucket name.
      vhostBuckets: false,
      configureBuckets: buckets.map((name) => ({ name, configs: [cors] })),
    });
    await s3rver.configureBuckets();
    remember(credentials);
    registered = true;
    const onObjectCreated = options.onObjectCreated;
    if (onObjectCreated) {
      // s3rver extends Koa, an EventEmitter, and emits `event` with `{ Records: [...] }` (AWS's shape).
      if (!(s3rver instanceof EventEmitter)) throw new Error("startS3: s3rver is no longer an EventEmitter.");
      s3rver.on("event", (event: unknown) => {
        for (const record of objectCreatedRecords(event)) deliver(onObjectCreated, record);
      });
    }
    // Our own server around s3rver's request handler (rather than `s3rver.run()`), so the bound port is
    // known, connections can be closed on stop, and a front can later wrap the handler.
    const handle = s3rver.callback();
    server = createServer((request, response) => {
      // s3rver serves unsigned requests: a page that rebinds its name to 127.0.0.1 must get nothing.
      if (hostCheck(request.rawHeaders) !== undefined) {
        response
          .writeHead(403, { "content-type": "application/xml", "content-length": accessDenied.length })
          .end(accessDenied);
        return;
      }
      void handle(request, response);
    });
    const port = await listen(server, options.port ?? 0);
    return service(server, localOrigin(port), credentials, inMemory ? directory : undefined);
  } catch (error) {
    if (server?.listening) server.close();
    if (registered) forget(credentials);
    if (inMemory) await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

function service(
  server: Server,
  endpoint: string,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  temporaryDir: string | undefined,
): S3Service {
  const clients = serviceClients<S3Client>(async () => {
    await close(server);
    forget(credentials);
    if (temporaryDir !== undefined) await rm(temporaryDir, { recursive: true, force: true });
  });
  return {
    endpoint,
    client() {
      if (clients.stopped)
        throw new Error("startS3: this S3 service is stopped; start a new one for a client.");
      return clients.track(
        new S3Client({
          endpoint,
          region: "us-east-1",
          forcePathStyle: true,
          credentials,
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

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: Error) => {
      reject(new Error(`startS3: cannot listen on ${HOST}:${port}: ${error.message}`, { cause: error }));
    };
    server.once("error", onError);
    server.listen({ port, host: HOST }, () => {
      server.off("error", onError);
      const address = server.address();
      if (typeof address === "object" && address !== null) resolvePort(address.port);
      else reject(new Error(`startS3: could not read the port bound on ${HOST}.`));
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
