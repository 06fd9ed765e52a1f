import { describe, expect, it } from "vitest";
import { StoreUnavailableError } from "./errors.js";
import { backoffMs, retryPolicy, TryAgain, withRetry } from "./retry.js";

describe("the store's retry policy", () => {
  it("answers the first attempt that does not ask to try again", async () => {
    const seen: number[] = [];
    const result = await withRetry(async (attempt) => {
      seen.push(attempt);
      return attempt < 3 ? new TryAgain(new Error("busy")) : "done";
    });
    expect(result).toBe("done");
    expect(seen).toEqual([1, 2, 3]);
  });

  it("after the last attempt, reports the store unavailable with the cause and Retry-After", async () => {
    const cause = new Error("kept changing");
    let attempts = 0;
    const failure = await withRetry(async () => {
      attempts++;
      return new TryAgain(cause, 2);
    }).catch((error: unknown) => error);
    expect(attempts).toBe(retryPolicy.attempts);
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect(failure).toMatchObject({ retryAfterSeconds: 2, cause });
  });

  it("lets any other failure through at once", async () => {
    let attempts = 0;
    const failure = new Error("not contention");
    await expect(
      withRetry(async () => {
        attempts++;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(attempts).toBe(1);
  });

  it("waits a jittered, doubling time, never more than the cap", () => {
    expect(backoffMs(1, () => 1)).toBe(20);
    expect(backoffMs(2, () => 1)).toBe(40);
    expect(backoffMs(7, () => 1)).toBe(retryPolicy.maxDelayMs);
    expect(backoffMs(3, () => 0)).toBe(0);
  });
});
