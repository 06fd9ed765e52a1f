import { describe, expect, it } from "vitest";
import { principalOf } from "./principal.js";

describe("principalOf", () => {
  it("reads scopes from scope, scp (as API Gateway stringifies arrays) and the route's scopes", () => {
    const principal = principalOf({
      claims: { sub: "alice", scope: "planner/admin openid", scp: "[a b]" },
      scopes: ["c"],
    });
    expect(principal?.subject).toBe("alice");
    expect([...(principal?.scopes ?? [])].sort()).toEqual(["a", "b", "c", "openid", "planner/admin"]);
  });

  it("has none without a sub", () => {
    expect(principalOf({ claims: { scope: "x" } })).toBeUndefined();
    expect(principalOf(undefined)).toBeUndefined();
  });
});
