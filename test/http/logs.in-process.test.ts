/** Every request leaves one structured log line in the function, carrying API Gateway's request id. */
import { logger } from "portico/runtime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../app/portico.config.js";
import { useTestApi } from "../support/use-test-api.js";

const { api } = useTestApi(app);

afterEach(() => {
  vi.restoreAllMocks();
  logger().setLogLevel("SILENT");
});

function captureLogs(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk) => {
      const text = String(chunk);
      if (text.startsWith("{")) lines.push(JSON.parse(text) as Record<string, unknown>);
      return true;
    });
  }
  return lines;
}

describe("function logs", () => {
  it("log each handled request once at INFO with the request id, the route and the status", async () => {
    logger().setLogLevel("INFO");
    const lines = captureLogs();
    const reply = await api.call({ method: "GET", path: "/health" });
    expect(reply.status).toBe(200);
    expect(lines).toEqual([
      expect.objectContaining({
        level: "INFO",
        message: "request handled",
        status: 200,
        routeKey: "GET /health",
        requestId: expect.stringMatching(/^[A-Za-z0-9]{15}=$/),
      }),
    ]);
  });

  it("log a refused request with its status and problem code, not its body", async () => {
    logger().setLogLevel("INFO");
    const lines = captureLogs();
    await api.call({ method: "POST", path: "/users", as: "logger", body: { username: "NO" } });
    expect(lines).toEqual([
      expect.objectContaining({
        level: "INFO",
        message: "request refused",
        status: 400,
        code: "http.validation-error",
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('"NO"');
  });
});
