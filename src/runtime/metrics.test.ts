import { afterEach, describe, expect, it, vi } from "vitest";
import { requestMetrics } from "../model/index.js";

describe("per-request metrics", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
  });

  async function emitted(status: number): Promise<Record<string, unknown>> {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    vi.stubEnv("POWERTOOLS_SERVICE_NAME", "my-app-dev");
    const lines: string[] = [];
    // Powertools writes with a Console of its own on process.stdout, as on Lambda.
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk).trim());
      return true;
    });
    const { recordRequest } = await import("./metrics.js");
    recordRequest("GET /accounts/{accountId}", status, 1.5);
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0] as string) as Record<string, unknown>;
  }

  it("writes one embedded-metric-format line per request: requests, errors and latency by service and route", async () => {
    const line = await emitted(200);
    expect(line).toMatchObject({
      service: "my-app-dev",
      [requestMetrics.routeDimension]: "GET /accounts/{accountId}",
      [requestMetrics.requests]: 1,
      [requestMetrics.errors]: 0,
      [requestMetrics.latency]: 1.5,
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: requestMetrics.namespace,
            Dimensions: [["service", requestMetrics.routeDimension]],
          },
        ],
      },
    });
  });

  it("counts a 5xx as an error, and a 4xx as none", async () => {
    expect((await emitted(503))[requestMetrics.errors]).toBe(1);
    vi.resetModules();
    expect((await emitted(404))[requestMetrics.errors]).toBe(0);
  });
});
