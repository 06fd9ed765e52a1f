/**
 * Request → payload 2.0 event, field by field as API Gateway builds it (AWS-FACTS.md §1). Each
 * branch names the behaviour it reproduces; keys AWS omits are omitted here too.
 */
import { type HttpApiEvent, localHost } from "../../runtime/index.js";
import { newTraceId } from "./request-id.js";

export interface IncomingRequest {
  readonly method: string;
  /** The request target as sent: path and query string, still percent-encoded. */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value… with duplicates and original case. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  /** The port the client connected to, for `x-forwarded-port`. */
  readonly localPort: number;
}

export interface EventContext {
  readonly routeKey: string;
  readonly stage: string;
  readonly requestId: string;
  readonly now: number;
  readonly pathParameters: Record<string, string> | undefined;
  readonly apiId: string;
  readonly accountId: string;
  /** The JWT authorizer's output; absent when the route has no authorizer. */
  readonly authorizer?: { readonly claims: Record<string, string>; readonly scopes: string[] | null };
  readonly stageVariables?: Record<string, string>;
}

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** CLF time as in `requestContext.time`: `24/Mar/2020:23:08:34 +0000` (with the space). */
export function clfTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, "0");
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/**
 * HTTP APIs have no binaryMediaTypes: text types arrive as a string, everything else — a missing
 * Content-Type, form posts, multipart, octet-stream, `+json` types — as base64 (AWS-FACTS.md §1.4).
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return (
    type.startsWith("text/") ||
    type === "application/json" ||
    type === "application/xml" ||
    type === "application/javascript"
  );
}

/**
 * HTTP APIs decode the path (`%20` → space), except `%2F` and `%25`, which stay encoded
 * (AWS-FACTS.md §1.6); an undecodable sequence is kept as sent.
 */
export function decodePath(rawPath: string): string {
  return rawPath
    .split(/(%2[Ff]|%25)/)
    .map((part, index) => {
      if (index % 2 === 1) return part;
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    })
    .join("");
}

function decodeQueryComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/** `queryStringParameters`: decoded (`+` is a space), repeated keys joined with commas. */
export function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === "") return undefined;
  const parameters: Record<string, string> = {};
  for (const pair of rawQueryString.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const key = decodeQueryComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? "" : decodeQueryComponent(pair.slice(equals + 1));
    parameters[key] = Object.hasOwn(parameters, key) ? `${parameters[key]},${value}` : value;
  }
  return parameters;
}

/** Every line of a header, in order, joined with a comma and no space, as API Gateway joins them. */
const joinValue = (joined: string | undefined, value: string) =>
  joined === undefined ? value : `${joined},${value}`;

/**
 * One header as the gateway and the function see it: all its lines joined (so two `Authorization`
 * headers make one invalid token, where node:http's `request.headers` keeps only the first).
 */
export function joinedHeader(rawHeaders: readonly string[], name: string): string | undefined {
  let joined: string | undefined;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if ((rawHeaders[index] as string).toLowerCase() === name)
      joined = joinValue(joined, rawHeaders[index + 1] as string);
  }
  return joined;
}

const hopByHopHeaders = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade"]);

/** Lower-cased names, duplicates joined with a comma and no space; cookies split off. */
export function eventHeaders(rawHeaders: readonly string[]): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase();
    const value = rawHeaders[index + 1] as string;
    // Hop-by-hop headers end at the gateway: no capture of HTTPie's or Postman's requests (which
    // always send `Connection: keep-alive`) has them.
    if (hopByHopHeaders.has(name)) continue;
    if (name === "cookie") {
      // `cookie` leaves `headers`; each `name=value` pair becomes one element of `cookies`.
      cookies.push(
        ...value
          .split(";")
          .map((cookie) => cookie.trim())
          .filter((cookie) => cookie !== ""),
      );
      continue;
    }
    headers[name] = joinValue(Object.hasOwn(headers, name) ? headers[name] : undefined, value);
  }
  return { headers, cookies };
}

export function buildEvent(request: IncomingRequest, context: EventContext): HttpApiEvent {
  const queryIndex = request.url.indexOf("?");
  const rawTarget = queryIndex === -1 ? request.url : request.url.slice(0, queryIndex);
  const rawQueryString = queryIndex === -1 ? "" : (request.url.slice(queryIndex + 1).split("#")[0] ?? "");
  const rawPath = decodePath(rawTarget);
  const { headers, cookies } = eventHeaders(request.rawHeaders);
  const host = headers.host ?? localHost;
  const domainName = host.replace(/:\d+$/, "");
  // API Gateway adds these to every request it forwards.
  headers["content-length"] = String(request.body.length);
  headers["x-amzn-trace-id"] = newTraceId(context.now);
  headers["x-forwarded-for"] = headers["x-forwarded-for"]
    ? `${headers["x-forwarded-for"]}, ${request.sourceIp}`
    : request.sourceIp;
  headers["x-forwarded-port"] = String(request.localPort);
  headers["x-forwarded-proto"] = "http";
  const query = queryParameters(rawQueryString);
  const hasBody = request.body.length > 0;
  const text = isTextContentType(headers["content-type"]);
  return {
    version: "2.0",
    routeKey: context.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query === undefined ? {} : { queryStringParameters: query }),
    ...(context.pathParameters === undefined ? {} : { pathParameters: context.pathParameters }),
    ...(context.stageVariables === undefined ? {} : { stageVariables: context.stageVariables }),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      ...(context.authorizer === undefined ? {} : { authorizer: { jwt: context.authorizer } }),
      domainName,
      domainPrefix: domainName.split(".")[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: context.requestId,
      routeKey: context.routeKey,
      stage: context.stage,
      time: clfTime(context.now),
      timeEpoch: context.now,
    },
    // No `body` key at all when the request has none.
    ...(hasBody ? { body: text ? request.body.toString("utf8") : request.body.toString("base64") } : {}),
    isBase64Encoded: hasBody && !text,
  } as HttpApiEvent;
}
