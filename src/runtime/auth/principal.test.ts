import { describe, expect, it } from "vitest";
import { ForbiddenProblem } from "../http/problems.js";
import { principalOf } from "./principal.js";

describe("principalOf", () => {
  it("reads the sub and the scopes of a route with scopes from the gateway's list", () => {
    const principal = principalOf({ claims: { sub: "alice", scope: "app/admin openid" }, scopes: ["c"] });
    expect(principal?.subject).toBe("alice");
    expect([...(principal?.scopes ?? [])]).toEqual(["c"]);
  });

  it("reads the scopes of a route without scopes from the scope claim, split on spaces", () => {
    const principal = principalOf({ claims: { sub: "alice", scope: "app/admin openid" }, scopes: null });
    expect([...(principal?.scopes ?? [])].sort()).toEqual(["app/admin", "openid"]);
  });

  it("has none without a sub", () => {
    expect(principalOf({ claims: { scope: "x" } })).toBeUndefined();
    expect(principalOf(undefined)).toBeUndefined();
  });

  it.each([
    ["empty", ""],
    ["129 characters long", "a".repeat(129)],
    ["1,000 bytes long", "b".repeat(1000)],
    ["spaced", "alice smith"],
    ["non-ASCII", "alïce"],
    ["a control character", "alice\u0000"],
  ])("refuses a sub that is %s with a 403 problem", (_label, sub) => {
    expect(() => principalOf({ claims: { sub } })).toThrow(ForbiddenProblem);
  });

  it("accepts a sub of 128 visible ASCII characters", () => {
    const sub = `${"~!".repeat(63)}az`;
    expect(principalOf({ claims: { sub } })?.subject).toBe(sub);
  });
});
