import { describe, expect, it } from "vitest";
import { createIdGenerator } from "./ids.js";

const timestampOf = (id: string) => Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16);

describe("createIdGenerator", () => {
  it("makes RFC 9562 version 7, variant 10 UUIDs", () => {
    expect(createIdGenerator()()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("starts each id with the 48-bit millisecond timestamp it is given", () => {
    const ms = 0x0123_4567_89ab;
    expect(timestampOf(createIdGenerator()(ms))).toBe(ms);
  });

  it("starts with the current time by default", () => {
    const before = Date.now();
    const at = timestampOf(createIdGenerator()());
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it("sorts in creation order, also within one millisecond", () => {
    const next = createIdGenerator();
    const ids = Array.from({ length: 5000 }, () => next(1_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps ordering per generator: one generator's later clock never shifts another's ids", () => {
    const late = createIdGenerator();
    late(0xffff_ffff_ffff);
    const ms = 0x0000_0001_0000;
    expect(timestampOf(createIdGenerator()(ms))).toBe(ms);
  });
});
