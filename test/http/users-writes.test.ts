/**
 * What `PUT` (a full replace) and `PATCH` (JSON Merge Patch) of `/users/{userId}` answer alike
 * (API.md, Users): refused values, bodies and callers change nothing, and a rename moves the
 * username claim. Each method sends its own form of the same change.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { newTagOf } from "../support/etags.js";
import { useTestApi } from "../support/use-test-api.js";
import {
  createUser,
  currentTag,
  expectJson,
  profileWrite,
  readUser,
  type UserBody,
  unique,
  usernameIsFree,
} from "./users-helpers.js";

const { api, expectProblem, expectFieldErrors } = useTestApi(app);

const writes = [
  {
    method: "PUT",
    /** A replacement carries every writable field. */
    change: (body: UserBody, changes: Record<string, unknown>) => ({ ...body, ...changes }),
    invalid: {
      username: "UPPER",
      firstName: "x".repeat(101),
      lastName: "",
      email: "nobody@",
      phoneNumber: "+1234567",
      bio: "b".repeat(1001),
    },
    notJson: "{username:",
    array: "[]",
  },
  {
    method: "PATCH",
    /** A merge patch carries only the changes. */
    change: (_body: UserBody, changes: Record<string, unknown>) => changes,
    invalid: {
      username: "no spaces",
      firstName: "",
      lastName: 7,
      email: "@example.com",
      phoneNumber: "+12 345 678",
      bio: "b".repeat(1001),
    },
    notJson: "bio=x",
    array: '[{"op":"replace","path":"/bio","value":"x"}]',
  },
] as const;

describe.each(writes)("$method /users/{userId}, like every change to a profile", (write) => {
  const send = profileWrite(api, write.method);

  it("names each invalid value with a 400 and changes nothing", async () => {
    const { sub, user } = await createUser(api);
    const reply = await send(sub, write.invalid);
    expectFieldErrors(reply, ["username", "firstName", "lastName", "email", "phoneNumber", "bio"]);
    expect(await readUser(api, sub)).toEqual(user);
  });

  it("refuses another user's profile with a 403 problem and changes nothing", async () => {
    const { sub, user, body } = await createUser(api);
    const reply = await send(unique("mallory"), write.change(body, { firstName: "Hacked" }), {
      path: `/users/${sub}`,
    });
    expectProblem(reply, 403);
    expect(await readUser(api, sub)).toEqual(user);
  });

  it("moves the username claim when the username changes", async () => {
    const { sub, body, etag } = await createUser(api);
    const renamed = unique("renamed");
    const reply = await send(sub, write.change(body, { username: renamed }));
    expectJson(reply, 200);
    expect(newTagOf(reply, [etag])).toBe(await currentTag(api, sub));
    expect(reply.json).toMatchObject({ username: renamed, version: 2 });
    expect(await readUser(api, sub)).toEqual(reply.json);
    expect(await usernameIsFree(api, renamed)).toBe(false);
    expect(await usernameIsFree(api, body.username)).toBe(true);
  });

  it("refuses a username another user holds with a 409 problem and changes nothing", async () => {
    const { body: other } = await createUser(api);
    const { sub, user, body } = await createUser(api);
    expectProblem(await send(sub, write.change(body, { username: other.username, bio: "changed" })), 409);
    expect(await readUser(api, sub)).toEqual(user);
    expect(await usernameIsFree(api, body.username)).toBe(false);
  });

  it.each([
    // Declared as JSON, so it is the body that is refused (no Content-Type at all is a 415: conventions.test.ts).
    ["a missing body", undefined],
    ["an empty body", ""],
    ["a body that is not JSON", write.notJson],
    ["a JSON array", write.array],
    ["a JSON string", '"text"'],
    ["JSON null", "null"],
  ])("refuses %s with a 400 problem and changes nothing", async (_kind, text) => {
    const { sub, user } = await createUser(api);
    const reply =
      text === undefined
        ? await api.call({
            method: write.method,
            path: "/users/me",
            as: sub,
            headers: { "content-type": "application/json" },
          })
        : await send(sub, text);
    expectProblem(reply, 400);
    expect(await readUser(api, sub)).toEqual(user);
  });
});
