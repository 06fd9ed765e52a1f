/**
 * HTTP contract of conditional writes to `/users/{userId}` (API.md, Concurrency): `If-Match` on
 * PUT, PATCH and DELETE compares strongly against the profile's current ETag, taken from a
 * response as a client would; a stale tag is a 412 carrying the current ETag, and nothing is written.
 */

import { maxEntityTags } from "portico/runtime";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import type { Reply } from "../support/api.js";
import { newTagOf, weak } from "../support/etags.js";
import { useTestApi } from "../support/use-test-api.js";
import {
  callOwnProfile,
  createUser,
  currentTag,
  expectJson,
  readUser,
  type UserBody,
  unique,
  userBody,
  usernameIsFree,
} from "./users-helpers.js";

const { api, expectProblem } = useTestApi(app);

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

/** A user at version 2: `stale` is the tag of version 1, `current` the tag of version 2. */
async function userAtVersion2() {
  const { sub, body, etag: stale } = await createUser(api);
  const patched = await callOwnProfile(api, sub, "PATCH", { body: { bio: "second" } });
  expectJson(patched, 200);
  expect(patched.json.version).toBe(2);
  const current = newTagOf(patched, [stale]);
  return { sub, body, user: patched.json as Record<string, unknown>, stale, current };
}

/** The write landed: a delete is gone; a replace or patch is at version 3 under a new ETag. */
async function expectWritten(
  method: Method,
  reply: Reply,
  sub: string,
  earlier: readonly string[],
): Promise<void> {
  if (method === "DELETE") {
    expect(reply.status, reply.text).toBe(204);
    expect(await readUser(api, sub)).toBeUndefined();
  } else {
    expectJson(reply, 200);
    expect(newTagOf(reply, earlier)).toBe(await currentTag(api, sub));
    expect(reply.json.version).toBe(3);
  }
}

describe("If-Match on PUT, PATCH and DELETE /users/{userId}", () => {
  it.each(methods)(
    "refuses a stale If-Match on %s with a 412 carrying the current ETag, and changes nothing",
    async (method) => {
      const { sub, body, user, stale, current } = await userAtVersion2();
      const reply = await write(method, sub, body, stale);
      const problem = expectProblem(reply, 412);
      expect(problem.type).toBe("urn:portico:problem:precondition-failed");
      expect(reply.headers.etag).toBe(current);
      expect(await readUser(api, sub)).toEqual(user);
    },
  );

  it.each(methods)("writes on %s when If-Match holds the current ETag", async (method) => {
    const { sub, body, stale, current } = await userAtVersion2();
    await expectWritten(method, await write(method, sub, body, current), sub, [stale, current]);
  });

  it.each(methods)("writes on %s when one of several If-Match tags is current", async (method) => {
    const { sub, body, stale, current } = await userAtVersion2();
    const other = (await createUser(api)).etag;
    const reply = await write(method, sub, body, `${stale}, ${current}, ${other}`);
    await expectWritten(method, reply, sub, [stale, current]);
  });

  it.each(methods)("writes on %s when If-Match is * and the profile exists", async (method) => {
    const { sub, body, stale, current } = await userAtVersion2();
    await expectWritten(method, await write(method, sub, body, "*"), sub, [stale, current]);
  });

  /** Headers that name the current tag in a form If-Match never accepts, or no tag this API made. */
  const unmatchable = methods.flatMap((method) =>
    (
      [
        ["the current tag made weak", weak],
        ["the current tag unquoted", (tag) => tag.slice(1, -1)],
        ["a tag that is not one of its ETags", () => '"abc"'],
      ] as const satisfies readonly (readonly [string, (current: string) => string])[]
    ).map(([kind, header]) => [method, kind, header] as const),
  );

  it.each(unmatchable)(
    "refuses %s If-Match with %s with a 412, since If-Match compares strongly",
    async (method, _kind, header) => {
      const { sub, body, user, current } = await userAtVersion2();
      const reply = await write(method, sub, body, header(current));
      expectProblem(reply, 412);
      expect(reply.headers.etag).toBe(current);
      expect(await readUser(api, sub)).toEqual(user);
    },
  );

  /** `count` tags none of which is current, then `last`. */
  const manyTags = (count: number, last: string) =>
    [...Array.from({ length: count - 1 }, (_, n) => `"elsewhere${n}.${n + 1}"`), last].join(", ");

  it.each(methods)(
    `writes on %s when the current tag is the last of ${maxEntityTags} If-Match tags, the most a header may list`,
    async (method) => {
      const { sub, body, stale, current } = await userAtVersion2();
      const reply = await write(method, sub, body, manyTags(maxEntityTags, current));
      await expectWritten(method, reply, sub, [stale, current]);
    },
  );

  it.each(methods.flatMap((method) => [maxEntityTags + 1, 150].map((count) => [method, count] as const)))(
    "refuses %s with %i If-Match tags with a 400 naming the header and the limit, and changes nothing",
    async (method, count) => {
      const { sub, body, user, current } = await userAtVersion2();
      const reply = await write(method, sub, body, manyTags(count, current));
      const problem = expectProblem(reply, 400);
      expect(problem.errors).toEqual([
        { path: "If-Match", message: expect.stringContaining(`at most ${maxEntityTags}`) },
      ]);
      expect(await readUser(api, sub)).toEqual(user);
    },
  );

  it.each(methods)(
    "answers %s with If-Match on a profile that does not exist with a 404 problem",
    async (method) => {
      const sub = unique("nobody");
      const someonesTag = (await createUser(api)).etag;
      expectProblem(await write(method, sub, userBody(), someonesTag), 404);
      expect(await readUser(api, sub)).toBeUndefined();
    },
  );

  it.each(["PUT", "PATCH"] as const)(
    "refuses a stale If-Match on a %s that renames with a 412, and moves no claim",
    async (method) => {
      const { sub, body, user, stale, current } = await userAtVersion2();
      const renamed = unique("renamed");
      const change = method === "PUT" ? { ...body, bio: "second", username: renamed } : { username: renamed };
      const reply = await callOwnProfile(api, sub, method, { headers: { "if-match": stale }, body: change });
      expectProblem(reply, 412);
      expect(reply.headers.etag).toBe(current);
      expect(await readUser(api, sub)).toEqual(user);
      expect(await usernameIsFree(api, renamed)).toBe(true);
      expect(await usernameIsFree(api, body.username)).toBe(false);
    },
  );

  it("renames with the current If-Match", async () => {
    const { sub, body, stale, current } = await userAtVersion2();
    const renamed = unique("renamed");
    const reply = await callOwnProfile(api, sub, "PATCH", {
      headers: { "if-match": current },
      body: { username: renamed },
    });
    expectJson(reply, 200);
    expect(newTagOf(reply, [stale, current])).toBe(await currentTag(api, sub));
    expect(reply.json).toMatchObject({ username: renamed, version: 3 });
    expect(await usernameIsFree(api, body.username)).toBe(true);
  });

  it("refuses a stale If-Match on an empty patch with a 412", async () => {
    const { sub, user, stale, current } = await userAtVersion2();
    const reply = await callOwnProfile(api, sub, "PATCH", { headers: { "if-match": stale }, body: {} });
    expectProblem(reply, 412);
    expect(reply.headers.etag).toBe(current);
    expect(await readUser(api, sub)).toEqual(user);
  });
});
