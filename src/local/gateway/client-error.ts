/**
 * Requests node:http cannot parse never reach the gateway's listener; this answers them as the
 * gateway would have — a head past node:http's limit gets API Gateway's 431, not a bare one.
 */
import type { Duplex } from "node:stream";
import { gatewayErrors } from "../../runtime/index.js";
import { noSniffHeader } from "../own-response-headers.js";
import { newRequestId } from "./request-id.js";
import { gatewayError } from "./response.js";

/**
 * A `clientError` listener for the gateway's server: a head past node:http's own limit (16 KB by
 * default) gets the same 431 as one past AWS's 10,240 bytes; any other unparsable request Node's
 * bare 400. Both carry the headers every response has (API.md, Conventions), and the answer to a
 * HEAD has no body (RFC 9110 §9.3.2), or the client reads it as the start of a broken next response.
 */
export function answerClientError(
  error: Error & { code?: string; rawPacket?: Buffer },
  socket: Duplex,
): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const own = [`apigw-requestid: ${newRequestId()}`, `${noSniffHeader[0]}: ${noSniffHeader[1]}`];
  if (error.code !== "HPE_HEADER_OVERFLOW") {
    socket.end(
      `HTTP/1.1 400 Bad Request\r\n${own.join("\r\n")}\r\ncontent-length: 0\r\nConnection: close\r\n\r\n`,
    );
    return;
  }
  const { status, headers, body } = gatewayError(gatewayErrors.headersTooLarge);
  const lines = [
    `HTTP/1.1 ${status} ${gatewayErrors.headersTooLarge.message}`,
    ...headers.map(([name, value]) => `${name}: ${value}`),
    own[0],
    `content-length: ${body.length}`,
    "connection: close",
  ];
  const head = error.rawPacket?.subarray(0, 5).toString("latin1") === "HEAD ";
  socket.end(
    Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), head ? Buffer.alloc(0) : body]),
  );
}
