/** HTTP contract of `DELETE /users/{userId}` (API.md, Users): the profile, its username and its todos go. */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { newTagOf, tagOf } from "../support/etags.js";
import { useTestApi } from "../support/use-test-api.js";
import { postTodo } from "./todos-support.js";
import {
  admin,
  callOwnProfile,
  createUser,
  expectJson,
  listAllUsers,
  readUser,
  unique,
  usernameIsFree,
} from "./users-helpers.js";

const { api, expectProblem } = useTestApi(app);

const remove = (as: string, options: { path?: string; scope?: string; body?: string } = {}) =>
  api.call({
    method: "DELETE",
    path: options.path ?? "/users/me",
    as,
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    ...(options.body === undefined ? {} : { body: options.body }),
  });

/** Creates `count` todos for `sub` and returns their ids. */
async function createTodos(sub: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const reply = await postTodo(api, sub, { body: { title: `Todo ${n}` } }, "me");
    expect(reply.status, reply.text).toBe(201);
    ids.push(reply.json.todoId);
  }
  return ids;
}

/** The user's todos as an admin sees them, every page. */
async function todosOf(sub: string): Promise<unknown[]> {
  const reply = await api.call({
    method: "GET",
    path: `/users/${sub}/todos?limit=100`,
    as: unique("root"),
    scope: admin,
  });
  expectJson(reply, 200);
  expect(reply.json.nextCursor).toBeNull();
  return reply.json.items;
}

describe("DELETE /users/{userId}", () => {
  it("deletes the caller's profile with 204 and no body, after which a GET is a 404", async () => {
    const { sub } = await createUser(api);
    const reply = await remove(sub);
    expect(reply.status, reply.text).toBe(204);
    expect(reply.text ?? "").toBe("");
    expect(await readUser(api, sub)).toBeUndefined();
    expectProblem(await callOwnProfile(api, sub, "GET"), 404);
  });

  it("deletes through the caller's id as well as through me", async () => {
    const { sub } = await createUser(api);
    expect((await remove(sub, { path: `/users/${sub}` })).status).toBe(204);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it("frees the username for another user", async () => {
    const { sub, body } = await createUser(api);
    expect((await remove(sub)).status).toBe(204);
    const { user } = await createUser(api, { username: body.username });
    expect(user.username).toBe(body.username);
  });

  it("lets the caller create a new profile afterwards, starting again at version 1 with a new ETag", async () => {
    const { sub, body, etag } = await createUser(api);
    const patched = await callOwnProfile(api, sub, "PATCH", { body: { bio: "v2" } });
    expectJson(patched, 200);
    expect((await remove(sub)).status).toBe(204);
    const again = await api.call({ method: "POST", path: "/users", as: sub, body });
    expectJson(again, 201);
    newTagOf(again, [etag, tagOf(patched)]);
    expect(again.json).toMatchObject({ ...body, userId: sub, version: 1 });
    expect(again.json).not.toHaveProperty("bio");
  });

  it("removes the user's todos", async () => {
    const { sub } = await createUser(api);
    const todoIds = await createTodos(sub, 3);
    expect(await todosOf(sub)).toHaveLength(3);
    expect((await remove(sub)).status).toBe(204);
    expect(await todosOf(sub)).toEqual([]);
    for (const todoId of todoIds) {
      const asAdmin = await api.call({
        method: "GET",
        path: `/users/${sub}/todos/${todoId}`,
        as: unique("root"),
        scope: admin,
      });
      expectProblem(asAdmin, 404);
      expectProblem(await api.call({ method: "GET", path: `/users/me/todos/${todoId}`, as: sub }), 404);
    }
  });

  it("leaves no todo behind when todos are being created while the user is deleted", async () => {
    const { sub } = await createUser(api);
    const creates = Array.from({ length: 10 }, (_, n) =>
      postTodo(api, sub, { body: { title: `Racing ${n}` } }, "me"),
    );
    const [deleted, ...created] = await Promise.all([remove(sub), ...creates]);
    expect(deleted?.status, deleted?.text).toBe(204);
    for (const reply of created) expect([201, 404], reply.text).toContain(reply.status);
    expect(await todosOf(sub)).toEqual([]);
  });

  it("removes the user from the admin's list of users", async () => {
    const { sub } = await createUser(api);
    expect((await listAllUsers(api)).map((user) => user.userId)).toContain(sub);
    expect((await remove(sub)).status).toBe(204);
    expect((await listAllUsers(api)).map((user) => user.userId)).not.toContain(sub);
  });

  it("refuses to delete another user's profile with a 403 problem and deletes nothing", async () => {
    const { sub, user, body } = await createUser(api);
    await createTodos(sub, 1);
    expectProblem(await remove(unique("mallory"), { path: `/users/${sub}` }), 403);
    expect(await readUser(api, sub)).toEqual(user);
    expect(await todosOf(sub)).toHaveLength(1);
    expect(await usernameIsFree(api, body.username)).toBe(false);
  });

  it("lets an admin delete any user's profile, with its username and todos", async () => {
    const { sub, body } = await createUser(api);
    await createTodos(sub, 2);
    const reply = await remove(unique("root"), { path: `/users/${sub}`, scope: admin });
    expect(reply.status, reply.text).toBe(204);
    expect(await readUser(api, sub)).toBeUndefined();
    expect(await todosOf(sub)).toEqual([]);
    expect(await usernameIsFree(api, body.username)).toBe(true);
  });

  it("answers a 404 problem for a profile that does not exist, or was already deleted", async () => {
    expectProblem(await remove(unique("nobody")), 404);
    const { sub } = await createUser(api);
    expect((await remove(sub)).status).toBe(204);
    expectProblem(await remove(sub), 404);
    expectProblem(await remove(unique("root"), { path: `/users/${unique("ghost")}`, scope: admin }), 404);
  });

  it("is refused by the gateway with 401 in its own form when there is no token", async () => {
    const reply = await api.call({ method: "DELETE", path: "/users/me" });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: "Unauthorized" });
  });

  it("ignores a body on a DELETE", async () => {
    const { sub } = await createUser(api);
    expect((await remove(sub, { body: "definitely not json" })).status).toBe(204);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it("deletes without If-Match even while other devices keep editing the profile", async () => {
    const { sub, body } = await createUser(api);
    let deleted = false;
    let editing: () => void = () => {};
    const inFlow = new Promise<void>((resolve) => {
      editing = resolve;
    });
    const statuses: number[] = [];
    const editors = Array.from({ length: 6 }, async (_, device) => {
      for (let n = 0; !deleted && n < 100; n++) {
        const reply = await callOwnProfile(api, sub, "PATCH", { body: { bio: `${device}:${n}` } });
        statuses.push(reply.status);
        // Delete once the editors are in full flow, each having written a few times.
        if (statuses.length === 12) editing();
        if (reply.status === 404) break;
      }
      editing();
    });
    await inFlow;
    const reply = await remove(sub);
    deleted = true;
    await Promise.all(editors);
    // No If-Match was sent, so no precondition can fail (RFC 9110 §15.5.13), and edits to other
    // fields are no reason to refuse or postpone the delete.
    expect(reply.status, reply.text).toBe(204);
    expect(await readUser(api, sub)).toBeUndefined();
    expect(await usernameIsFree(api, body.username)).toBe(true);
    for (const status of statuses) expect([200, 404]).toContain(status);
  });
});
