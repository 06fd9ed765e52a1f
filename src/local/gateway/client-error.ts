/**
 * Requests node:http cannot parse never reach the gateway's listener; this answers them as the
 * gateway would have — a head past node:http's limit gets API Gateway's 431, not a bare one.
 */
import type { Duplex } from "node:stream";
import { gatewayErrors } from "../../runtime/index.js";
import { newRequestId } from "./request-id.js";
import { gatewayError } from "./response.js";

/**
 * A `clientError` listener for the gateway's server: a head past node:http's own limit (16 KB by
 * default) gets the same 431 as one past AWS's 10,240 bytes; any other unparsable request Node's
 * bare 400.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  if (error.code !== "HPE_HEADER_OVERFLOW") {
    socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    return;
  }
  const { status, headers, body } = gatewayError(gatewayErrors.headersTooLarge);
  const lines = [
    `HTTP/1.1 ${status} ${gatewayErrors.headersTooLarge.message}`,
    ...headers.map(([name, value]) => `${name}: ${value}`),
    `apigw-requestid: ${newRequestId()}`,
    `content-length: ${body.length}`,
    "connection: close",
  ];
  socket.end(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), body]));
}
