/** HTTP contract of `POST /users` (API.md, Users): create, uniqueness, validation and bodies. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { createTestApi } from "../support/api.js";
import { tagOf } from "../support/etags.js";
import { checkProblem } from "../support/problems.js";
import { useTestApi } from "../support/use-test-api.js";
import {
  admin,
  createUser,
  currentTag,
  expectJson,
  expectUserShape,
  listAllUsers,
  readUser,
  type UserBody,
  unique,
  userBody,
} from "./users-helpers.js";

const { api, expectProblem, expectFieldErrors } = useTestApi(app);

const post = (as: string, body: unknown, extra: { isBase64Encoded?: boolean } = {}) =>
  api.call({ method: "POST", path: "/users", as, body, ...extra });

const usernamePattern = /^[a-z0-9_]{3,30}$/;

/** Valid addresses of 254 and 255 characters: a 64-character local part and 61-character labels. */
const longDomain = `${"b".repeat(61)}.${"c".repeat(61)}.${"d".repeat(61)}`;
const email254 = `${"a".repeat(64)}@${longDomain}.com`;
const email255 = `${"a".repeat(64)}@${longDomain}.comm`;

describe("POST /users", () => {
  it("creates the caller's profile with 201, a Location under the stage and the ETag it can be read with", async () => {
    const sub = unique("sub");
    const body = userBody();
    const reply = await post(sub, body);
    expectJson(reply, 201);
    expect(reply.headers.location).toBe(`/v1/users/${sub}`);
    expect(tagOf(reply)).toBe(await currentTag(api, sub));
    expectUserShape(reply.json);
    expect(reply.json).toMatchObject({ ...body, userId: sub, avatar: null, version: 1 });
    expect(reply.json).not.toHaveProperty("phoneNumber");
    expect(reply.json).not.toHaveProperty("bio");
    expect(reply.json.updatedAt).toBe(reply.json.createdAt);
    expect(await readUser(api, sub)).toEqual(reply.json);
  });

  it("stores the optional phoneNumber and bio when they are given", async () => {
    const { sub, user } = await createUser(api, { phoneNumber: "+441234567890", bio: "Counts things." });
    expectUserShape(user);
    expect(user).toMatchObject({ phoneNumber: "+441234567890", bio: "Counts things." });
    expect(await readUser(api, sub)).toEqual(user);
  });

  it.each([
    ["reserved characters", () => `auth0|${unique("id")}/x?y#z%20`],
    ["128 characters, the API's maximum", () => unique("long").padEnd(128, "s")],
  ])("answers with a Location that can be fetched for a sub with %s", async (_kind, makeSub) => {
    const sub = makeSub();
    const reply = await post(sub, userBody());
    expectJson(reply, 201);
    const location = reply.headers.location ?? "";
    expect(location).toBe(`/v1/users/${encodeURIComponent(sub)}`);
    const read = await api.call({ method: "GET", path: location.slice("/v1".length), as: sub });
    expectJson(read, 200);
    expect(read.json).toEqual(reply.json);
  });

  it("refuses a second profile for the same caller with a 409 problem and keeps the first", async () => {
    const { sub, user } = await createUser(api);
    const again = await post(sub, userBody());
    expect(expectProblem(again, 409).type).toBe("urn:portico:problem:conflict");
    expect(await readUser(api, sub)).toEqual(user);
  });

  it("refuses a username another user holds with a 409 problem and creates nothing", async () => {
    const { sub: holder, body } = await createUser(api);
    const sub = unique("sub");
    const reply = await post(sub, userBody({ username: body.username }));
    expectProblem(reply, 409);
    // The problem says the name is taken, not who holds it.
    expect(reply.text).not.toContain(holder);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it("is refused by the gateway with 401 in its own form when there is no token", async () => {
    const reply = await api.call({ method: "POST", path: "/users", body: userBody() });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: "Unauthorized" });
  });

  it("accepts a base64-encoded JSON body exactly like a plain one", async () => {
    const sub = unique("sub");
    const body = userBody({ bio: "Zürich ☕ — naïve" });
    const encoded = Buffer.from(JSON.stringify(body), "utf8").toString("base64");
    const reply = await post(sub, encoded, { isBase64Encoded: true });
    expectJson(reply, 201);
    expect(reply.json).toMatchObject({ ...body, userId: sub, version: 1 });
    expect(await readUser(api, sub)).toEqual(reply.json);
  });

  it("lets exactly one of 20 concurrent callers claim the same username", async () => {
    const username = unique("race");
    const subs = Array.from({ length: 20 }, () => unique("racer"));
    const replies = await Promise.all(subs.map((sub) => post(sub, userBody({ username }))));
    const created = replies.filter((reply) => reply.status === 201);
    expect(created).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 201)) expectProblem(reply, 409);
    const holders = (await listAllUsers(api)).filter((user) => user.username === username);
    expect(holders).toHaveLength(1);
    expect(holders[0]?.userId).toBe(created[0]?.json.userId);
  });
});

describe("POST /users request bodies", () => {
  it("refuses a missing body with a 400 problem", async () => {
    const sub = unique("sub");
    // Declared as JSON, so it is the body that is refused (no Content-Type at all is a 415: conventions.test.ts).
    const json = { "content-type": "application/json" };
    expectProblem(await api.call({ method: "POST", path: "/users", as: sub, headers: json }), 400);
    expectProblem(await post(sub, ""), 400);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it("refuses a body that is not JSON with a 400 problem", async () => {
    const sub = unique("sub");
    expectProblem(await post(sub, '{"username": "abc",'), 400);
    expectProblem(await post(sub, "username=abc"), 400);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it.each([
    ["an array", "[]"],
    ["an array of a valid body", JSON.stringify([userBody()])],
    ["a string", '"hello"'],
    ["null", "null"],
    ["a number", "42"],
    ["a boolean", "true"],
  ])("refuses JSON that is %s, not an object, with a 400 problem", async (_kind, text) => {
    const sub = unique("sub");
    expectProblem(await post(sub, text), 400);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it("refuses base64 that does not decode to a JSON object with a 400 problem", async () => {
    const sub = unique("sub");
    const encoded = Buffer.from("[1,2,3]").toString("base64");
    expectProblem(await post(sub, encoded, { isBase64Encoded: true }), 400);
    expect(await readUser(api, sub)).toBeUndefined();
  });
});

describe("POST /users validation", () => {
  it("names each missing required field", async () => {
    const sub = unique("sub");
    expectFieldErrors(await post(sub, {}), ["username", "firstName", "lastName", "email"]);
    expectFieldErrors(await post(sub, { username: unique("user"), firstName: "Ada" }), ["lastName", "email"]);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it.each([
    [
      "read-only field instead of dropping it",
      {
        userId: "mallory",
        avatar: { key: "x", contentType: "image/png", size: 1, updatedAt: "2024-01-01T00:00:00Z" },
        createdAt: "2000-01-01T00:00:00.000Z",
        updatedAt: "2000-01-01T00:00:00.000Z",
        version: 99,
      },
      ["userId", "avatar", "createdAt", "updatedAt", "version"],
    ],
    [
      "storage attribute",
      { PK: "USER#mallory", SK: "PROFILE", GSI1PK: "TYPE#USER", GSI1SK: "x", INCARNATION: "forged" },
      ["PK", "SK", "GSI1PK", "GSI1SK", "INCARNATION"],
    ],
  ])("names each %s", async (_kind, fields, named) => {
    const sub = unique("sub");
    expectFieldErrors(await post(sub, { ...userBody(), ...fields }), named);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it("names each unknown field, including __proto__ and constructor", async () => {
    const sub = unique("sub");
    const body = `{"username":"${unique("user")}","firstName":"A","lastName":"B","email":"a@example.com","role":"admin","__proto__":{"isAdmin":true},"constructor":1}`;
    expectFieldErrors(await post(sub, body), ["role", "__proto__", "constructor"]);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it.each([
    [
      "every offending field exactly once when several are wrong",
      {
        username: "Not Valid",
        firstName: "",
        lastName: "x".repeat(101),
        email: "not-an-address",
        phoneNumber: "0123",
        bio: "b".repeat(1001),
        nickname: "ada",
        version: 3,
      },
      ["username", "firstName", "lastName", "email", "phoneNumber", "bio", "nickname", "version"],
    ],
    ["an email that is both malformed and too long once", userBody({ email: "x".repeat(300) }), ["email"]],
    [
      "fields of the wrong JSON type",
      { username: 123, firstName: true, lastName: ["L"], email: {}, phoneNumber: 4412345678, bio: 7 },
      ["username", "firstName", "lastName", "email", "phoneNumber", "bio"],
    ],
  ])("names %s", async (_kind, body, named) => {
    const sub = unique("sub");
    expectFieldErrors(await post(sub, body), named);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  const cases: [string, Partial<UserBody>, string | null][] = [
    ["a 3-character username", { username: "a_1" }, null],
    ["a 30-character username", { username: unique("u").padEnd(30, "z") }, null],
    ["a 2-character username", { username: "ab" }, "username"],
    ["a 31-character username", { username: "a".repeat(31) }, "username"],
    ["an uppercase username", { username: "Alice_1" }, "username"],
    ["a username with a hyphen", { username: "ali-ce" }, "username"],
    ["a username with a trailing newline", { username: "alice\n" }, "username"],
    ["an empty username", { username: "" }, "username"],
    ["a 1-character firstName", { firstName: "A" }, null],
    ["a 100-character firstName", { firstName: "F".repeat(100) }, null],
    ["an empty firstName", { firstName: "" }, "firstName"],
    ["a 101-character firstName", { firstName: "F".repeat(101) }, "firstName"],
    ["a 100-character lastName", { lastName: "L".repeat(100) }, null],
    ["an empty lastName", { lastName: "" }, "lastName"],
    ["a 101-character lastName", { lastName: "L".repeat(101) }, "lastName"],
    ["a plus-addressed email", { email: "first.last+tag@mail.example.co.uk" }, null],
    ["a 254-character email", { email: email254 }, null],
    ["a 255-character email", { email: email255 }, "email"],
    ["an email without @", { email: "ada.example.com" }, "email"],
    ["an email without a domain", { email: "ada@" }, "email"],
    ["an email with a space", { email: "ada lovelace@example.com" }, "email"],
    ["an email with two @", { email: "ada@@example.com" }, "email"],
    ["a phoneNumber with 8 digits", { phoneNumber: "+12345678" }, null],
    ["a phoneNumber with 15 digits", { phoneNumber: "+123456789012345" }, null],
    ["a phoneNumber with 7 digits", { phoneNumber: "+1234567" }, "phoneNumber"],
    ["a phoneNumber with 16 digits", { phoneNumber: "+1234567890123456" }, "phoneNumber"],
    ["a phoneNumber without +", { phoneNumber: "441234567890" }, "phoneNumber"],
    ["a phoneNumber with spaces", { phoneNumber: "+44 1234 567890" }, "phoneNumber"],
    ["a phoneNumber with letters", { phoneNumber: "+44123456789a" }, "phoneNumber"],
    ["an empty bio", { bio: "" }, null],
    ["a 1000-character bio", { bio: "b".repeat(1000) }, null],
    ["a 1001-character bio", { bio: "b".repeat(1001) }, "bio"],
  ];

  it.each(cases)("handles %s", async (_name, overrides, refused) => {
    const sub = unique("sub");
    const body = userBody(overrides);
    const reply = await post(sub, body);
    if (refused === null) {
      expectJson(reply, 201);
      expect(reply.json).toMatchObject(body);
    } else {
      expectFieldErrors(reply, [refused]);
      expect(await readUser(api, sub)).toBeUndefined();
    }
  });

  it("refuses any username outside ^[a-z0-9_]{3,30}$ with a 400 naming username", async () => {
    const invalid = fc
      .oneof(
        fc.string({ maxLength: 40 }),
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.string({ unit: "grapheme", maxLength: 34 }),
        fc.stringMatching(/^[a-z0-9_]{0,2}$/),
        fc.stringMatching(/^[a-z0-9_]{31,40}$/),
        fc
          .tuple(
            fc.stringMatching(/^[a-z0-9_]{3,29}$/),
            fc.constantFrom("A", "-", " ", "\n", ".", "é", "ß", "\u0000"),
          )
          .map(([name, bad]) => `${name}${bad}`),
      )
      .filter((username) => !usernamePattern.test(username));
    const sub = unique("sub");
    await fc.assert(
      fc.asyncProperty(invalid, async (username) => {
        expectFieldErrors(await post(sub, userBody({ username })), ["username"]);
      }),
      { numRuns: 30 },
    );
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it("accepts any username matching ^[a-z0-9_]{3,30}$", async () => {
    // A table of its own, so a generated name can only collide with an earlier run of this property.
    const fresh = await createTestApi(app);
    const taken = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(usernamePattern), async (username) => {
        const reply = await fresh.call({
          method: "POST",
          path: "/users",
          as: unique("sub"),
          body: userBody({ username }),
        });
        if (taken.has(username)) {
          checkProblem(reply, 409, fresh.tableName);
          return;
        }
        expectJson(reply, 201);
        expect(reply.json.username).toBe(username);
        taken.add(username);
      }),
      { numRuns: 30 },
    );
  });
});

describe("POST /users as an admin", () => {
  it("creates the admin's own profile, not another user's", async () => {
    const sub = unique("admin");
    const reply = await api.call({ method: "POST", path: "/users", as: sub, scope: admin, body: userBody() });
    expectJson(reply, 201);
    expect(reply.json.userId).toBe(sub);
  });
});
