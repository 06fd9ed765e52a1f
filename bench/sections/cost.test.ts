import { describe, expect, it } from "vitest";
import type { CostRow } from "../support/route-runs.js";
import { costPerMillion } from "./cost.js";

const row = (overrides: Partial<CostRow>): CostRow => ({
  functionName: "users-get",
  trigger: "GET /users/{userId}",
  invocations: 10,
  medianMs: 20,
  dynamodbRequests: 1,
  readUnits: 1,
  writeUnits: 0,
  s3Gets: 0,
  s3Puts: 0,
  s3Deletes: 0,
  ...overrides,
});

describe("cost per million requests", () => {
  it("adds the HTTP API, Lambda arm64 at the memory and billed duration, and DynamoDB on demand", () => {
    // AWS-FACTS.md §11: 512 MB for 20 ms = 10,000 GB-s × $0.0000133334 = $0.133, + $0.20 requests.
    const parts = costPerMillion(row({}), 512, true);
    expect(parts.billedMs).toBe(20);
    expect(parts.lambda).toBeCloseTo(0.2 + 0.133334, 5);
    expect(parts.dynamodb).toBeCloseTo(0.125, 6);
    expect(parts.httpApi).toBeCloseTo(1 + 0.333334 + 0.125, 5);
    expect(parts.restApi - parts.httpApi).toBeCloseTo(2.5, 6);
  });

  it("bills whole milliseconds, at least one", () => {
    expect(costPerMillion(row({ medianMs: 0.3 }), 512, true).billedMs).toBe(1);
    expect(costPerMillion(row({ medianMs: 20.01 }), 512, true).billedMs).toBe(21);
  });

  it("prices writes, S3 requests, and no API Gateway for an S3-triggered function", () => {
    const parts = costPerMillion(row({ readUnits: 0, writeUnits: 2, s3Gets: 1, s3Puts: 1 }), 1024, false);
    expect(parts.dynamodb).toBeCloseTo(1.25, 6);
    expect(parts.s3).toBeCloseTo(0.4 + 5, 6);
    expect(parts.httpApi).toBeCloseTo(parts.restApi, 9);
    expect(parts.httpApi).toBeCloseTo(parts.lambda + parts.dynamodb + parts.s3, 9);
  });
});
