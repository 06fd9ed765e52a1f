/**
 * HTTP contract of changing one todo (API.md, Routes and Conventions › Concurrency): full replace,
 * JSON Merge Patch and delete, owner only, with If-Match preconditions and atomic patches.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import type { Reply } from "../support/api.js";
import { newTagOf, tagOf, weak } from "../support/etags.js";
import { isoUtc } from "../support/problems.js";
import { useTestApi } from "../support/use-test-api.js";
import {
  callTodo,
  createTodo,
  createTodoWithTag,
  fullTodo,
  getTodo,
  listAll,
  newOwner,
} from "./todos-support.js";
import { admin } from "./users-helpers.js";

const { api, expectProblem, expectFieldErrors } = useTestApi(app);

/** The three writes to one todo, each with a body it accepts. */
const methods = ["PUT", "PATCH", "DELETE"] as const;
const bodies = { PUT: { title: "Replaced" }, PATCH: { done: true }, DELETE: undefined } as const;

describe("PUT /users/{userId}/todos/{todoId}", () => {
  it("replaces the whole todo: omitted notes removed, omitted done back to false, omitted dueAt null", async () => {
    const sub = await newOwner(api);
    const { todo, etag } = await createTodoWithTag(api, sub, fullTodo);
    const reply = await callTodo(api, sub, todo.todoId, "PUT", { body: { title: "Rewritten" } });
    expect(reply.status, reply.text).toBe(200);
    expect(newTagOf(reply, [etag])).toBe(tagOf(await getTodo(api, sub, todo.todoId)));
    expect(reply.json).toEqual({
      todoId: todo.todoId,
      userId: sub,
      title: "Rewritten",
      done: false,
      dueAt: null,
      attachments: [],
      createdAt: todo.createdAt,
      updatedAt: expect.stringMatching(isoUtc),
      version: 2,
    });
    expect(reply.json.updatedAt >= todo.updatedAt).toBe(true);
    expect((await getTodo(api, sub, todo.todoId)).json).toEqual(reply.json);
  });

  it("removes dueAt when the replacement sets it to null", async () => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub, fullTodo);
    const reply = await callTodo(api, sub, todo.todoId, "PUT", { body: { ...fullTodo, dueAt: null } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({
      title: fullTodo.title,
      notes: fullTodo.notes,
      done: true,
      dueAt: null,
    });
  });

  it("requires title, as a create does", async () => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub);
    const reply = await callTodo(api, sub, todo.todoId, "PUT", { body: { notes: "no title" } });
    expectFieldErrors(reply, ["title"]);
    expect((await getTodo(api, sub, todo.todoId)).json).toEqual(todo);
  });

  it("applies the replacement when If-Match holds the current tag", async () => {
    const sub = await newOwner(api);
    const { todo, etag } = await createTodoWithTag(api, sub);
    const reply = await callTodo(api, sub, todo.todoId, "PUT", {
      headers: { "if-match": etag },
      body: { title: "Checked" },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(newTagOf(reply, [etag])).toBe(tagOf(await getTodo(api, sub, todo.todoId)));
    expect(reply.json).toMatchObject({ title: "Checked", version: 2 });
  });
});

describe("PATCH /users/{userId}/todos/{todoId}", () => {
  it('changes only done for {"done": true}', async () => {
    const sub = await newOwner(api);
    const { todo, etag } = await createTodoWithTag(api, sub, { ...fullTodo, done: false });
    const reply = await callTodo(api, sub, todo.todoId, "PATCH", { body: { done: true } });
    expect(reply.status, reply.text).toBe(200);
    expect(newTagOf(reply, [etag])).toBe(tagOf(await getTodo(api, sub, todo.todoId)));
    expect(reply.json).toEqual({
      ...todo,
      done: true,
      version: 2,
      updatedAt: expect.stringMatching(isoUtc),
    });
    expect((await getTodo(api, sub, todo.todoId)).json).toEqual(reply.json);
  });

  it("removes notes and dueAt when the patch sets them to null", async () => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub, fullTodo);
    const reply = await callTodo(api, sub, todo.todoId, "PATCH", { body: { notes: null, dueAt: null } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).not.toHaveProperty("notes");
    expect(reply.json).toMatchObject({ title: fullTodo.title, done: true, dueAt: null, version: 2 });
  });

  it("answers an empty patch with the unchanged todo and its ETag", async () => {
    const sub = await newOwner(api);
    const { todo, etag } = await createTodoWithTag(api, sub, fullTodo);
    const reply = await callTodo(api, sub, todo.todoId, "PATCH", { body: {} });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.headers.etag).toBe(etag);
    expect(reply.json).toEqual(todo);
  });

  it("refuses null for title with 400 naming title, changing nothing", async () => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub);
    const reply = await callTodo(api, sub, todo.todoId, "PATCH", { body: { title: null } });
    expectFieldErrors(reply, ["title"]);
    expect((await getTodo(api, sub, todo.todoId)).json).toEqual(todo);
  });

  it("lets exactly one of two concurrent patches carrying the same If-Match land", async () => {
    const sub = await newOwner(api);
    const { todo, etag } = await createTodoWithTag(api, sub);
    const replies = await Promise.all(
      ["from phone", "from laptop"].map((notes) =>
        callTodo(api, sub, todo.todoId, "PATCH", { headers: { "if-match": etag }, body: { notes } }),
      ),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 412]);
    const winner = replies.find((reply) => reply.status === 200) as Reply;
    const loser = replies.find((reply) => reply.status === 412) as Reply;
    expectProblem(loser, 412);
    expect(loser.headers.etag).toBe(newTagOf(winner, [etag]));
    expect((await getTodo(api, sub, todo.todoId)).json).toEqual(winner.json);
    expect(winner.json.version).toBe(2);
  });

  it("keeps both of two concurrent patches to different fields, one version each", async () => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub);
    const replies = await Promise.all([
      callTodo(api, sub, todo.todoId, "PATCH", { body: { notes: "from phone" } }),
      callTodo(api, sub, todo.todoId, "PATCH", { body: { done: true } }),
    ]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    expect(replies.map((reply) => reply.json.version).sort()).toEqual([2, 3]);
    const final = (await getTodo(api, sub, todo.todoId)).json;
    expect(final).toMatchObject({ title: todo.title, notes: "from phone", done: true, version: 3 });
  });
});

describe("DELETE /users/{userId}/todos/{todoId}", () => {
  it("answers 204, after which the todo reads as 404 and a second delete is 404", async () => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub);
    const reply = await callTodo(api, sub, todo.todoId, "DELETE");
    expect(reply.status).toBe(204);
    expect(reply.text ?? "").toBe("");
    expectProblem(await getTodo(api, sub, todo.todoId), 404);
    expectProblem(await callTodo(api, sub, todo.todoId, "DELETE"), 404);
    expect(await listAll(api, sub)).toEqual([]);
  });

  it("deletes when If-Match holds the current tag", async () => {
    const sub = await newOwner(api);
    const { todo, etag } = await createTodoWithTag(api, sub);
    const reply = await callTodo(api, sub, todo.todoId, "DELETE", { headers: { "if-match": etag } });
    expect(reply.status).toBe(204);
    expectProblem(await getTodo(api, sub, todo.todoId), 404);
  });

  it("deletes only the named todo, leaving the owner's others", async () => {
    const sub = await newOwner(api);
    const keep = await createTodo(api, sub, { title: "keep" });
    const drop = await createTodo(api, sub, { title: "drop" });
    const reply = await callTodo(api, sub, drop.todoId, "DELETE");
    expect(reply.status).toBe(204);
    expect(await listAll(api, sub)).toEqual([keep]);
  });
});

describe.each(methods)("%s /users/{userId}/todos/{todoId}, like every write to a todo", (method) => {
  const body = bodies[method];
  const write = (as: string, path: string, headers: Record<string, string> = {}, scope?: string) =>
    api.call({
      method,
      path,
      as,
      headers,
      ...(scope === undefined ? {} : { scope }),
      ...(body === undefined ? {} : { body }),
    });

  it("rejects a stale If-Match with 412 and the current ETag, changing nothing", async () => {
    const sub = await newOwner(api);
    const { todo, etag } = await createTodoWithTag(api, sub);
    const path = `/users/${sub}/todos/${todo.todoId}`;
    const first = await callTodo(api, sub, todo.todoId, "PATCH", {
      headers: { "if-match": etag },
      body: { notes: "a" },
    });
    expect(first.status, first.text).toBe(200);
    const stale = await write(sub, path, { "if-match": etag });
    expectProblem(stale, 412);
    expect(stale.headers.etag).toBe(newTagOf(first, [etag]));
    expect((await getTodo(api, sub, todo.todoId)).json).toEqual(first.json);
  });

  it("answers 404 for a todo that does not exist", async () => {
    const sub = await newOwner(api);
    expectProblem(await write(sub, `/users/${sub}/todos/0190a5b4-1111-7222-8333-444455556666`), 404);
    expect(await listAll(api, sub)).toEqual([]);
  });

  it("refuses another user with 403, even an admin, leaving the todo unchanged", async () => {
    const alice = await newOwner(api);
    const bob = await newOwner(api);
    const todo = await createTodo(api, alice);
    for (const scope of [undefined, admin]) {
      expectProblem(await write(bob, `/users/${alice}/todos/${todo.todoId}`, {}, scope), 403);
    }
    expect((await getTodo(api, alice, todo.todoId)).json).toEqual(todo);
  });
});

describe("If-Match tags that match no revision, on PUT, PATCH and DELETE", () => {
  // If-Match compares strongly (RFC 9110 §13.1.1): a weak or malformed tag matches nothing.
  const forms = [
    ["the current tag made weak", weak],
    ["the current tag unquoted", (tag: string) => tag.slice(1, -1)],
    ["not-a-tag", () => "not-a-tag"],
  ] as const;
  it.each(methods.flatMap((method) => forms.map(([kind, header]) => [method, kind, header] as const)))(
    "answers %s with If-Match %s with 412, changing nothing",
    async (method, _kind, header) => {
      const sub = await newOwner(api);
      const { todo, etag } = await createTodoWithTag(api, sub);
      const body = bodies[method];
      const reply = await callTodo(api, sub, todo.todoId, method, {
        headers: { "if-match": header(etag) },
        ...(body === undefined ? {} : { body }),
      });
      expectProblem(reply, 412);
      expect(reply.headers.etag).toBe(etag);
      expect((await getTodo(api, sub, todo.todoId)).json).toEqual(todo);
    },
  );
});
