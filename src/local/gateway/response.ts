/**
 * A function's result → the HTTP response API Gateway sends (AWS-FACTS.md §2). A result with
 * `statusCode` is structured; any other JSON value is inferred as a 200 `application/json` body.
 * A result API Gateway could not read is reported as malformed, which the gateway answers 500.
 * `send` writes any answer as API Gateway does.
 */
import type { ServerResponse } from "node:http";
import { type GatewayErrorKind, megabytes } from "../../runtime/index.js";
import { noSniffHeader } from "../own-response-headers.js";
import { maxResponseBytes } from "./limits.js";

export interface GatewayResponse {
  readonly status: number;
  /** Header pairs; `set-cookie` may repeat. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

export type Translation =
  | { readonly ok: true; readonly response: GatewayResponse }
  | { readonly ok: false; readonly reason: string };

/** API Gateway sets these itself and drops the function's (Architect's observed filter, §2.1). */
const droppedHeaders = new Set(["connection", "content-length", "date", "upgrade", "transfer-encoding"]);

const malformed = (reason: string): Translation => ({ ok: false, reason });

/** RFC 9110 token characters for names; tab, visible ASCII and obs-text (Latin-1) for values. */
const headerName = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function translateResult(result: unknown, serializedBytes: number): Translation {
  if (serializedBytes > maxResponseBytes)
    return malformed(
      `the response is ${serializedBytes} bytes, over Lambda's ${megabytes(maxResponseBytes)} limit`,
    );
  if (!isRecord(result) || !("statusCode" in result)) {
    // Inferred response: the whole value is the JSON body; a bare string is sent as it is.
    const body = typeof result === "string" ? result : (JSON.stringify(result) ?? "null");
    return {
      ok: true,
      response: { status: 200, headers: [["content-type", "application/json"]], body: Buffer.from(body) },
    };
  }
  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded = false } = result;
  if (
    typeof statusCode !== "number" ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    return malformed(`statusCode ${JSON.stringify(statusCode)} is not an HTTP status`);
  }
  if (!isRecord(headers)) return malformed("headers is not an object");
  if (!Array.isArray(cookies) || cookies.some((cookie) => typeof cookie !== "string")) {
    return malformed("cookies is not an array of strings");
  }
  if (body !== undefined && body !== null && typeof body !== "string")
    return malformed("body is not a string");
  if (typeof isBase64Encoded !== "boolean") return malformed("isBase64Encoded is not a boolean");
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      return malformed(`header ${name} is not a string`);
    }
    const lower = name.toLowerCase();
    // API Gateway cannot send what HTTP cannot carry: a bad name or a value outside visible
    // Latin-1 (a control character, CR/LF, an emoji) makes the response unreadable.
    if (!headerName.test(lower) || !headerValue.test(String(value))) {
      return malformed(`header ${JSON.stringify(name)} is not a valid HTTP header`);
    }
    if (!droppedHeaders.has(lower)) pairs.push([lower, String(value)]);
  }
  // Observed on HTTP APIs: a structured response without a content type is sent as text/plain.
  if (!pairs.some(([name]) => name === "content-type") && typeof body === "string" && body !== "") {
    pairs.push(["content-type", "text/plain; charset=utf-8"]);
  }
  // Each cookie becomes its own Set-Cookie header; multiValueHeaders is not part of 2.0 and is ignored.
  for (const cookie of cookies as string[]) {
    if (!headerValue.test(cookie)) return malformed("a cookie is not a valid Set-Cookie value");
    pairs.push(["set-cookie", cookie]);
  }
  const bytes =
    typeof body === "string" ? Buffer.from(body, isBase64Encoded ? "base64" : "utf8") : Buffer.alloc(0);
  return { ok: true, response: { status: statusCode, headers: pairs, body: bytes } };
}

/** API Gateway's own error bodies: lower-case `message`, `application/json` (§2.3), and `nosniff`. */
export function gatewayError(
  { status, message }: GatewayErrorKind,
  headers: [string, string][] = [],
): GatewayResponse {
  return {
    status,
    headers: [["content-type", "application/json"], noSniffHeader, ...headers],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/** Writes a response as API Gateway does, with its own `apigw-requestid` and `content-length`. */
export function send(
  response: ServerResponse,
  result: GatewayResponse,
  requestId: string,
  extra: [string, string][] = [],
): void {
  const headers = new Map<string, string | string[]>();
  for (const [name, value] of [...result.headers, ...extra]) {
    const existing = headers.get(name);
    if (name === "set-cookie") headers.set(name, [...((existing as string[] | undefined) ?? []), value]);
    else headers.set(name, value);
  }
  // API Gateway sets these itself on every response.
  headers.set("apigw-requestid", requestId);
  headers.set("content-length", String(result.body.length));
  response.writeHead(result.status, Object.fromEntries(headers));
  response.end(result.body);
}
