import { describe, expect, it } from "vitest";
import { createThrottle } from "./throttle.js";

describe("the stage's token bucket", () => {
  it("lets a burst through, refuses the next request, and refills at the rate", () => {
    let now = 0;
    const throttle = createThrottle({ rateLimit: 10, burstLimit: 3 }, () => now);
    expect([throttle.take(), throttle.take(), throttle.take(), throttle.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now += 100; // 10 per second: one token back after 100 ms
    expect([throttle.take(), throttle.take()]).toEqual([true, false]);
    now += 10_000;
    expect([throttle.take(), throttle.take(), throttle.take(), throttle.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
