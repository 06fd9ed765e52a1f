/**
 * The dev server's defence against DNS rebinding: a web page that points its own name at 127.0.0.1
 * reaches the server, but its requests still carry that name in `Host`. So the server answers only
 * loopback names — `localhost`, `127.0.0.1`, `[::1]` — and those the developer allows, with the semantics
 * of Vite's `server.allowedHosts`.
 *
 * The port is not compared: the name alone defeats rebinding (a page cannot make the browser send a
 * loopback name for its own origin), and a front-end dev server that proxies to the API keeps its own
 * `Host` (`localhost:5173`), which must keep working. A port must still be digits, up to 65535.
 */
import { PorticoError } from "../runtime/errors.js";
import { localHost } from "../runtime/http/local-twin.js";

/**
 * Host names the dev server answers besides the loopback ones (Vite's `server.allowedHosts`): a name
 * such as `"tunnel.example"`, or one starting with `.` (`".example.test"`) for that name and all its
 * subdomains; `true` answers any `Host`, a missing one included.
 */
export type AllowedHosts = readonly string[] | true;

/** An `allowedHosts` entry is not a host name. */
export class AllowedHostsError extends PorticoError {
  constructor(entry: string) {
    super(
      "local.devServer.allowedHosts",
      `allowedHosts has ${JSON.stringify(entry)}; an entry is a host name without port or scheme, ` +
        'like "tunnel.example", or ".example.test" for the name and its subdomains.',
    );
  }
}

/** Always answered: the names a browser uses for this machine itself. */
export const loopbackHosts: readonly string[] = ["localhost", localHost, "[::1]"];

/** `Host` as RFC 9110 §7.2 has it: a reg-name or IPv4 address, or an IPv6 literal, then an optional port. */
const hostHeader = /^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*)(?::(\d{1,5}))?$/i;
const allowedEntry = /^(?:\.?[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$/i;

/** Why a request's `Host` is refused, for the log; `undefined` when it is answered. */
export type HostCheck = (rawHeaders: readonly string[]) => string | undefined;

/**
 * Checks the `Host` lines of a request (node:http's `rawHeaders`, so a second `Host` line is seen).
 *
 * @example
 * const refusal = createHostCheck([".example.test"])(request.rawHeaders);
 * if (refusal !== undefined) // answer 403
 */
export function createHostCheck(allowedHosts: AllowedHosts = []): HostCheck {
  if (allowedHosts === true) return () => undefined;
  const exact = new Set(loopbackHosts);
  const suffixes: string[] = [];
  for (const entry of allowedHosts) {
    if (!allowedEntry.test(entry)) throw new AllowedHostsError(entry);
    const name = entry.toLowerCase();
    exact.add(name.startsWith(".") ? name.slice(1) : name);
    if (name.startsWith(".")) suffixes.push(name);
  }
  return (rawHeaders) => {
    const values: string[] = [];
    for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
      if ((rawHeaders[index] as string).toLowerCase() === "host")
        values.push(rawHeaders[index + 1] as string);
    }
    if (values.length === 0) return "the request has no Host header";
    if (values.length > 1) return `the request has ${values.length} Host headers`;
    const value = values[0] as string;
    const parts = hostHeader.exec(value);
    if (parts === null || Number(parts[2] ?? 0) > 65_535) {
      return `Host ${JSON.stringify(value)} is not a host name with an optional port`;
    }
    const name = (parts[1] as string).toLowerCase();
    if (exact.has(name) || suffixes.some((suffix) => name.endsWith(suffix))) return undefined;
    return `Host ${JSON.stringify(value)} is not an allowed host`;
  };
}
