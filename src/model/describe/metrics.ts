/**
 * The metrics every function emits per request (Powertools Metrics, embedded metric format), as the
 * runtime writes them and the stack's dashboard reads them.
 */
export const requestMetrics = {
  namespace: "Portico",
  /** One per request. */
  requests: "requests",
  /** One per request answered with a 5xx. */
  errors: "errors",
  /** The handler's own time for the request, in milliseconds. */
  latency: "latency",
  /** The route key (`GET /accounts/{accountId}`), beside Powertools' own `service` dimension. */
  routeDimension: "route",
} as const;

export type RequestMetrics = typeof requestMetrics;
