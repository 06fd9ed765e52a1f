/**
 * HTTP contract (API.md, Concurrency): an ETag never repeats for one URL, even after a delete and
 * a re-create, so a tag a device kept from a deleted profile cannot pass for its successor's,
 * although the successor's `version` starts at 1 again.
 *
 * Only a profile's URL is ever served again: `/users/{userId}` is named by the token's `sub`,
 * so deleting and re-creating a profile reuses it. A todo's URL cannot repeat (its id is a
 * UUIDv7 made on every create), so a deleted todo's tag has no successor to match.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { newTagOf, tagOf, weak } from "../support/etags.js";
import { useTestApi } from "../support/use-test-api.js";
import { callOwnProfile, createUser, expectJson, readUser, type UserBody, unique } from "./users-helpers.js";

const { api, expectProblem } = useTestApi(app);

/** One life of a profile: created, then patched up to `version`; every tag it answered, by version. */
async function live(
  sub: string,
  version: number,
  body?: UserBody,
): Promise<{ tags: string[]; body: UserBody }> {
  const created = await createUser(api, body ?? {}, sub);
  const tags = [created.etag];
  for (let next = 2; next <= version; next++) {
    const patched = await callOwnProfile(api, sub, "PATCH", { body: { bio: `v${next}` } });
    expectJson(patched, 200);
    expect(patched.json.version).toBe(next);
    tags.push(newTagOf(patched, tags));
  }
  return { tags, body: created.body };
}

async function remove(sub: string): Promise<void> {
  const reply = await callOwnProfile(api, sub, "DELETE");
  expect(reply.status, reply.text).toBe(204);
}

/**
 * A profile deleted at `version` and re-created up to the same version: the predecessor's tag
 * at that version (`stale`), and the successor as it stands.
 */
async function successorAt(version: number) {
  const sub = unique("again");
  const before = await live(sub, version);
  await remove(sub);
  const after = await live(sub, version, before.body);
  const current = after.tags[version - 1] as string;
  return {
    sub,
    body: before.body,
    stale: before.tags[version - 1] as string,
    current,
    user: await readUser(api, sub),
  };
}

const writes = ["PUT", "PATCH", "DELETE"] as const;
const cases = writes.flatMap((method) => [1, 2].map((version) => [method, version] as const));

describe("a deleted profile's ETag against its re-created successor", () => {
  it.each(cases)(
    "refuses %s with If-Match holding the deleted profile's tag of version %i with a 412, and changes nothing",
    async (method, version) => {
      const { sub, body, stale, current, user } = await successorAt(version);
      const change = method === "PUT" ? { ...body, firstName: "Overwritten" } : { firstName: "Overwritten" };
      const reply = await api.call({
        method,
        path: "/users/me",
        as: sub,
        headers: { "if-match": stale },
        ...(method === "DELETE" ? {} : { body: change }),
      });
      expectProblem(reply, 412);
      expect(reply.headers.etag).toBe(current);
      // Tags are opaque: the stale one was at the same version, so a version in the detail would mislead.
      expect(reply.json.detail).not.toMatch(/version/i);
      expect(await readUser(api, sub)).toEqual(user);
    },
  );

  it.each([1, 2])(
    "answers If-None-Match holding the deleted profile's tag of version %i with 200 and the successor, not 304",
    async (version) => {
      const { sub, stale, current, user } = await successorAt(version);
      for (const header of [stale, weak(stale)]) {
        const reply = await callOwnProfile(api, sub, "GET", { headers: { "if-none-match": header } });
        expectJson(reply, 200);
        expect(tagOf(reply)).toBe(current);
        expect(reply.json).toEqual(user);
      }
    },
  );

  it("never gives a re-created profile a tag any earlier profile at that URL had", async () => {
    const sub = unique("lives");
    const seen: string[] = [];
    let body: UserBody | undefined;
    for (let life = 0; life < 3; life++) {
      const { tags, body: made } = await live(sub, 3, body);
      body = made;
      for (const tag of tags) expect(seen).not.toContain(tag);
      const read = await callOwnProfile(api, sub, "GET");
      expect(tagOf(read)).toBe(tags[2]);
      seen.push(...tags);
      await remove(sub);
    }
    expect(new Set(seen).size).toBe(9);
  });
});
