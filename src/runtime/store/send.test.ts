import { describe, expect, it } from "vitest";
import { transientRetryAfter } from "./send.js";

describe("transientRetryAfter", () => {
  it("treats throttling, server faults and network failures as transient", () => {
    expect(transientRetryAfter({ name: "ProvisionedThroughputExceededException", $fault: "client" })).toBe(1);
    expect(transientRetryAfter({ name: "ThrottlingException" })).toBe(1);
    expect(
      transientRetryAfter({
        name: "InternalServerError",
        $fault: "server",
        $metadata: { httpStatusCode: 500 },
      }),
    ).toBe(2);
    expect(transientRetryAfter(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }))).toBe(5);
    expect(transientRetryAfter({ name: "TimeoutError" })).toBe(5);
  });

  it("leaves programming and configuration errors alone", () => {
    expect(
      transientRetryAfter({
        name: "ValidationException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      }),
    ).toBeUndefined();
    expect(transientRetryAfter({ name: "ResourceNotFoundException", $fault: "client" })).toBeUndefined();
    expect(transientRetryAfter(new TypeError("x"))).toBeUndefined();
  });
});
