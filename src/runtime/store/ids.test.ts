import { describe, expect, it } from "vitest";
import { uuidv7 } from "./ids.js";

describe("uuidv7", () => {
  it("is an RFC 9562 version 7, variant 10 UUID", () => {
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("starts with the 48-bit millisecond timestamp", () => {
    const ms = Date.UTC(2026, 10, 25, 8, 0, 0, 123) + 10_000_000;
    expect(Number.parseInt(uuidv7(ms).replace(/-/g, "").slice(0, 12), 16)).toBe(ms);
  });

  it("sorts in creation order, also within one millisecond", () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(Date.now() + 60_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
