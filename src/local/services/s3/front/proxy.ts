/**
 * Hands an accepted request to the private s3rver (over its Unix socket) and its answer back to the
 * client, streaming both ways. s3rver's CORS headers are dropped (the front owns CORS), its error
 * documents gain S3's RequestId and HostId, and its 5xx details never reach the client.
 */
import {
  type Agent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { errorXml, type RequestIds, S3Refusal, withRequestIds } from "./errors.js";

export interface Upstream {
  readonly socketPath: string;
  readonly agent: Agent;
}

export interface Forwarded {
  readonly method: string;
  /** Path and query, as the client sent them. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The body still to stream, or one the front has already read (and checked) whole. */
  readonly body: IncomingMessage | Buffer;
}

/** Connection-level headers, which belong to one hop only. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "expect",
]);

/** Error documents are small; anything longer is no S3 error document. */
const MAX_ERROR_BYTES = 64 * 1024;

/** Resolves once the response is sent; never rejects (a broken upstream is S3's InternalError). */
export function forward(
  upstream: Upstream,
  forwarded: Forwarded,
  response: ServerResponse,
  added: readonly [string, string][],
  ids: RequestIds,
): Promise<void> {
  return new Promise((resolve) => {
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(forwarded.headers)) {
      if (!HOP_BY_HOP.has(name) && !name.startsWith("proxy-")) headers[name] = value;
    }
    if (Buffer.isBuffer(forwarded.body)) headers["content-length"] = String(forwarded.body.length);
    const outgoing = httpRequest(
      {
        socketPath: upstream.socketPath,
        agent: upstream.agent,
        method: forwarded.method,
        path: forwarded.url,
        headers,
      },
      (answer) => {
        const status = answer.statusCode ?? 500;
        const kept: [string, string][] = [];
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value === undefined || dropped(name)) continue;
          for (const one of Array.isArray(value) ? value : [value]) kept.push([name, one]);
        }
        const isError = status >= 400 && forwarded.method !== "HEAD";
        // s3rver spells the PostResponse document's ETag element `Etag`; S3 writes `ETag`.
        const isPostResponse = status === 201 && forwarded.method === "POST";
        if (isError || isPostResponse) {
          readSmall(answer).then((body) => {
            const xml =
              isPostResponse && body !== undefined
                ? body.toString("utf8").replaceAll("<Etag>", "<ETag>").replaceAll("</Etag>", "</ETag>")
                : status >= 500 || body === undefined
                  ? errorXml(new S3Refusal("InternalError"), ids)
                  : withRequestIds(body.toString("utf8"), ids);
            const sent = Buffer.from(xml);
            response.writeHead(Math.min(status, 500), [
              ...kept.filter(([name]) => name !== "content-length" && name !== "content-type"),
              ["content-type", "application/xml"],
              ["content-length", String(sent.length)],
              ...added,
            ]);
            response.end(sent, resolve);
          });
          return;
        }
        response.writeHead(status, [...kept, ...added]);
        answer.pipe(response);
        answer.once("end", resolve);
        answer.once("error", () => {
          response.destroy();
          resolve();
        });
      },
    );
    outgoing.once("error", () => {
      if (response.headersSent) response.destroy();
      else {
        const xml = Buffer.from(errorXml(new S3Refusal("InternalError"), ids));
        response.writeHead(500, [
          ["content-type", "application/xml"],
          ["content-length", String(xml.length)],
          ...added,
        ]);
        response.end(xml);
      }
      resolve();
    });
    if (Buffer.isBuffer(forwarded.body)) {
      outgoing.end(forwarded.body);
    } else {
      const incoming = forwarded.body;
      // A client that goes away mid-upload takes the upstream request with it.
      incoming.once("aborted", () => outgoing.destroy());
      incoming.pipe(outgoing);
    }
  });
}

/** s3rver's CORS and ids: the front sets its own. */
function dropped(name: string): boolean {
  return (
    name.startsWith("access-control-") ||
    name === "vary" ||
    name === "x-amz-request-id" ||
    name === "x-amz-id-2" ||
    HOP_BY_HOP.has(name)
  );
}

function readSmall(stream: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_ERROR_BYTES) chunks.push(chunk);
    });
    stream.once("end", () => resolve(size <= MAX_ERROR_BYTES ? Buffer.concat(chunks) : undefined));
    stream.once("error", () => resolve(undefined));
  });
}
