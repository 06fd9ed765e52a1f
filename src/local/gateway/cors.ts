/**
 * CORS as API Gateway answers it when the API has a CORS configuration (AWS-FACTS.md §5): the
 * gateway answers preflights itself, before routing and authorization, and on other requests
 * replaces whatever `access-control-*` headers the function returned with the configured ones.
 */
import { PorticoError } from "../../runtime/index.js";

export interface CorsConfig {
  /** Exact origins, `*`, or patterns with one `*`: `http://localhost:*`, `https://*.example.com`, `https://*`. */
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAge: number;
  readonly allowCredentials: boolean;
}

/** A configured origin is not `*` nor `scheme://host[:port]` with `*` only where a pattern allows it. */
export class CorsOriginPatternError extends PorticoError {
  constructor(pattern: string) {
    super(
      "local.cors.originPattern",
      `CORS allowOrigins has ${JSON.stringify(pattern)}; use "*", an origin like "https://app.example.com", ` +
        'or a pattern like "http://localhost:*" (any port), "https://*.example.com" (any subdomain) or "https://*".',
    );
  }
}

/**
 * A serialized origin (RFC 6454 §6.2) as a browser sends it: scheme, host, an optional port of digits,
 * and nothing else — no userinfo, path, query or trailing slash.
 */
const originForm = /^([a-z][a-z0-9+.-]*):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;
const patternForm =
  /^([a-z][a-z0-9+.-]*):\/\/(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(\*|\d{1,5}))?$/i;

/**
 * One `allowOrigins` entry as a test on origins. `*` stands for one part only: in the port, digits
 * (a missing port is the default one, so it matches too); as the host's first label, one or more
 * labels of a subdomain; as the whole host (`https://*`), any host on any port. Scheme and host
 * compare case-insensitively (RFC 3986 §3.1, §3.2.2).
 */
export function originPattern(pattern: string): (origin: string) => boolean {
  const parts = patternForm.exec(pattern);
  if (parts === null) throw new CorsOriginPatternError(pattern);
  const scheme = (parts[1] as string).toLowerCase();
  const host = (parts[2] as string).toLowerCase();
  const port = parts[3];
  const subdomainOf = host.startsWith("*.") ? host.slice(1) : undefined;
  return (origin) => {
    const sent = originForm.exec(origin);
    if (sent === null || (sent[1] as string).toLowerCase() !== scheme) return false;
    const sentHost = (sent[2] as string).toLowerCase();
    const sentPort = sent[3];
    if (sentPort !== undefined && Number(sentPort) > 65_535) return false;
    if (host === "*") return port === undefined || port === "*" || sentPort === port;
    const hostMatches = subdomainOf === undefined ? sentHost === host : sentHost.endsWith(subdomainOf);
    return hostMatches && (port === "*" || sentPort === port);
  };
}

export interface Cors {
  /** Headers for a preflight answer (204), or `undefined` when the origin or method is not allowed. */
  preflight(
    origin: string,
    method: string,
    requestHeaders: string | undefined,
  ): [string, string][] | undefined;
  /** Headers to add to an actual response for this origin (none when it is not allowed). */
  responseHeaders(origin: string | undefined): [string, string][];
}

export function createCors(config: CorsConfig): Cors {
  const anyOrigin = config.allowOrigins.includes("*");
  const patterns = config.allowOrigins.filter((origin) => origin !== "*").map(originPattern);
  const allowed = (origin: string) => anyOrigin || patterns.some((matches) => matches(origin));
  // With credentials, browsers refuse `*`: the request's own origin is echoed instead.
  const allowOrigin = (origin: string) => (anyOrigin && !config.allowCredentials ? "*" : origin);
  const common = (origin: string): [string, string][] => [
    ["access-control-allow-origin", allowOrigin(origin)],
    ...(config.allowCredentials ? [["access-control-allow-credentials", "true"] as [string, string]] : []),
    ["vary", "origin"],
  ];
  return {
    preflight(origin, method, requestHeaders) {
      if (!allowed(origin)) return undefined;
      const methods = config.allowMethods.map((m) => m.toUpperCase());
      if (!methods.includes("*") && !methods.includes(method.toUpperCase())) return undefined;
      const allowHeaders = config.allowHeaders.includes("*")
        ? (requestHeaders ?? "*")
        : config.allowHeaders.join(",");
      return [
        ...common(origin),
        ["access-control-allow-methods", methods.join(",")],
        ["access-control-allow-headers", allowHeaders],
        ["access-control-max-age", String(config.maxAge)],
      ];
    },
    responseHeaders(origin) {
      if (origin === undefined || !allowed(origin)) return [];
      return [
        ...common(origin),
        ...(config.exposeHeaders.length > 0
          ? [["access-control-expose-headers", config.exposeHeaders.join(",")] as [string, string]]
          : []),
      ];
    },
  };
}
