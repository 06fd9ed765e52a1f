/**
 * API Gateway's and Lambda's hard limits that the local gateway enforces (AWS-FACTS.md §6), with
 * how each is counted. The payload limits the API states are the runtime's (`runtime/limits.ts`);
 * the gateway-only ones (the request head, the integration timeout) live here.
 */
import type { IncomingMessage } from "node:http";
import { maxLambdaPayloadBytes } from "../../runtime/index.js";

export { maxRequestBytes } from "../../runtime/index.js";

/** Lambda's synchronous invocation payload limit applies to the event and to the response alike. */
export const maxEventBytes = maxLambdaPayloadBytes;
export const maxResponseBytes = maxLambdaPayloadBytes;

/** "Request line and header values, combined": a larger head is a 431 (API.md). */
export const maxRequestHeadBytes = 10_240;

/** The integration timeout: its default is also its maximum on HTTP APIs (50–30000 ms). */
export const maxIntegrationTimeoutMs = 30_000;
export const minIntegrationTimeoutMs = 50;

/**
 * The request's size as AWS's quota counts it: the request line and every header value, in bytes as
 * sent. Header names are not counted — the quota names values only, and counting names would refuse
 * requests AWS serves.
 */
export function requestHeadBytes(request: IncomingMessage): number {
  let bytes = Buffer.byteLength(`${request.method} ${request.url} HTTP/${request.httpVersion}`, "latin1");
  const { rawHeaders } = request;
  for (let index = 1; index < rawHeaders.length; index += 2) {
    bytes += Buffer.byteLength(rawHeaders[index] as string, "latin1");
  }
  return bytes;
}
