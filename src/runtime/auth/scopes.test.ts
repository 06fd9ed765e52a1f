import fc from "fast-check";
import { describe, expect, it } from "vitest";
// The gateway's real stringification of claims (a test-only import): the property below is about
// what a function reads of exactly what the local gateway, like API Gateway, hands it.
import { stringifyClaims } from "../../local/gateway/authorizer.js";
import { eventScopes, tokenScopes } from "./scopes.js";

const admin = "app/admin";

/** What a function on a route without scopes reads: claims as the gateway stringifies them, `scopes: null`. */
const functionScopes = (claims: Record<string, unknown>) =>
  eventScopes({ claims: stringifyClaims(claims), scopes: null });

describe("tokenScopes (the gateway's reading of the raw token)", () => {
  it("splits scope on single spaces only", () => {
    expect(tokenScopes({ scope: "x app/admin" })).toEqual(["x", admin]);
    expect(tokenScopes({ scope: "a  b" })).toEqual(["a", "b"]);
    for (const lookalike of ["x,app/admin", "x\tapp/admin", "[app/admin]", "app/admin,"]) {
      expect(tokenScopes({ scope: lookalike })).not.toContain(admin);
    }
  });

  it("reads scp, an array or a string, only when there is no scope", () => {
    expect(tokenScopes({ scp: [admin, "b"] })).toEqual([admin, "b"]);
    expect(tokenScopes({ scp: "a b" })).toEqual(["a", "b"]);
    expect(tokenScopes({ scope: "a", scp: [admin] })).toEqual(["a"]);
    expect(tokenScopes({ scope: null, scp: [admin] })).toEqual([admin]);
  });

  it("grants nothing from a scope that is neither a string nor an array", () => {
    expect(tokenScopes({ scope: 5 })).toEqual([]);
    expect(tokenScopes({ scope: { admin } })).toEqual([]);
  });
});

describe("eventScopes (a function's reading of its event)", () => {
  it("uses the gateway's own list when the route has scopes", () => {
    expect(eventScopes({ claims: { scp: `[${admin}]` }, scopes: [admin] })).toEqual([admin]);
  });

  it("reads a plain scope string as the gateway does", () => {
    expect(functionScopes({ scope: "x app/admin" })).toEqual(["x", admin]);
    expect(functionScopes({ scp: "x app/admin" })).toEqual(["x", admin]);
  });

  it.each(["x,app/admin", "x\tapp/admin", "[app/admin]", "app/admin,", "{app/admin}"])(
    "does not read %j as the admin scope",
    (scope) => {
      expect(functionScopes({ scope })).not.toContain(admin);
    },
  );

  it("grants nothing from an array, whose stringified form it cannot tell from a string", () => {
    expect(functionScopes({ scp: [admin] })).toEqual([]);
    expect(functionScopes({ scope: ["x app/admin"] })).toEqual([]);
  });

  // Pieces that make scope strings ambiguous: separators the gateway does not split on, brackets,
  // braces and quotes that the stringified form uses, and the scope that matters.
  const piece = fc.constantFrom(
    admin,
    "x",
    "a/b",
    ",",
    "[",
    "]",
    "{",
    "}",
    '"',
    "\t",
    " ",
    "  ",
    "1",
    "true",
    "<nil>",
  );
  const scopeString = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(""));
  const claimValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      scopeString,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(scopeString, tie("value"), { maxKeys: 2 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    ),
  })).value;
  const rawClaims = fc.record(
    { scope: claimValue, scp: claimValue, sub: fc.constant("alice") },
    { requiredKeys: ["sub"] },
  );

  it("never grants a scope the gateway's reading of the raw token would not", () => {
    fc.assert(
      fc.property(rawClaims, (claims) => {
        const granted = new Set(tokenScopes(claims));
        for (const scope of functionScopes(claims)) expect(granted).toContain(scope);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads exactly the gateway's scopes from a scope string that cannot be anything else", () => {
    fc.assert(
      fc.property(
        scopeString.filter((scope) => !/^[[{]/.test(scope) && !/^(true|false|-?\d[\d.eE+-]*)$/.test(scope)),
        (scope) => {
          expect(functionScopes({ scope })).toEqual(tokenScopes({ scope }));
        },
      ),
    );
  });
});
