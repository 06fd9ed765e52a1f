/**
 * One HTTP/1.x exchange written byte for byte on a plain socket, for requests `fetch` cannot send:
 * a header sent twice (fetch joins duplicates), a chosen or missing `Host`, an exact head size,
 * HTTP/1.0, or no User-Agent.
 */
import { connect } from "node:net";

export interface RawResponse {
  readonly status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/**
 * Writes `head` (the request line, then header lines, each as given) and `body` to 127.0.0.1:`port`,
 * and resolves with the response. Add `Content-Length` to `head` when there is a body.
 */
export function rawRequest(port: number, head: readonly string[], body?: Buffer): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const headEnd = received.indexOf("\r\n\r\n");
      if (headEnd === -1) return;
      const [statusLine = "", ...lines] = received.subarray(0, headEnd).toString("latin1").split("\r\n");
      const headers = Object.fromEntries(
        lines.map((line) => [
          line.slice(0, line.indexOf(":")).toLowerCase(),
          line.slice(line.indexOf(":") + 1).trim(),
        ]),
      );
      const length = Number(headers["content-length"] ?? 0);
      if (received.length < headEnd + 4 + length) return;
      socket.destroy();
      resolve({
        status: Number(statusLine.split(" ")[1]),
        headers,
        body: received.subarray(headEnd + 4, headEnd + 4 + length),
      });
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`The connection closed before the response to ${head[0]}.`)));
    socket.write(
      Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`, "latin1"), body ?? Buffer.alloc(0)]),
    );
  });
}
