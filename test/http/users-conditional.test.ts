/**
 * HTTP contract of conditional writes to `/users/{userId}` (API.md, Concurrency): `If-Match` on
 * PUT, PATCH and DELETE compares strongly against `"<version>"`; a stale tag is a 412 carrying the
 * current ETag, and nothing is written.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { createTestApi, type Reply, type TestApi } from "../support/api.js";
import { checkProblem } from "../support/problems.js";
import {
  createUser,
  expectJson,
  readUser,
  type UserBody,
  unique,
  userBody,
  usernameIsFree,
} from "./users-helpers.js";

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi(app);
});

const expectProblem = (reply: Reply, status: number) => checkProblem(reply, status, api.tableName);

type Method = "PUT" | "PATCH" | "DELETE";
const methods: Method[] = ["PUT", "PATCH", "DELETE"];

/** A write of `method` to the caller's profile: a rename-free change, or a delete. */
function write(method: Method, sub: string, body: UserBody, ifMatch?: string): Promise<Reply> {
  const headers = ifMatch === undefined ? {} : { "if-match": ifMatch };
  const change =
    method === "PUT"
      ? { ...body, firstName: "Replaced" }
      : method === "PATCH"
        ? { firstName: "Patched" }
        : undefined;
  return api.call({
    method,
    path: "/users/me",
    as: sub,
    headers,
    ...(change === undefined ? {} : { body: change }),
  });
}

/** A user at version 2, so `"1"` is stale. */
async function userAtVersion2() {
  const { sub, body } = await createUser(api);
  const patched = await api.call({ method: "PATCH", path: "/users/me", as: sub, body: { bio: "second" } });
  expectJson(patched, 200);
  expect(patched.headers.etag).toBe('"2"');
  return { sub, body, user: patched.json as Record<string, unknown> };
}

function expectWritten(method: Method, reply: Reply): void {
  if (method === "DELETE") {
    expect(reply.status, reply.text).toBe(204);
  } else {
    expectJson(reply, 200);
    expect(reply.headers.etag).toBe('"3"');
    expect(reply.json.version).toBe(3);
  }
}

describe("If-Match on PUT, PATCH and DELETE /users/{userId}", () => {
  it.each(methods)(
    "refuses a stale If-Match on %s with a 412 carrying the current ETag, and changes nothing",
    async (method) => {
      const { sub, body, user } = await userAtVersion2();
      const reply = await write(method, sub, body, '"1"');
      const problem = expectProblem(reply, 412);
      expect(problem.type).toBe("urn:portico:problem:precondition-failed");
      expect(reply.headers.etag).toBe('"2"');
      expect(await readUser(api, sub)).toEqual(user);
    },
  );

  it.each(methods)("writes on %s when If-Match holds the current ETag", async (method) => {
    const { sub, body } = await userAtVersion2();
    expectWritten(method, await write(method, sub, body, '"2"'));
  });

  it.each(methods)("writes on %s when one of several If-Match tags is current", async (method) => {
    const { sub, body } = await userAtVersion2();
    expectWritten(method, await write(method, sub, body, '"1", "2", "9"'));
  });

  it.each(methods)("writes on %s when If-Match is * and the profile exists", async (method) => {
    const { sub, body } = await userAtVersion2();
    expectWritten(method, await write(method, sub, body, "*"));
  });

  const unmatchable = methods.flatMap((method) =>
    [
      ["a weak tag", 'W/"2"'],
      ["an unquoted version", "2"],
      ["a tag that is not a version", '"abc"'],
    ].map(([kind, tag]) => [method, kind, tag] as const),
  );

  it.each(unmatchable)(
    "refuses %s If-Match with %s with a 412, since If-Match compares strongly",
    async (method, _kind, tag) => {
      const { sub, body, user } = await userAtVersion2();
      const reply = await write(method, sub, body, tag);
      expectProblem(reply, 412);
      expect(reply.headers.etag).toBe('"2"');
      expect(await readUser(api, sub)).toEqual(user);
    },
  );

  it.each(methods)(
    "answers %s with If-Match on a profile that does not exist with a 404 problem",
    async (method) => {
      const sub = unique("nobody");
      expectProblem(await write(method, sub, userBody(), '"1"'), 404);
      expect(await readUser(api, sub)).toBeUndefined();
    },
  );

  it.each(["PUT", "PATCH"] as const)(
    "refuses a stale If-Match on a %s that renames with a 412, and moves no claim",
    async (method) => {
      const { sub, body, user } = await userAtVersion2();
      const renamed = unique("renamed");
      const change = method === "PUT" ? { ...body, bio: "second", username: renamed } : { username: renamed };
      const reply = await api.call({
        method,
        path: "/users/me",
        as: sub,
        headers: { "if-match": '"1"' },
        body: change,
      });
      expectProblem(reply, 412);
      expect(reply.headers.etag).toBe('"2"');
      expect(await readUser(api, sub)).toEqual(user);
      expect(await usernameIsFree(api, renamed)).toBe(true);
      expect(await usernameIsFree(api, body.username)).toBe(false);
    },
  );

  it("renames with the current If-Match", async () => {
    const { sub, body } = await userAtVersion2();
    const renamed = unique("renamed");
    const reply = await api.call({
      method: "PATCH",
      path: "/users/me",
      as: sub,
      headers: { "if-match": '"2"' },
      body: { username: renamed },
    });
    expectJson(reply, 200);
    expect(reply.json).toMatchObject({ username: renamed, version: 3 });
    expect(await usernameIsFree(api, body.username)).toBe(true);
  });

  it("refuses a stale If-Match on an empty patch with a 412", async () => {
    const { sub, user } = await userAtVersion2();
    const reply = await api.call({
      method: "PATCH",
      path: "/users/me",
      as: sub,
      headers: { "if-match": '"1"' },
      body: {},
    });
    expectProblem(reply, 412);
    expect(reply.headers.etag).toBe('"2"');
    expect(await readUser(api, sub)).toEqual(user);
  });
});
