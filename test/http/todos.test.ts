/**
 * HTTP contract of creating and reading one todo (API.md, Resources and Routes): server-made
 * fields, Location and ETag, ownership, and conditional GET.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { newTagOf, tagOf, weak } from "../support/etags.js";
import { expectGatewayError, isoUtc } from "../support/problems.js";
import { useTestApi } from "../support/use-test-api.js";
import {
  callTodo,
  createTodo,
  createTodoWithTag,
  fullTodo,
  getTodo,
  listAll,
  newOwner,
  postTodo,
  uniqueSub,
  uuidv7Pattern,
} from "./todos-support.js";
import { admin } from "./users-helpers.js";

const { api, expectProblem } = useTestApi(app);

describe("POST /users/{userId}/todos", () => {
  it("creates a todo with server-made fields and defaults, answering 201 with Location and ETag", async () => {
    const sub = await newOwner(api);
    const reply = await postTodo(api, sub, { body: { title: "Buy milk" } });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.headers["content-type"]).toBe("application/json; charset=utf-8");
    const todo = reply.json;
    expect(todo).toEqual({
      todoId: expect.stringMatching(uuidv7Pattern),
      userId: sub,
      title: "Buy milk",
      done: false,
      dueAt: null,
      attachments: [],
      createdAt: expect.stringMatching(isoUtc),
      updatedAt: todo.createdAt,
      version: 1,
    });
    expect(reply.headers.location).toBe(`/v1/users/${sub}/todos/${todo.todoId}`);
    expect(tagOf(reply)).toBe(tagOf(await getTodo(api, sub, todo.todoId)));
  });

  it("names the caller's canonical sub in Location when the path says me, and the Location can be read", async () => {
    const sub = await newOwner(api);
    const reply = await postTodo(api, sub, { body: { title: "Via me" } }, "me");
    expect(reply.status, reply.text).toBe(201);
    expect(reply.json.userId).toBe(sub);
    expect(reply.headers.location).toBe(`/v1/users/${sub}/todos/${reply.json.todoId}`);
    const read = await api.call({
      method: "GET",
      path: (reply.headers.location as string).slice(3),
      as: sub,
    });
    expect(read.status).toBe(200);
    expect(read.json).toEqual(reply.json);
  });

  it("percent-encodes a sub with URL-special characters in Location, and that Location reads the todo back", async () => {
    const sub = await newOwner(api, `auth0|${uniqueSub("oidc")}`);
    const created = await createTodo(api, sub);
    const reply = await getTodo(api, sub, created.todoId, encodeURIComponent(sub));
    expect(reply.status).toBe(200);
    const post = await postTodo(api, sub, { body: { title: "x" } }, "me");
    expect(post.headers.location).toBe(`/v1/users/${encodeURIComponent(sub)}/todos/${post.json.todoId}`);
  });

  it("stores every writable field as given, including a dueAt with an offset", async () => {
    const sub = await newOwner(api);
    const body = {
      title: "Call Ana",
      notes: "About the trip",
      done: true,
      dueAt: "2026-12-01T10:00:00+02:00",
    };
    const todo = await createTodo(api, sub, body);
    expect(todo).toMatchObject(body);
    const read = await getTodo(api, sub, todo.todoId);
    expect(read.json).toEqual(todo);
  });

  it("makes todo ids that sort in creation order", async () => {
    const sub = await newOwner(api);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await createTodo(api, sub, { title: `t${i}` })).todoId);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
  });

  it("refuses a todo for a user who has no profile with 404, creating nothing", async () => {
    const sub = uniqueSub("no-profile");
    const reply = await postTodo(api, sub, { body: { title: "Orphan" } }, "me");
    expectProblem(reply, 404);
    await newOwner(api, sub);
    expect(await listAll(api, sub)).toEqual([]);
  });

  it("refuses to create a todo on another user's path with 403, even for an admin", async () => {
    const alice = await newOwner(api);
    const bob = await newOwner(api);
    for (const scope of [undefined, admin]) {
      const reply = await api.call({
        method: "POST",
        path: `/users/${alice}/todos`,
        as: bob,
        ...(scope === undefined ? {} : { scope }),
        body: { title: "Not yours" },
      });
      expectProblem(reply, 403);
    }
    expect(await listAll(api, alice)).toEqual([]);
    expect(await listAll(api, bob)).toEqual([]);
  });

  it("answers a request without a token with the gateway's 401", async () => {
    const sub = await newOwner(api);
    const reply = await api.call({
      method: "POST",
      path: `/users/${sub}/todos`,
      body: { title: "Anonymous" },
    });
    expectGatewayError(reply, 401, "Unauthorized");
  });
});

describe("GET /users/{userId}/todos/{todoId}", () => {
  it("returns the todo with the ETag its create answered", async () => {
    const sub = await newOwner(api);
    const { todo, etag } = await createTodoWithTag(api, sub, fullTodo);
    const reply = await getTodo(api, sub, todo.todoId);
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(reply.headers.etag).toBe(etag);
    expect(reply.json).toEqual(todo);
    const viaMe = await getTodo(api, sub, todo.todoId, "me");
    expect(viaMe.json).toEqual(todo);
  });

  it.each([
    ["the current tag", (tag: string) => tag],
    // If-None-Match compares weakly (RFC 9110 §13.1.2).
    ["a weak tag of the current version", weak],
  ])("answers 304 with the ETag and no body when If-None-Match holds %s", async (_kind, header) => {
    const sub = await newOwner(api);
    const { todo, etag } = await createTodoWithTag(api, sub);
    const reply = await callTodo(api, sub, todo.todoId, "GET", {
      headers: { "if-none-match": header(etag) },
    });
    expect(reply.status).toBe(304);
    expect(reply.headers.etag).toBe(etag);
    expect(reply.text ?? "").toBe("");
  });

  it("answers 200 with the new todo when If-None-Match holds an old tag", async () => {
    const sub = await newOwner(api);
    const { todo, etag } = await createTodoWithTag(api, sub);
    const patched = await callTodo(api, sub, todo.todoId, "PATCH", { body: { done: true } });
    const reply = await callTodo(api, sub, todo.todoId, "GET", { headers: { "if-none-match": etag } });
    expect(reply.status).toBe(200);
    expect(newTagOf(reply, [etag])).toBe(tagOf(patched));
    expect(reply.json).toMatchObject({ done: true, version: 2 });
  });

  it("answers 404 for a todo that does not exist or an id that cannot exist", async () => {
    const sub = await newOwner(api);
    for (const todoId of ["0190a5b4-1111-7222-8333-444455556666", "not-a-todo-id"]) {
      expectProblem(await getTodo(api, sub, todoId), 404);
    }
  });

  it("never finds another user's todo under the caller's own path", async () => {
    const alice = await newOwner(api);
    const bob = await newOwner(api);
    const todo = await createTodo(api, alice);
    expectProblem(await getTodo(api, bob, todo.todoId), 404);
  });

  it("refuses another user with 403 but lets an admin read the todo", async () => {
    const alice = await newOwner(api);
    const bob = await newOwner(api);
    const todo = await createTodo(api, alice);
    const path = `/users/${alice}/todos/${todo.todoId}`;
    expectProblem(await api.call({ method: "GET", path, as: bob }), 403);
    const asAdmin = await api.call({ method: "GET", path, as: bob, scope: admin });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.json).toEqual(todo);
  });
});
