import { describe, expect, it } from "vitest";
import { maxEntityTags } from "../limits.js";
import { etagOf, ifMatchCondition, ifNoneMatchMatches } from "./etag.js";
import { ValidationProblem } from "./problems.js";

const current = { incarnation: "q3Vt0bE9xK2a", version: 2 };

describe("entity tags", () => {
  it("are the incarnation token and the version as a strong tag", () => {
    expect(etagOf({ incarnation: "q3Vt0bE9xK2a", version: 3 })).toBe('"q3Vt0bE9xK2a.3"');
  });

  it("are the bare version for an item written before incarnation tokens", () => {
    expect(etagOf({ incarnation: undefined, version: 3 })).toBe('"3"');
  });

  it("If-Match accepts the listed strong tags; weak or malformed tags accept nothing", () => {
    expect(ifMatchCondition(undefined)).toBeUndefined();
    expect(ifMatchCondition("*")).toBe("any");
    expect(ifMatchCondition('"abc.3"')).toEqual([{ incarnation: "abc", version: 3 }]);
    expect(ifMatchCondition('"3", "abc.4"')).toEqual([
      { incarnation: undefined, version: 3 },
      { incarnation: "abc", version: 4 },
    ]);
    expect(ifMatchCondition('W/"abc.3"')).toEqual([]);
    expect(ifMatchCondition("abc.3")).toEqual([]);
    expect(ifMatchCondition('"abc"')).toEqual([]);
    expect(ifMatchCondition('"a b.3"')).toEqual([]);
  });

  it("If-None-Match compares weakly and honours *", () => {
    expect(ifNoneMatchMatches(etagOf(current), current)).toBe(true);
    expect(ifNoneMatchMatches(`W/${etagOf(current)}`, current)).toBe(true);
    expect(ifNoneMatchMatches(`"x.1", ${etagOf(current)}`, current)).toBe(true);
    expect(ifNoneMatchMatches('"q3Vt0bE9xK2a.1"', current)).toBe(false);
    expect(ifNoneMatchMatches("*", current)).toBe(true);
    expect(ifNoneMatchMatches(undefined, current)).toBe(false);
  });

  it("If-Match and If-None-Match list at most maxEntityTags tags; more is a validation problem naming the header", () => {
    const tags = (count: number) => Array.from({ length: count }, (_, n) => `"life${n}.${n + 1}"`).join(", ");
    expect(ifMatchCondition(tags(maxEntityTags))).toHaveLength(maxEntityTags);
    expect(ifNoneMatchMatches(tags(maxEntityTags), current)).toBe(false);
    for (const check of [
      () => ifMatchCondition(tags(maxEntityTags + 1)),
      () => ifNoneMatchMatches(tags(maxEntityTags + 1), current),
    ]) {
      expect(check).toThrow(ValidationProblem);
    }
    expect(() => ifMatchCondition(tags(maxEntityTags + 1))).toThrow(
      expect.objectContaining({
        errors: [{ path: "If-Match", message: expect.stringContaining(`${maxEntityTags}`) }],
      }),
    );
    expect(() => ifNoneMatchMatches(tags(maxEntityTags + 1), current)).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ path: "If-None-Match" })] }),
    );
  });

  it("If-None-Match with a previous incarnation's tag at the same version does not match", () => {
    expect(ifNoneMatchMatches('"otherLife00.2"', current)).toBe(false);
    expect(ifNoneMatchMatches('"2"', current)).toBe(false);
  });
});
