import { describe, expect, it } from "vitest";
import { etagOf, ifMatchCondition, ifNoneMatchMatches } from "./etag.js";

describe("entity tags", () => {
  it("are the version as a strong tag", () => {
    expect(etagOf(3)).toBe('"3"');
  });

  it("If-Match accepts the listed strong tags; weak or malformed tags accept nothing", () => {
    expect(ifMatchCondition(undefined)).toBeUndefined();
    expect(ifMatchCondition("*")).toBe("any");
    expect(ifMatchCondition('"3"')).toEqual([3]);
    expect(ifMatchCondition('"3", "4"')).toEqual([3, 4]);
    expect(ifMatchCondition('W/"3"')).toEqual([]);
    expect(ifMatchCondition("3")).toEqual([]);
    expect(ifMatchCondition('"abc"')).toEqual([]);
  });

  it("If-None-Match compares weakly and honours *", () => {
    expect(ifNoneMatchMatches('"2"', 2)).toBe(true);
    expect(ifNoneMatchMatches('W/"2"', 2)).toBe(true);
    expect(ifNoneMatchMatches('"1", "2"', 2)).toBe(true);
    expect(ifNoneMatchMatches('"1"', 2)).toBe(false);
    expect(ifNoneMatchMatches("*", 2)).toBe(true);
    expect(ifNoneMatchMatches(undefined, 2)).toBe(false);
  });
});
