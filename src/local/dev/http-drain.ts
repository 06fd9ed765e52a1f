/**
 * Stopping the dev server without dropping requests. A drain stops accepting connections, answers
 * every request in flight — and any a client still sends on a connection it holds — each with
 * `connection: close`, so its socket ends with it, and once none has been in flight for a moment
 * closes the connections that stayed idle. After a grace period it gives up waiting: the caller has the gateway answer
 * what remains (API Gateway's own 503), then every socket closes. Only then may the function pool
 * and the services stop: a request still in flight when the workers end would get a crashed
 * sandbox's 500, or nothing.
 *
 * It does not use `http.Server.close()` to stop listening: that also destroys idle keep-alive
 * connections at once, and a request a client has just sent on one, not yet read, is then reset
 * (a "socket hang up" for a request the client rightly thought was sent).
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { Server as NetServer } from "node:net";

/** How long in-flight requests may take to finish once the dev server is asked to stop. */
export const drainGraceMs = 10_000;

/**
 * How long no request must be in flight before the idle connections close: a request a client
 * sent on one just as the last answer went out is still read and answered (with `connection:
 * close`) rather than reset.
 */
const quietMs = 100;

/** What is left after the gateway's last answers: bounded, so a stuck socket cannot hold stop. */
const afterAbortMs = 1_000;

export interface HttpDrain {
  /** Counts a request until its response is sent or its connection closes; call it first, for each. */
  track(request: IncomingMessage, response: ServerResponse): void;
  /**
   * Stops accepting connections and waits for every request in flight, up to `graceMs`; past it calls
   * `abort` (the gateway answers what remains), waits a moment for those answers, and closes every
   * connection left. Resolves with how many requests were still in flight at the grace's end.
   */
  drain(graceMs: number, abort: () => void): Promise<number>;
}

export function createHttpDrain(server: Server): HttpDrain {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  /** Set while a drain waits: resolves it once no request has been in flight for `quietMs`. */
  let onQuiet: (() => void) | undefined;
  let quiet: NodeJS.Timeout | undefined;
  const waitForQuiet = () => {
    clearTimeout(quiet);
    if (inFlight.size === 0 && onQuiet !== undefined) quiet = setTimeout(() => onQuiet?.(), quietMs);
  };
  // The socket closes with the response, so a client keeping its connection alive learns of the
  // stop on its next request (a refused connection) instead of finding it dead.
  const closeAfter = (response: ServerResponse) => {
    if (!response.headersSent) response.setHeader("connection", "close");
  };
  const idle = (withinMs: number) =>
    new Promise<boolean>((resolve) => {
      const end = (quietNow: boolean) => {
        clearTimeout(timer);
        clearTimeout(quiet);
        onQuiet = undefined;
        resolve(quietNow);
      };
      const timer = setTimeout(() => end(false), withinMs);
      onQuiet = () => end(true);
      waitForQuiet();
    });
  return {
    track(_request, response) {
      inFlight.add(response);
      if (draining) {
        closeAfter(response);
        clearTimeout(quiet);
      }
      response.once("close", () => {
        inFlight.delete(response);
        if (draining) waitForQuiet();
      });
    },
    async drain(graceMs, abort) {
      draining = true;
      // Only the listening socket: see the module's comment.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      for (const response of inFlight) closeAfter(response);
      let left = 0;
      if (!(await idle(graceMs))) {
        left = inFlight.size;
        abort();
        await idle(afterAbortMs);
      }
      server.closeAllConnections();
      await closed;
      return left;
    },
  };
}
