/**
 * The token issuer's HTTP endpoints, as API.md's Authentication section makes them a contract:
 * `GET {base}/.well-known/openid-configuration`, `GET {base}/.well-known/jwks.json` and
 * `POST {base}/token` (a JSON body only: 415 otherwise), where `base` is the issuer URL's path
 * (`/_local`). Errors are RFC 6749 §5.2 `{"error","error_description"}` bodies.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonMediaType } from "../../runtime/index.js";
import { noSniffHeader, noStoreHeader } from "../own-response-headers.js";
import type { TokenIssuer } from "./token-issuer.js";
import { type IssueRequest, notAJsonObject, TokenRequestError } from "./token-request.js";

/** A token request is a few dozen bytes; anything much larger is a mistake, not a token request. */
const MAX_BODY_BYTES = 16 * 1024;

/** Where each endpoint lives, under the issuer URL's path `base`. */
export function issuerPaths(base: string) {
  return {
    discovery: `${base}/.well-known/openid-configuration`,
    jwks: `${base}/.well-known/jwks.json`,
    token: `${base}/token`,
  };
}

/**
 * Serves the issuer's endpoints; resolves `false` without touching the response when the path is
 * none of them, so the caller routes elsewhere.
 */
export function createIssuerEndpoints(
  tokenIssuer: Omit<TokenIssuer, "handle">,
  base: string,
): (request: IncomingMessage, response: ServerResponse) => Promise<boolean> {
  const paths = issuerPaths(base);
  return async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === paths.discovery || path === paths.jwks) {
      if (request.method !== "GET" && request.method !== "HEAD") {
        sendJson(response, 405, methodNotAllowed(request.method), { allow: "GET, HEAD" });
        return true;
      }
      const document = path === paths.jwks ? tokenIssuer.jwks() : tokenIssuer.openidConfiguration();
      sendJson(response, 200, document, {}, request.method === "HEAD");
      return true;
    }
    if (path === paths.token) {
      if (request.method !== "POST") {
        sendJson(response, 405, methodNotAllowed(request.method), { allow: "POST", ...noStore });
        return true;
      }
      await handleTokenRequest(tokenIssuer, request, response);
      return true;
    }
    return false;
  };
}

async function handleTokenRequest(
  tokenIssuer: Omit<TokenIssuer, "handle">,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  // JSON only: a cross-site page can POST text/plain, a form or multipart without a preflight (a
  // "simple request"), but not application/json — so no page can mint a token by posting here.
  if (!isJsonUtf8(request.headers["content-type"])) {
    request.resume();
    sendJson(
      response,
      415,
      invalidRequest('the body must be JSON sent as Content-Type: application/json, like {"sub":"alice"}'),
      noStore,
    );
    return;
  }
  const body = await readBody(request);
  if (body === undefined) {
    sendJson(
      response,
      413,
      invalidRequest(`the body must be at most ${MAX_BODY_BYTES} bytes of JSON`),
      noStore,
    );
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    sendJson(response, 400, invalidRequest(notAJsonObject), noStore);
    return;
  }
  try {
    const issued = await tokenIssuer.issue(parsed as IssueRequest);
    sendJson(response, 200, issued, { ...noStore, pragma: "no-cache" });
  } catch (error) {
    if (!(error instanceof TokenRequestError)) throw error;
    sendJson(response, 400, invalidRequest(error.message), noStore);
  }
}

/** Resolves the body as text, or `undefined` when it exceeds {@link MAX_BODY_BYTES}. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Keep draining past the limit (so the client can read our answer) but stop buffering.
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8");
}

/** RFC 6749 §5.1: no token endpoint response may be cached. */
const noStore: Record<string, string> = Object.fromEntries([noStoreHeader]);

/** `application/json` exactly, with no charset or UTF-8 (RFC 8259 §8.1), by the API's own parser. */
function isJsonUtf8(contentType: string | undefined): boolean {
  return jsonMediaType(contentType) === "application/json";
}

function invalidRequest(description: string) {
  return { error: "invalid_request", error_description: description };
}

function methodNotAllowed(method: string | undefined) {
  return { error: "invalid_request", error_description: `method ${method ?? "(none)"} is not allowed here` };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  headOnly = false,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    [noSniffHeader[0]]: noSniffHeader[1],
    ...headers,
  });
  response.end(headOnly ? undefined : text);
}
