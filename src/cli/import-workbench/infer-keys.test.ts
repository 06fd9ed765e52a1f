import { describe, expect, it } from "vitest";
import { inferKey, matchKey } from "./infer-keys.js";

describe("inferKey", () => {
  it("names a varying part for the tag before it", () => {
    expect(inferKey(["ACCOUNT#alice", "ACCOUNT#bob"], "accountId")).toMatchObject({
      template: "ACCOUNT#{accountId}",
      params: ["accountId"],
    });
    expect(inferKey(["NOTE#0194a1b2", "NOTE#0194a1b3"], "noteId")).toMatchObject({
      template: "NOTE#{noteId}",
    });
  });

  it("keeps a constant upper-case tag literal, and reads a constant id as a placeholder even from one sample", () => {
    expect(inferKey(["PROFILE", "PROFILE"], "accountId")).toMatchObject({ template: "PROFILE", params: [] });
    expect(inferKey(["ACCOUNT#alice"], "accountId")).toMatchObject({ template: "ACCOUNT#{accountId}" });
    expect(inferKey(["ORDER_ITEM#x1#LINE#2"], "lineId")).toMatchObject({
      template: "ORDER_ITEM#{orderItemId}#LINE#{lineId}",
    });
  });

  it("takes placeholder names from a key alias that spells the template, even where every sample agrees", () => {
    expect(inferKey(["ORG#ACME#MEMBER#m1"], "memberId", "ORG#<orgSlug>#MEMBER#{memberId}")).toMatchObject({
      template: "ORG#{orgSlug}#MEMBER#{memberId}",
    });
    // An alias that is a plain name (`PK`, `SongId`) says nothing about the template.
    expect(inferKey(["ACCOUNT#alice"], "accountId", "PK")).toMatchObject({ template: "ACCOUNT#{accountId}" });
  });

  it("uses the fallback name for a part with no tag before it", () => {
    expect(inferKey(["alice", "bob"], "accountId")).toMatchObject({ template: "{accountId}" });
  });

  it("says why values of different shapes have no one template", () => {
    expect(inferKey(["ACCOUNT#alice", "ACCOUNT#bob#X"], "accountId")).toEqual({
      problem: expect.stringContaining('different numbers of "#"-separated parts (2, 3)'),
    });
  });
});

describe("matchKey", () => {
  it("reads the ids of a value that fits the template, and nothing from one that does not", () => {
    const key = inferKey(["ACCOUNT#alice"], "accountId");
    if ("problem" in key) throw new Error(key.problem);
    expect(matchKey(key, "ACCOUNT#bob")).toEqual({ accountId: "bob" });
    expect(matchKey(key, "TEAM#bob")).toBeUndefined();
    expect(matchKey(key, "ACCOUNT#")).toBeUndefined();
  });
});
