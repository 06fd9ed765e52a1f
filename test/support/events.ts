/**
 * Event factory: builds API Gateway HTTP API payload 2.0 events the way the service does
 * (AWS-FACTS.md §1): lower-cased headers, absent keys where AWS omits them, JWT claims as strings.
 */
import { type HttpApiEvent, tokenScopes } from "portico/runtime";
import { newRequestId } from "../../src/local/gateway/request-id.js";

export interface EventOptions {
  readonly method: string;
  /** The path after the stage, with its query string: `/users/me/todos?limit=2`. */
  readonly path: string;
  readonly routeKey: string;
  readonly pathParameters?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  /** JWT claims; absent means the route had no authorizer. */
  readonly claims?: Record<string, string>;
  /** The route's authorization scopes (`null` scopes in the event when empty). */
  readonly routeScopes?: readonly string[];
  /** The token's scopes as the authorizer read them from the raw token; by default from `claims`. */
  readonly tokenScopes?: readonly string[];
  readonly stage?: string;
  /**
   * The custom domain the request came in on, mapped to the stage: `rawPath` then holds no stage
   * (the mapping key is not in it, AWS-FACTS §7). By default the execute-api endpoint, `/<stage>/…`.
   */
  readonly customDomain?: string;
}

export { newRequestId as requestId } from "../../src/local/gateway/request-id.js";

export function createEventV2(options: EventOptions): HttpApiEvent {
  const stage = options.stage ?? "v1";
  const [pathOnly = "/", rawQueryString = ""] = options.path.split("?", 2);
  const rawPath = options.customDomain === undefined ? `/${stage}${pathOnly}` : pathOnly;
  const domainName = options.customDomain ?? "abcdef1234.execute-api.us-east-1.amazonaws.com";
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    query[key] = key in query ? `${query[key]},${value}` : value;
  }
  const headers: Record<string, string> = {
    host: domainName,
    "content-length": String(options.body === undefined ? 0 : Buffer.byteLength(options.body)),
    "x-forwarded-proto": "https",
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  const now = Date.now();
  const id = newRequestId();
  return {
    version: "2.0",
    routeKey: options.routeKey,
    rawPath,
    rawQueryString,
    headers,
    ...(rawQueryString === "" ? {} : { queryStringParameters: query }),
    ...(options.pathParameters && Object.keys(options.pathParameters).length > 0
      ? { pathParameters: options.pathParameters }
      : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "abcdef1234",
      domainName,
      domainPrefix: domainName.split(".")[0] as string,
      http: {
        method: options.method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "192.0.2.1",
        userAgent: "vitest",
      },
      requestId: id,
      routeKey: options.routeKey,
      stage,
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      ...(options.claims === undefined
        ? {}
        : {
            authorizer: {
              jwt: {
                claims: options.claims,
                scopes:
                  options.routeScopes && options.routeScopes.length > 0
                    ? [...(options.tokenScopes ?? tokenScopes(options.claims))]
                    : null,
              },
            },
          }),
    } as NonNullable<HttpApiEvent["requestContext"]>,
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}

/** `GET /users/{userId}` naming `userId` (`me` or a sub), sent by the caller `sub`. */
export function getUserEvent(userId: string, sub: string): HttpApiEvent {
  return createEventV2({
    method: "GET",
    path: `/users/${userId}`,
    routeKey: "GET /users/{userId}",
    pathParameters: { userId },
    claims: { sub },
  });
}
