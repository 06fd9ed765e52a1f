/**
 * What the dev server answers itself, apart from the gateway and the functions: the local-only
 * endpoints under `/_local` (the token issuer, the API reference) and its own refusals. Its own
 * answers are API Gateway's (`gatewayErrors`), with a request id as every gateway answer has
 * (API.md), since a refused Host may have asked for a `/v1` path. The token endpoint answers CORS
 * for the local origins only, so a web client on a local dev server can sign in. And where the
 * local services are taken to be when no running dev server says.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type GatewayErrorKind,
  gatewayErrors,
  localOrigin,
  localPrefix,
  localTokenPath,
} from "../../runtime/index.js";
import { type Cors, createCors } from "../gateway/cors.js";
import { newRequestId } from "../gateway/request-id.js";
import { gatewayError, send } from "../gateway/response.js";
import { noSniffHeader } from "../own-response-headers.js";
import type { TokenIssuer } from "../services/token-issuer.js";

/**
 * The services' endpoints when no dev server has published its own (`portico invoke` of a route
 * that touches no data, with none running): DynamoDB Local's and s3rver's default ports on the
 * local host, so the SDK still points at this machine, never at AWS.
 */
export const unpublishedServiceEndpoints = {
  dynamodb: localOrigin(8000),
  s3: localOrigin(4569),
} as const;

/** Sends one of API Gateway's own answers, as the dev server's own. */
export function sendOwn(response: ServerResponse, kind: GatewayErrorKind): void {
  send(response, gatewayError(kind), newRequestId());
}

/** Whether a request path is one of the local-only endpoints (`/_local` or under it). */
export function isLocalPath(path: string): boolean {
  return path === localPrefix || path.startsWith(`${localPrefix}/`);
}

export interface LocalEndpointsOptions {
  /** Serves the API reference; `false` when the path is not its own. */
  readonly docs: (request: IncomingMessage, response: ServerResponse) => boolean;
  readonly tokenIssuer: TokenIssuer;
  readonly log: (line: string) => void;
  /**
   * The local origins (the twin's `localOrigins`) whose pages may ask the token endpoint for a
   * token, as a web client on a local dev server signs in. @default none: no CORS on `/_local`
   */
  readonly tokenOrigins?: readonly string[];
}

/**
 * CORS of `POST /_local/token` for `origins`: that method, with `Content-Type` as its only header
 * (the endpoint takes JSON only, so every browser request to it is preflighted), nothing exposed,
 * no credentials. Any other origin gets no CORS header, so its page cannot send the JSON or read
 * the token.
 */
export function localTokenCors(origins: readonly string[]): Cors {
  return createCors({
    allowOrigins: origins,
    allowMethods: ["POST"],
    allowHeaders: ["content-type"],
    exposeHeaders: [],
    maxAge: 600,
    allowCredentials: false,
  });
}

/**
 * Answers a preflight of the token endpoint (204, with CORS headers only for an allowed origin and
 * method, as the gateway answers its own), or sets an actual request's CORS headers; `true` when
 * the preflight was answered.
 */
function answerTokenCors(cors: Cors, request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin;
  const method = request.headers["access-control-request-method"];
  if (request.method === "OPTIONS" && origin !== undefined && typeof method === "string") {
    const headers = cors.preflight(origin, method, request.headers["access-control-request-headers"]);
    response.writeHead(204, [[...noSniffHeader], ...(headers ?? [])]).end();
    return true;
  }
  for (const [name, value] of cors.responseHeaders(origin)) response.setHeader(name, value);
  return false;
}

/**
 * Answers a request under `/_local`: the docs, then the token issuer, else `404`. A failure is
 * logged and answered `500`, as API Gateway answers a failed integration.
 */
export function createLocalEndpoints(
  options: LocalEndpointsOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { docs, tokenIssuer, log } = options;
  const tokenCors = options.tokenOrigins === undefined ? undefined : localTokenCors(options.tokenOrigins);
  return (request, response) => {
    void (async () => {
      if (docs(request, response)) return;
      const path = new URL(request.url ?? "/", "http://localhost").pathname;
      if (tokenCors !== undefined && path === localTokenPath && answerTokenCors(tokenCors, request, response))
        return;
      if (await tokenIssuer.handle(request, response)) return;
      sendOwn(response, gatewayErrors.notFound);
    })().catch((error: unknown) => {
      log(`local endpoint error: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendOwn(response, gatewayErrors.internal);
    });
  };
}
