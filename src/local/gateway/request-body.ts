/**
 * Reading a request body within API Gateway's payload limit (`maxRequestBytes`): a declared or
 * streamed size over it stops the read, and the gateway answers 413 before routing.
 */
import type { IncomingMessage } from "node:http";
import { maxRequestBytes } from "./limits.js";

export class RequestTooLargeError extends Error {}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > maxRequestBytes) {
      reject(new RequestTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBytes) {
        reject(new RequestTooLargeError());
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
