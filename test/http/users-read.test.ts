/** HTTP contract of `GET /users/{userId}` (API.md, Users): who may read, ETags and `If-None-Match`. */

import { maxEntityTags } from "portico/runtime";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { newTagOf, tagOf, weak } from "../support/etags.js";
import { useTestApi } from "../support/use-test-api.js";
import { admin, createUser, expectJson, expectUserShape, unique } from "./users-helpers.js";

const { api, expectProblem } = useTestApi(app);

const get = (
  path: string,
  as: string | undefined,
  options: { scope?: string; headers?: Record<string, string> } = {},
) => api.call({ method: "GET", path, ...(as === undefined ? {} : { as }), ...options });

describe("GET /users/{userId}", () => {
  it("returns the caller's own profile through me and through their id, with its ETag", async () => {
    const { sub, user, etag } = await createUser(api, { phoneNumber: "+4930123456", bio: "Hi" });
    for (const path of ["/users/me", `/users/${sub}`]) {
      const reply = await get(path, sub);
      expectJson(reply, 200);
      expect(tagOf(reply)).toBe(etag);
      expectUserShape(reply.json);
      expect(reply.json).toEqual(user);
    }
  });

  it("answers a 404 problem when the caller has no profile", async () => {
    const problem = expectProblem(await get("/users/me", unique("nobody")), 404);
    expect(problem.type).toBe("urn:portico:problem:not-found");
  });

  it("refuses another user's profile with a 403 problem", async () => {
    const { sub } = await createUser(api);
    const problem = expectProblem(await get(`/users/${sub}`, unique("mallory")), 403);
    expect(problem.type).toBe("urn:portico:problem:forbidden");
  });

  it("refuses another user's id with 403 whether or not that user exists", async () => {
    expectProblem(await get(`/users/${unique("ghost")}`, unique("mallory")), 403);
  });

  it("lets an admin read any user's profile", async () => {
    const { sub, user, etag } = await createUser(api);
    const reply = await get(`/users/${sub}`, unique("root"), { scope: admin });
    expectJson(reply, 200);
    expect(tagOf(reply)).toBe(etag);
    expect(reply.json).toEqual(user);
  });

  it("answers an admin a 404 problem for a user that does not exist", async () => {
    expectProblem(await get(`/users/${unique("ghost")}`, unique("root"), { scope: admin }), 404);
  });

  it("is refused by the gateway with 401 in its own form when there is no token", async () => {
    const reply = await get("/users/me", undefined);
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: "Unauthorized" });
  });

  it("answers 304 with the ETag and no body when If-None-Match holds the current tag", async () => {
    const { sub, etag } = await createUser(api);
    for (const tag of [etag, weak(etag), `"7", ${etag}`, "*"]) {
      const reply = await get("/users/me", sub, { headers: { "if-none-match": tag } });
      expect(reply.status, tag).toBe(304);
      expect(reply.headers.etag).toBe(etag);
      expect(reply.text ?? "").toBe("");
    }
  });

  it(`answers 304 when the current tag is the last of ${maxEntityTags} If-None-Match tags, the most a header may list`, async () => {
    const { sub, etag } = await createUser(api);
    const others = Array.from({ length: maxEntityTags - 1 }, (_, n) => `"elsewhere${n}.1"`);
    const reply = await get("/users/me", sub, { headers: { "if-none-match": [...others, etag].join(", ") } });
    expect(reply.status, reply.text).toBe(304);
    expect(reply.headers.etag).toBe(etag);
  });

  it.each([maxEntityTags + 1, 150])(
    "refuses %i If-None-Match tags with a 400 naming the header and the limit",
    async (count) => {
      const { sub, etag } = await createUser(api);
      const others = Array.from({ length: count - 1 }, (_, n) => `"elsewhere${n}.1"`);
      const reply = await get("/users/me", sub, {
        headers: { "if-none-match": [...others, etag].join(", ") },
      });
      const problem = expectProblem(reply, 400);
      expect(problem.errors).toEqual([
        { path: "If-None-Match", message: expect.stringContaining(`at most ${maxEntityTags}`) },
      ]);
    },
  );

  it("answers 200 with the new ETag when If-None-Match holds an older tag", async () => {
    const { sub, etag } = await createUser(api);
    const patched = await api.call({ method: "PATCH", path: "/users/me", as: sub, body: { bio: "new" } });
    expectJson(patched, 200);
    const reply = await get("/users/me", sub, { headers: { "if-none-match": etag } });
    expectJson(reply, 200);
    expect(newTagOf(reply, [etag])).toBe(tagOf(patched));
    expect(reply.json.version).toBe(2);
    expect(reply.json).toEqual(patched.json);
  });

  it("ignores a body on a GET", async () => {
    const { sub, user } = await createUser(api);
    const reply = await api.call({ method: "GET", path: "/users/me", as: sub, body: "not json at all" });
    expectJson(reply, 200);
    expect(reply.json).toEqual(user);
  });
});
