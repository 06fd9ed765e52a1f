import { describe, expect, it } from "vitest";
import { inferKey, matchKey } from "./infer-keys.js";

describe("inferKey", () => {
  it("names a varying part for the tag before it", () => {
    expect(inferKey(["USER#alice", "USER#bob"], "userId")).toMatchObject({
      template: "USER#{userId}",
      params: ["userId"],
    });
    expect(inferKey(["TODO#0194a1b2", "TODO#0194a1b3"], "todoId")).toMatchObject({
      template: "TODO#{todoId}",
    });
  });

  it("keeps a constant upper-case tag literal, and reads a constant id as a placeholder even from one sample", () => {
    expect(inferKey(["PROFILE", "PROFILE"], "userId")).toMatchObject({ template: "PROFILE", params: [] });
    expect(inferKey(["USER#alice"], "userId")).toMatchObject({ template: "USER#{userId}" });
    expect(inferKey(["ORDER_ITEM#x1#LINE#2"], "lineId")).toMatchObject({
      template: "ORDER_ITEM#{orderItemId}#LINE#{lineId}",
    });
  });

  it("takes placeholder names from a key alias that spells the template, even where every sample agrees", () => {
    expect(inferKey(["ORG#ACME#MEMBER#m1"], "memberId", "ORG#<orgSlug>#MEMBER#{memberId}")).toMatchObject({
      template: "ORG#{orgSlug}#MEMBER#{memberId}",
    });
    // An alias that is a plain name (`PK`, `SongId`) says nothing about the template.
    expect(inferKey(["USER#alice"], "userId", "PK")).toMatchObject({ template: "USER#{userId}" });
  });

  it("uses the fallback name for a part with no tag before it", () => {
    expect(inferKey(["alice", "bob"], "accountId")).toMatchObject({ template: "{accountId}" });
  });

  it("says why values of different shapes have no one template", () => {
    expect(inferKey(["USER#alice", "USER#bob#X"], "userId")).toEqual({
      problem: expect.stringContaining('different numbers of "#"-separated parts (2, 3)'),
    });
  });
});

describe("matchKey", () => {
  it("reads the ids of a value that fits the template, and nothing from one that does not", () => {
    const key = inferKey(["USER#alice"], "userId");
    if ("problem" in key) throw new Error(key.problem);
    expect(matchKey(key, "USER#bob")).toEqual({ userId: "bob" });
    expect(matchKey(key, "TEAM#bob")).toBeUndefined();
    expect(matchKey(key, "USER#")).toBeUndefined();
  });
});
