import { describe, expect, it } from "vitest";
import { formatLogEntry } from "./format.js";

const at = Date.UTC(2026, 4, 1, 12, 0, 0, 123);
const entry = (message: string) => ({ functionName: "accounts-get", timestamp: at, eventId: "1", message });

describe("a function's log line, printed", () => {
  it("shows time, function, level, message, status and request id of a Powertools line", () => {
    const line = JSON.stringify({
      level: "INFO",
      message: "request handled",
      timestamp: "2026-05-01T12:00:00.123Z",
      service: "my-app",
      requestId: "Ab1cD2eF3gH4iJ=",
      routeKey: "GET /accounts/{accountId}",
      status: 200,
    });
    expect(formatLogEntry(entry(line))).toBe(
      "2026-05-01T12:00:00.123Z accounts-get INFO request handled 200 Ab1cD2eF3gH4iJ=",
    );
  });

  it("ends with the error's message when the line carries one", () => {
    const line = JSON.stringify({
      level: "ERROR",
      message: "request failed",
      status: 500,
      requestId: "r1",
      error: { name: "Error", message: "boom", stack: "Error: boom\n    at x" },
    });
    expect(formatLogEntry(entry(line))).toBe(
      "2026-05-01T12:00:00.123Z accounts-get ERROR request failed 500 r1 (boom)",
    );
  });

  it("falls back to Lambda's request id and dashes for what a line lacks", () => {
    expect(formatLogEntry(entry('{"level":"WARN","awsRequestId":"8f2c"}'))).toBe(
      "2026-05-01T12:00:00.123Z accounts-get WARN - - 8f2c",
    );
  });

  it("shows Lambda's own plain lines as they are", () => {
    expect(formatLogEntry(entry("REPORT RequestId: 8f2c\tDuration: 3.1 ms\n"))).toBe(
      "2026-05-01T12:00:00.123Z accounts-get REPORT RequestId: 8f2c\tDuration: 3.1 ms",
    );
  });
});
