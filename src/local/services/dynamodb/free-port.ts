/**
 * Finds a free TCP port on 127.0.0.1 by listening on port 0 and reading what the OS assigned.
 * Used for servers (like DynamoDB Local) that cannot report the port they bound themselves; the port is
 * released before returning, so a caller must tolerate the small race of someone else taking it.
 */
import { createServer } from "node:net";
import { localHost } from "../../../runtime/http/local-twin.js";

export function freePort(host = localHost): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : undefined;
      server.close(() => {
        if (port === undefined) reject(new Error(`Could not read the port assigned on ${host}.`));
        else resolve(port);
      });
    });
  });
}
