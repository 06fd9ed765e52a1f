/**
 * What the dev server answers itself, apart from the gateway and the functions: the local-only
 * endpoints under `/_local` (the token issuer, the API reference) and its own refusals. Its own
 * answers are API Gateway's (`gatewayErrors`), with a request id as every gateway answer has
 * (API.md), since a refused Host may have asked for a `/v1` path. And where the local services
 * are taken to be when no running dev server says.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type GatewayErrorKind, gatewayErrors, localOrigin, localPrefix } from "../../runtime/index.js";
import { newRequestId } from "../gateway/request-id.js";
import { gatewayError, send } from "../gateway/response.js";
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
}

/**
 * Answers a request under `/_local`: the docs, then the token issuer, else `404`. A failure is
 * logged and answered `500`, as API Gateway answers a failed integration.
 */
export function createLocalEndpoints(
  options: LocalEndpointsOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { docs, tokenIssuer, log } = options;
  return (request, response) => {
    void (async () => {
      if (docs(request, response)) return;
      if (await tokenIssuer.handle(request, response)) return;
      sendOwn(response, gatewayErrors.notFound);
    })().catch((error: unknown) => {
      log(`local endpoint error: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendOwn(response, gatewayErrors.internal);
    });
  };
}
