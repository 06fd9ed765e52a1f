/**
 * Who the caller is (API.md, Authentication): the token's `sub` (1–128 visible ASCII characters,
 * another one a 403 problem, never a 500) and its scopes, read by one rule in the gateway and in
 * the functions, so a scope string the gateway does not read as admin never grants admin.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { expectGatewayError } from "../support/problems.js";
import { useTestApi } from "../support/use-test-api.js";
import { admin, createUser, expectJson, unique, userBody } from "./users-helpers.js";

const { api, expectProblem } = useTestApi(app);

/** Scope strings that look like the admin scope to a lax parser, but are not it by RFC 6749 §3.3. */
const lookalikes = [
  "x,planner/admin",
  "planner/admin,",
  "[planner/admin]",
  "x\tplanner/admin",
  "planner/admin\t",
  "{planner/admin}",
];

describe("the admin scope", () => {
  it.each(lookalikes)("is not %j on GET and PATCH of another user's profile", async (scope) => {
    const { sub } = await createUser(api);
    const caller = unique("caller");
    const path = `/users/${sub}`;
    expectProblem(await api.call({ method: "GET", path, as: caller, scope }), 403);
    const patched = await api.call({ method: "PATCH", path, as: caller, scope, body: { bio: "taken over" } });
    expectProblem(patched, 403);
    const read = await api.call({ method: "GET", path, as: sub });
    expect(read.json.bio).toBeUndefined();
  });

  it.each(lookalikes)("is not %j on GET /users, which the gateway refuses", async (scope) => {
    expectGatewayError(
      await api.call({ method: "GET", path: "/users", as: unique("caller"), scope }),
      403,
      "Forbidden",
    );
  });

  it("is one of the space-separated scopes on GET and PATCH of another user's profile", async () => {
    const { sub } = await createUser(api);
    const caller = unique("caller");
    const scope = `x ${admin}`;
    const path = `/users/${sub}`;
    expectJson(await api.call({ method: "GET", path, as: caller, scope }), 200);
    const patched = await api.call({ method: "PATCH", path, as: caller, scope, body: { bio: "moderated" } });
    expectJson(patched, 200);
    expect(patched.json.bio).toBe("moderated");
  });
});

describe("the caller's sub", () => {
  it("may be 128 visible ASCII characters", async () => {
    const sub = `${"a~!".repeat(42)}zz`;
    expect(sub).toHaveLength(128);
    const created = await api.call({ method: "POST", path: "/users", as: sub, body: userBody() });
    expectJson(created, 201);
    expect(created.json.userId).toBe(sub);
    expectJson(await api.call({ method: "GET", path: "/users/me", as: sub }), 200);
  });

  it.each([
    ["129 characters long", "s".repeat(129)],
    ["1,000 bytes long", "é".repeat(500)],
    ["not ASCII", "alïce"],
    ["spaced", "alice smith"],
  ])("is refused with a 403 problem, never a 500, when it is %s", async (_label, sub) => {
    for (const call of [
      { method: "POST", path: "/users", body: userBody() },
      { method: "GET", path: "/users/me" },
      { method: "GET", path: "/users/me/todos" },
      { method: "POST", path: "/users/me/todos", body: { title: "x" } },
    ]) {
      const problem = expectProblem(await api.call({ ...call, as: sub }), 403);
      expect(problem.detail).toMatch(/sub/);
    }
  });
});
