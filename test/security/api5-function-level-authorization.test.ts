/**
 * OWASP API5:2023, broken function-level authorization (API.md, Authentication): `GET /users`
 * needs the admin scope at the gateway, another user's data needs it inside the functions, and
 * both read scopes by one rule: the `scope` claim split on single spaces, or without it the `scp`
 * array. A scope string that rule does not read as admin is not admin anywhere; and the admin
 * scope opens only the routes API.md gives admins, never the owner-only ones.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { signWithIssuerKey } from "../../src/local/services/token-issuer.js";
import { useLocalStack } from "../files/local-stack.js";
import { userBody } from "../http/users-helpers.js";
import { checkProblem, expectGatewayError } from "../support/problems.js";
import {
  adminScope,
  asBearer,
  description,
  expectNothingOf,
  pathOf,
  replyOf,
  send,
  validBody,
  viewOf,
  warmUp,
} from "./support.js";

const stack = useLocalStack();
const victim = { sub: "", todoId: "", bio: "victim-bio-secret" };
const victimView = () => viewOf(stack(), victim.sub, ["/users/me", `/users/me/todos/${victim.todoId}`]);

beforeAll(async () => {
  const functionRoutes = description.routes.filter(
    (route) => route.path.includes("{userId}") && route.method === "GET",
  );
  const warm = warmUp(stack(), functionRoutes);
  victim.sub = await stack().newUser("victim");
  await stack().call(victim.sub, "PATCH", "/users/me", { bio: victim.bio });
  const todo = await stack().call(victim.sub, "POST", "/users/me/todos", { title: "victim-todo" });
  victim.todoId = ((await todo.json()) as { todoId: string }).todoId;
  await warm;
});

/** A token for a fresh caller with exactly these extra claims. */
function tokenWith(claims: Record<string, unknown>): Promise<string> {
  const issuer = stack().server.tokenIssuer;
  const now = Math.floor(Date.now() / 1000);
  return signWithIssuerKey(issuer, {
    iss: issuer.issuer,
    aud: issuer.audience,
    sub: `caller_${Math.random().toString(36).slice(2, 10)}`,
    iat: now,
    exp: now + 600,
    ...claims,
  });
}

/** API.md's rule, written out: `scope` split on single spaces. */
const readsAsAdmin = (scope: string) => scope.split(" ").includes(adminScope);

const scopeStrings = [
  adminScope,
  `x ${adminScope}`,
  `${adminScope} x`,
  ` ${adminScope}`,
  `${adminScope} `,
  `x  ${adminScope}`,
  `${adminScope}2`,
  adminScope.toUpperCase(),
  `${adminScope.split("/")[0]}/ADMIN`,
  `${adminScope},`,
  `${adminScope},x`,
  `x,${adminScope}`,
  `x\t${adminScope}`,
  `\t${adminScope}`,
  `${adminScope}\t`,
  `${adminScope}\n`,
  `x\n${adminScope}`,
  `${adminScope}\u00a0`,
  `${adminScope}/`,
  adminScope.replace("/", "//"),
  adminScope.replace("/", ":"),
  `[${adminScope}]`,
  `["${adminScope}"]`,
  "",
];

describe("API5 function-level authorization", () => {
  it("gives GET /users only to the admin scope: a token without it gets the gateway's 403", async () => {
    expectGatewayError(await send(stack(), "/users", asBearer(await tokenWith({}))), 403, "Forbidden");
    expectGatewayError(
      await send(stack(), "/users", asBearer(await tokenWith({ scope: "x" }))),
      403,
      "Forbidden",
    );
    const listed = await send(stack(), "/users?limit=100", asBearer(await tokenWith({ scope: adminScope })));
    expect(listed.status).toBe(200);
  });

  it.each(scopeStrings.map((scope) => [JSON.stringify(scope), scope] as const))(
    "scope %s is admin exactly when split on single spaces it holds the admin scope, at the gateway and in the functions",
    async (_name, scope) => {
      const token = await tokenWith({ scope });
      const list = await send(stack(), "/users?limit=1", asBearer(token));
      const other = await send(stack(), `/users/${victim.sub}`, asBearer(token));
      if (readsAsAdmin(scope)) {
        expect([list.status, other.status]).toEqual([200, 200]);
      } else {
        expectGatewayError(list, 403, "Forbidden");
        checkProblem(other, 403, stack().tableName);
        expectNothingOf(other, [victim.bio]);
      }
    },
  );

  it("reads `scp` as a list of scopes, and only when there is no `scope` claim", async () => {
    const cases: [Record<string, unknown>, boolean][] = [
      [{ scp: [adminScope] }, true],
      [{ scp: ["x", adminScope] }, true],
      [{ scp: `x ${adminScope}` }, true],
      [{ scp: [`x ${adminScope}`] }, false],
      [{ scp: [`${adminScope},`] }, false],
      [{ scp: [[adminScope]] }, false],
      [{ scp: { [adminScope]: true } }, false],
      [{ scope: "x", scp: [adminScope] }, false],
      [{ scope: [adminScope] }, true],
    ];
    for (const [claims, admin] of cases) {
      const reply = await send(stack(), "/users?limit=1", asBearer(await tokenWith(claims)));
      if (admin) expect(reply.status, JSON.stringify(claims)).toBe(200);
      else expectGatewayError(reply, 403, "Forbidden");
    }
  });

  it("never reads a scope from a claim the gateway stringified ambiguously: a bracketed scope string is not admin in a function", async () => {
    for (const scope of [`[${adminScope}]`, `[x ${adminScope}]`, `{"${adminScope}":1}`]) {
      const reply = await send(stack(), `/users/${victim.sub}`, asBearer(await tokenWith({ scope })));
      checkProblem(reply, 403, stack().tableName);
    }
  });

  const ownerOnly = description.routes.filter((route) => route.access === "owner");
  it.each(ownerOnly.map((route) => [route.routeKey, route] as const))(
    "%s is the owner's alone: an admin gets a 403 problem and changes nothing",
    async (_key, route) => {
      const before = await victimView();
      const token = await tokenWith({ scope: adminScope });
      const path = pathOf(route.path, { userId: victim.sub, todoId: victim.todoId });
      const body = validBody(route);
      const reply = await send(stack(), path, asBearer(token, route.method, body));
      checkProblem(reply, 403, stack().tableName);
      expect(await victimView()).toEqual(before);
    },
  );

  it("lets an admin do what API.md gives admins on another user's data", async () => {
    const token = await tokenWith({ scope: adminScope });
    const adminRoutes = description.routes.filter(
      (route) => route.access === "ownerOrAdmin" && route.method === "GET",
    );
    expect(adminRoutes.length).toBeGreaterThan(0);
    for (const route of adminRoutes) {
      const reply = await send(
        stack(),
        pathOf(route.path, { userId: victim.sub, todoId: victim.todoId }),
        asBearer(token),
      );
      // The victim has no avatar: its route answers 404, the others the victim's data.
      expect(reply.status, route.routeKey).toBe(route.kind === "file" ? 404 : 200);
    }
    const patched = await send(stack(), `/users/${victim.sub}`, asBearer(token, "PUT", userBody()));
    expect(patched.status).toBe(200);
    expect((await replyOf(await stack().call(victim.sub, "GET", "/users/me"))).json.version).toBe(3);
  });
});
