/**
 * Per-request metrics through Powertools Metrics: requests, 5xx errors and latency, by route, in
 * CloudWatch's embedded metric format (one JSON line on stdout that CloudWatch turns into metrics,
 * with no API call). Made on first use, like the logger; `POWERTOOLS_METRICS_DISABLED` (set by the
 * local twin) turns them off.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { requestMetrics } from "../model/index.js";

let instance: Metrics | undefined;

function metrics(): Metrics {
  instance ??= new Metrics({
    namespace: requestMetrics.namespace,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "portico",
  });
  return instance;
}

/** Emits one request's metrics at once, so a container that serves requests in turn never mixes them. */
export function recordRequest(routeKey: string, status: number, latencyMs: number): void {
  const recorder = metrics();
  recorder.addDimension(requestMetrics.routeDimension, routeKey);
  recorder.addMetric(requestMetrics.requests, MetricUnit.Count, 1);
  recorder.addMetric(requestMetrics.errors, MetricUnit.Count, status >= 500 ? 1 : 0);
  recorder.addMetric(requestMetrics.latency, MetricUnit.Milliseconds, latencyMs);
  recorder.publishStoredMetrics();
}
