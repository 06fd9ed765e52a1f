/**
 * CORS as API Gateway answers it when the API has a CORS configuration (AWS-FACTS.md §5): the
 * gateway answers preflights itself, before routing and authorization, and on other requests
 * replaces whatever `access-control-*` headers the function returned with the configured ones.
 */

export interface CorsConfig {
  /** Exact origins, `*`, or patterns with `*` wildcards (`http://localhost:*`). */
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAge: number;
  readonly allowCredentials: boolean;
}

function originPattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*");
  return new RegExp(`^${escaped}$`, "i");
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
  const patterns = config.allowOrigins.map(originPattern);
  const anyOrigin = config.allowOrigins.includes("*");
  const allowed = (origin: string) => anyOrigin || patterns.some((pattern) => pattern.test(origin));
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
