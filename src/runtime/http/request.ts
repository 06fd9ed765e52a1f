/**
 * The one place that knows the API Gateway HTTP API payload 2.0 event: it becomes an
 * `HttpRequest`, and nothing past this module reads the event.
 */
import { type Principal, principalOf } from "../auth/principal.js";

/** The parts of a payload 2.0 event that Portico reads (AWS-FACTS.md §1). */
export interface HttpApiEvent {
  readonly version?: string;
  readonly routeKey?: string;
  readonly rawPath?: string;
  readonly rawQueryString?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>>;
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: {
    readonly requestId?: string;
    readonly http?: { readonly method?: string };
    readonly authorizer?: {
      readonly jwt?: {
        readonly claims?: Readonly<Record<string, unknown>>;
        readonly scopes?: readonly string[] | null;
      };
    };
  };
}

export interface HttpRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly requestId: string;
  /** Lower-cased names, as API Gateway delivers them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** The raw body bytes (base64 already decoded), or `undefined` when the request had none. */
  readonly body: Buffer | undefined;
  readonly principal: Principal | undefined;
}

function definedEntries(
  record: Readonly<Record<string, string | undefined>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) if (value !== undefined) out[key] = value;
  return out;
}

export function parseRequest(event: HttpApiEvent): HttpRequest {
  const headers: Record<string, string> = {};
  // API Gateway lower-cases header names; a hand-made or replayed event may not.
  for (const [name, value] of Object.entries(definedEntries(event.headers)))
    headers[name.toLowerCase()] = value;
  const body =
    event.body === undefined || event.body === null
      ? undefined
      : Buffer.from(event.body, event.isBase64Encoded === true ? "base64" : "utf8");
  return {
    method: event.requestContext?.http?.method ?? event.routeKey?.split(" ")[0] ?? "GET",
    rawPath: event.rawPath ?? "/",
    requestId: event.requestContext?.requestId ?? "",
    headers,
    query: definedEntries(event.queryStringParameters),
    pathParameters: definedEntries(event.pathParameters),
    body: body === undefined || body.length === 0 ? undefined : body,
    principal: principalOf(event.requestContext?.authorizer?.jwt),
  };
}
