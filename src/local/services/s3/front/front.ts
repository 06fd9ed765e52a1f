/**
 * The embedded S3's only door: every request on 127.0.0.1 is answered here, and only what S3 itself
 * would allow on a private bucket reaches s3rver (which listens on a private Unix socket):
 * header-signed requests with the service's credentials, presigned URLs, presigned POST forms.
 * Everything else gets S3's AccessDenied, with S3's error document and ids.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HostCheck } from "../../../allowed-hosts.js";
import type { BucketCors } from "./cors.js";
import { errorXml, newRequestIds, type RequestIds, requestIdHeaders, S3Refusal } from "./errors.js";
import { verifyHeaderAuth } from "./header-auth.js";
import { forwardedForm, readPostUpload } from "./post-form.js";
import { authorizePost } from "./post-policy.js";
import { forward, type Upstream } from "./proxy.js";
import { hasQueryAuth, verifyQueryAuth } from "./query-auth.js";
import type { SignedParts, Verifier } from "./signer.js";

/**
 * The most the front reads into memory to check a body before s3rver sees any of it (a POST's file,
 * a body with a signed SHA-256), whatever a policy allows: s3rver writes into the object as it reads,
 * so a body must be accepted whole before it is handed on.
 */
export const MAX_CHECKED_BODY_BYTES = 64 * 1024 * 1024;

export interface FrontOptions {
  readonly verifier: Verifier;
  readonly cors: BucketCors;
  readonly hostCheck: HostCheck;
  readonly upstream: Upstream;
}

/** The front's request listener for node:http. */
export function createFront(
  options: FrontOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const ids = newRequestIds();
    const origin = single(request.headers.origin);
    const added: [string, string][] = [
      ...requestIdHeaders(ids),
      ...options.cors.responseHeaders(origin, request.method),
    ];
    admit(request, response, options, ids, added).catch((error: unknown) => {
      refuse(request, response, asRefusal(error), ids, added);
    });
  };
}

async function admit(
  request: IncomingMessage,
  response: ServerResponse,
  { verifier, cors, hostCheck, upstream }: FrontOptions,
  ids: RequestIds,
  added: [string, string][],
): Promise<void> {
  // A page that rebinds its name to 127.0.0.1 must get nothing, not even a preflight.
  if (hostCheck(request.rawHeaders) !== undefined) throw new S3Refusal("AccessDenied");
  const method = request.method ?? "GET";
  const url = request.url ?? "/";
  const queryAt = url.indexOf("?");
  const parts: SignedParts = {
    method,
    rawPath: queryAt < 0 ? url : url.slice(0, queryAt),
    search: new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1)),
    headers: request.headers,
  };
  if (method === "OPTIONS") {
    const headers = cors.preflight(
      single(request.headers.origin),
      single(request.headers["access-control-request-method"]),
      single(request.headers["access-control-request-headers"]),
    );
    response.writeHead(200, [...requestIdHeaders(ids), ...headers, ["content-length", "0"]]).end();
    return;
  }
  const now = new Date();
  const signedByHeader = request.headers.authorization !== undefined;
  if (signedByHeader && hasQueryAuth(parts.search)) {
    throw new S3Refusal(
      "InvalidArgument",
      "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
      { ArgumentName: "Authorization", ArgumentValue: String(request.headers.authorization) },
    );
  }
  const forwarded = { method, url, headers: request.headers };
  if (signedByHeader) {
    const payload = await verifyHeaderAuth(parts, verifier, now);
    const body = payload === undefined ? request : await readMatching(request, payload.sha256);
    await forward(upstream, { ...forwarded, body }, response, added, ids);
  } else if (hasQueryAuth(parts.search)) {
    await verifyQueryAuth(parts, verifier, now);
    await forward(upstream, { ...forwarded, body: request }, response, added, ids);
  } else if (isPostForm(method, parts.rawPath, request)) {
    const bucket = decodeURIComponent(parts.rawPath.split("/")[1] ?? "");
    const upload = await readPostUpload(
      request,
      (fields) => authorizePost(fields, bucket, verifier, now),
      MAX_CHECKED_BODY_BYTES,
    );
    const form = forwardedForm(upload);
    const headers = { ...request.headers, "content-type": form.contentType };
    await forward(upstream, { ...forwarded, headers, body: form.body }, response, added, ids);
  } else {
    // Unsigned reads, writes, listings and bucket operations: the bucket is private.
    throw new S3Refusal("AccessDenied");
  }
}

/** A browser form upload: POST to `/<bucket>` or `/<bucket>/`. */
function isPostForm(method: string, rawPath: string, request: IncomingMessage): boolean {
  return (
    method === "POST" &&
    /^\/[^/]+\/?$/.test(rawPath) &&
    /^multipart\/form-data\b/i.test(single(request.headers["content-type"]) ?? "")
  );
}

/** The whole body, once its SHA-256 is the one the client signed. */
async function readMatching(request: IncomingMessage, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CHECKED_BODY_BYTES) {
      throw new S3Refusal("EntityTooLarge", undefined, {
        ProposedSize: size,
        MaxSizeAllowed: MAX_CHECKED_BODY_BYTES,
      });
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const computed = createHash("sha256").update(body).digest("hex");
  if (computed !== sha256) {
    throw new S3Refusal("XAmzContentSHA256Mismatch", undefined, {
      ClientComputedContentSHA256: sha256,
      S3ComputedContentSHA256: computed,
    });
  }
  return body;
}

function asRefusal(error: unknown): S3Refusal {
  if (S3Refusal.isRefusal(error)) return error;
  process.emitWarning(`startS3: the front failed on a request: ${String(error)}`, {
    type: "PorticoS3Warning",
    detail: error instanceof Error ? (error.stack ?? error.message) : "",
  });
  return new S3Refusal("InternalError");
}

function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  refusal: S3Refusal,
  ids: RequestIds,
  added: [string, string][],
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const xml = Buffer.from(request.method === "HEAD" ? "" : errorXml(refusal, ids));
  response.writeHead(refusal.status, [
    ...added,
    ["content-type", "application/xml"],
    ["content-length", String(xml.length)],
  ]);
  response.end(xml);
  drain(request);
}

/**
 * Reads and drops what the client still sends after a refusal, so it gets the answer rather than a
 * reset connection; past the local cap, the connection is dropped instead.
 */
function drain(request: IncomingMessage): void {
  if (request.readableEnded || request.destroyed) return;
  let seen = 0;
  request.unpipe();
  request.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_CHECKED_BODY_BYTES) request.destroy();
  });
  request.resume();
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
