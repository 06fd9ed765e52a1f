/**
 * OWASP API1:2023, broken object-level authorization (API.md, Authentication: "A user reaches only
 * their own data"). Every route of the app's route table is called by another user with the
 * victim's ids, so a route added later is covered without a new test; then the paths a gateway or a
 * function might read as the victim's (encoded slashes, a trailing slash, case, Unicode look-alikes,
 * `me`). Each answer is a refusal in API.md's forms that carries none of the victim's data, and the
 * victim reads everything back unchanged.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { signWithIssuerKey } from "../../src/local/services/token-issuer.js";
import { eventually, useLocalStack } from "../files/local-stack.js";
import { unique, userBody } from "../http/users-helpers.js";
import { checkProblem } from "../support/problems.js";
import { pngBytes, uploadWithTicket } from "../support/uploads.js";
import {
  asBearer,
  description,
  expectNothingOf,
  expectRefusal,
  pathOf,
  replyOf,
  send,
  validBody,
  viewOf,
  warmUp,
} from "./support.js";

const stack = useLocalStack();

/** Routes that name no one's object: public, the caller's own create, or admin-only (API5). */
const routesWithoutObjects = ["GET /health", "POST /users", "GET /users"];

const objectRoutes = description.routes.filter((route) => !routesWithoutObjects.includes(route.routeKey));

const victim = { sub: "", todoId: "", secrets: [] as string[] };
let attacker = "";

/** What the victim sees of their own data: each read's status, ETag and body. */
const victimView = () =>
  viewOf(stack(), victim.sub, ["/users/me", `/users/me/todos/${victim.todoId}`, "/users/me/todos"]);
let before: unknown[] = [];

beforeAll(async () => {
  const warm = warmUp(stack(), objectRoutes);
  victim.sub = unique("victim");
  const profile = userBody({ username: unique("secretname"), email: `${unique("secret")}@victim.example` });
  expect(
    (await stack().call(victim.sub, "POST", "/users", { ...profile, bio: "victim-bio-secret" })).status,
  ).toBe(201);
  const todo = await stack().call(victim.sub, "POST", "/users/me/todos", { title: "victim-todo-secret" });
  expect(todo.status).toBe(201);
  victim.todoId = ((await todo.json()) as { todoId: string }).todoId;
  const ticket = await stack().ticket(victim.sub);
  expect((await uploadWithTicket(ticket, pngBytes())).status).toBe(204);
  const recorded = await eventually(
    async () =>
      ((await (await stack().call(victim.sub, "GET", "/users/me")).json()) as { avatar: unknown }).avatar,
    (avatar) => avatar !== null,
  );
  expect(recorded).not.toBeNull();
  victim.secrets = [profile.username, profile.email, "victim-bio-secret", "victim-todo-secret", ticket.key];
  attacker = await stack().newUser("attacker");
  await warm;
  before = await victimView();
});

async function attack(method: string, path: string, body?: unknown) {
  return replyOf(await stack().call(attacker, method, path, body));
}

async function expectUntouched(): Promise<void> {
  expect(await victimView()).toEqual(before);
}

describe("API1 object-level authorization", () => {
  it("covers every route of the table: each names a user's object or is listed as naming none", () => {
    for (const route of description.routes) {
      expect(
        route.path.includes("{userId}") || routesWithoutObjects.includes(route.routeKey),
        route.routeKey,
      ).toBe(true);
    }
    expect(objectRoutes.length).toBeGreaterThan(10);
  });

  it.each(objectRoutes.map((route) => [route.routeKey, route] as const))(
    "%s with the victim's ids is a 403 problem that shows and changes nothing",
    async (_key, route) => {
      const reply = await attack(
        route.method,
        pathOf(route.path, { userId: victim.sub, todoId: victim.todoId }),
        validBody(route),
      );
      checkProblem(reply, 403, stack().tableName);
      expectNothingOf(reply, victim.secrets);
      await expectUntouched();
    },
  );

  const todoRoutes = objectRoutes.filter((route) => route.path.includes("{todoId}"));
  it.each(todoRoutes.map((route) => [route.routeKey, route] as const))(
    "%s with the victim's todo under the caller's own id is a 404 problem",
    async (_key, route) => {
      const reply = await attack(
        route.method,
        pathOf(route.path, { userId: "me", todoId: victim.todoId }),
        validBody(route),
      );
      checkProblem(reply, 404, stack().tableName);
      expectNothingOf(reply, victim.secrets);
      await expectUntouched();
    },
  );
});

describe("API1 path tricks", () => {
  const fullwidth = (text: string) =>
    [...text].map((c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0)).join("");
  const tricks = (): [string, string][] => {
    const v = victim.sub;
    return [
      ["an encoded slash after the id", `/users/${v}%2F`],
      ["an encoded slash into the victim's todos", `/users/${v}%2Ftodos`],
      ["a climb out of the caller's own id", `/users/me%2F..%2F${v}`],
      ["a double-encoded slash", `/users/${v}%252Ftodos`],
      ["a double-encoded climb", `/users/me%252F..%252F${v}`],
      ["a trailing slash", `/users/${v}/`],
      ["a dot segment", `/users/me/../${v}`],
      ["the collection in another case", `/Users/${v}`],
      ["the id in upper case", `/users/${v.toUpperCase()}`],
      [
        "the id in full-width letters (NFKC folds them to the victim's)",
        `/users/${encodeURIComponent(fullwidth(v))}`,
      ],
      [
        "the id's first letter full-width",
        `/users/${encodeURIComponent(fullwidth(v.slice(0, 1)) + v.slice(1))}`,
      ],
      ["the id with a combining mark", `/users/${encodeURIComponent(`${v}\u0301`)}`],
      ["the id with a trailing NUL", `/users/${v}%00`],
      ["the id with a trailing space", `/users/${v}%20`],
      ["the id with a trailing tab", `/users/${v}%09`],
      ["the id twice", `/users/${v},${v}`],
      ["the caller's id in the query", `/users/${v}?userId=me`],
      ["the victim's todo under ME", `/users/ME/todos/${victim.todoId}`],
      [
        "the victim's todo with an encoded slash",
        `/users/me/todos/..%2F..%2F${v}%2Ftodos%2F${victim.todoId}`,
      ],
    ];
  };

  it("refuses each with 403 or 404 and shows and changes nothing", async () => {
    for (const [name, path] of tricks()) {
      for (const method of ["GET", "PATCH", "DELETE"]) {
        const change = path.includes("/todos")
          ? { title: "written by another" }
          : { bio: "written by another" };
        const reply = await attack(method, path, method === "PATCH" ? change : undefined);
        expect([403, 404], `${method} ${name}: ${reply.text}`).toContain(reply.status);
        expectRefusal(reply, [403, 404], stack().tableName);
        expectNothingOf(reply, victim.secrets);
      }
    }
    await expectUntouched();
  });

  it("reads `me` as the caller only: the attacker's /users/me is the attacker's own profile", async () => {
    const reply = await attack("GET", "/users/me");
    expect(reply.status).toBe(200);
    expect(reply.json.userId).toBe(attacker);
    expectNothingOf(reply, victim.secrets);
    const encoded = await attack("GET", "/users/%6De");
    expect([200, 403, 404]).toContain(encoded.status);
    if (encoded.status === 200) expect(encoded.json.userId).toBe(attacker);
    expectNothingOf(encoded, victim.secrets);
  });

  it("never lets a look-alike sub be the victim: full-width, upper-case, padded or `me` tokens", async () => {
    const issuer = stack().server.tokenIssuer;
    const now = Math.floor(Date.now() / 1000);
    const base = { iss: issuer.issuer, aud: issuer.audience, iat: now, exp: now + 600 };
    for (const sub of [
      fullwidth(victim.sub),
      victim.sub.toUpperCase(),
      `${victim.sub} `,
      ` ${victim.sub}`,
      `${victim.sub}\u0000`,
    ]) {
      const token = await signWithIssuerKey(issuer, { ...base, sub });
      for (const path of ["/users/me", `/users/${victim.sub}`, `/users/me/todos/${victim.todoId}`]) {
        const reply = await send(stack(), path, asBearer(token));
        expectRefusal(reply, [403, 404], stack().tableName);
        expectNothingOf(reply, victim.secrets);
      }
    }
    await expectUntouched();
  });
});
