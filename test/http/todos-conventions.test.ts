/**
 * The general conventions of API.md as the todo routes apply them: JSON bodies, field rules,
 * no mass assignment and the gateway's own errors (DynamoDB call counts: todos.in-process.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { expectGatewayError } from "../support/problems.js";
import { useTestApi } from "../support/use-test-api.js";
import { callTodo, createTodo, getTodo, listAll, newOwner, postTodo } from "./todos-support.js";

const { api, expectProblem, expectFieldErrors } = useTestApi(app);

type WriteMethod = "POST" | "PUT" | "PATCH";

/** An owner, one todo, and a way to send a body to each write route. */
async function writer() {
  const sub = await newOwner(api);
  const todo = await createTodo(api, sub, { title: "Existing", notes: "keep me" });
  const send = (
    method: WriteMethod,
    body: unknown,
    extra: { isBase64Encoded?: boolean; headers?: Record<string, string> } = {},
  ) =>
    api.call({
      method,
      path: method === "POST" ? `/users/${sub}/todos` : `/users/${sub}/todos/${todo.todoId}`,
      as: sub,
      ...(body === undefined ? {} : { body }),
      ...extra,
    });
  /** Nothing was written: the todo is as created and no other todo exists. */
  const expectUnchanged = async () => {
    expect(await listAll(api, sub)).toEqual([todo]);
  };
  return { sub, todo, send, expectUnchanged };
}

const writeMethods: readonly WriteMethod[] = ["POST", "PUT", "PATCH"];

describe("request bodies on POST, PUT and PATCH", () => {
  describe.each(writeMethods)("%s", (method) => {
    it.each([
      ["not JSON", "{title: 'x'"],
      ["a JSON array", '[{"title":"x"}]'],
      ["a JSON string", '"title"'],
      ["a JSON number", "42"],
      ["JSON null", "null"],
      ["missing", undefined],
    ])("refuses a body that is %s with 400", async (_name, body) => {
      const { send, expectUnchanged } = await writer();
      // Declared as JSON, so it is the body that is refused (no Content-Type at all is a 415: conventions.test.ts).
      expectProblem(await send(method, body, { headers: { "content-type": "application/json" } }), 400);
      await expectUnchanged();
    });

    it.each(["todoId", "userId", "attachments", "createdAt", "updatedAt", "version"])(
      "refuses the read-only field %s with 400 naming it",
      async (field) => {
        const { send, expectUnchanged } = await writer();
        const value = field === "attachments" ? [] : field === "version" ? 7 : "2026-01-01T00:00:00Z";
        expectFieldErrors(await send(method, { title: "Mass assigned", [field]: value }), [field]);
        await expectUnchanged();
      },
    );

    it("names each storage and unknown field, one entry per field", async () => {
      const { send, expectUnchanged } = await writer();
      const reply = await send(method, {
        title: "Sneaky",
        PK: "USER#someone-else",
        SK: "TODO#x",
        GSI1PK: "TYPE#TODO",
        priority: "high",
        userId: "someone-else",
      });
      expectFieldErrors(reply, ["GSI1PK", "PK", "SK", "priority", "userId"]);
      await expectUnchanged();
    });

    it("refuses __proto__ and constructor as unknown fields instead of merging them", async () => {
      const { send, expectUnchanged } = await writer();
      const reply = await send(
        method,
        '{"title":"Polluted","__proto__":{"done":true},"constructor":{"prototype":{}}}',
      );
      expectFieldErrors(reply, ["__proto__", "constructor"]);
      await expectUnchanged();
    });

    it("names every invalid field at once, one entry per field", async () => {
      const { send, expectUnchanged } = await writer();
      const reply = await send(method, {
        title: "x".repeat(201),
        notes: "n".repeat(5001),
        done: "yes",
        dueAt: "tomorrow",
      });
      expectFieldErrors(reply, ["done", "dueAt", "notes", "title"]);
      await expectUnchanged();
    });

    it("reads a base64-encoded JSON body like a plain one", async () => {
      const { send } = await writer();
      const body = { title: "Encoded ✓", notes: "ünïcødé", done: true };
      const reply = await send(method, Buffer.from(JSON.stringify(body)).toString("base64"), {
        isBase64Encoded: true,
      });
      expect(reply.status, reply.text).toBe(method === "POST" ? 201 : 200);
      expect(reply.json).toMatchObject(body);
    });
  });

  it("ignores a body on GET and DELETE", async () => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub);
    const path = `/users/${sub}/todos/${todo.todoId}`;
    const read = await api.call({ method: "GET", path, as: sub, body: "not json at all" });
    expect(read.status).toBe(200);
    const listed = await api.call({ method: "GET", path: `/users/${sub}/todos`, as: sub, body: "[1,2]" });
    expect(listed.status).toBe(200);
    const removed = await api.call({ method: "DELETE", path, as: sub, body: "{oops" });
    expect(removed.status).toBe(204);
  });
});

describe("todo fields", () => {
  it.each([
    "2026-12-01T10:00:00Z",
    "2026-12-01T10:00:00+02:00",
    "2026-12-01T10:00:00-05:30",
    "2026-12-01T10:00:00.250Z",
  ])("accepts dueAt %s and returns it as given", async (dueAt) => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub, { title: "Due", dueAt });
    expect(todo.dueAt).toBe(dueAt);
    expect((await getTodo(api, sub, todo.todoId)).json.dueAt).toBe(dueAt);
  });

  it.each(["tomorrow", "2026-12-01", "2026-02-30T10:00:00Z", "2026-12-01T25:00:00Z", "", 1764583200000])(
    "refuses dueAt %j with 400 naming dueAt",
    async (dueAt) => {
      const sub = await newOwner(api);
      const reply = await postTodo(api, sub, { body: { title: "Due", dueAt } });
      expectFieldErrors(reply, ["dueAt"]);
      expect(await listAll(api, sub)).toEqual([]);
    },
  );

  it("accepts a title of 1 and of 200 characters, and refuses an empty or 201-character one", async () => {
    const sub = await newOwner(api);
    for (const title of ["x", "x".repeat(200), "é".repeat(200)]) {
      expect((await createTodo(api, sub, { title })).title).toBe(title);
    }
    for (const title of ["", "x".repeat(201)]) {
      const reply = await api.call({ method: "POST", path: `/users/${sub}/todos`, as: sub, body: { title } });
      expectFieldErrors(reply, ["title"]);
    }
  });

  it("requires a string title on create", async () => {
    const sub = await newOwner(api);
    for (const body of [{}, { title: null }, { title: 42 }, { notes: "no title" }]) {
      const reply = await api.call({ method: "POST", path: `/users/${sub}/todos`, as: sub, body });
      expectFieldErrors(reply, ["title"]);
    }
    expect(await listAll(api, sub)).toEqual([]);
  });

  it("accepts notes of 5000 characters and refuses 5001", async () => {
    const sub = await newOwner(api);
    expect((await createTodo(api, sub, { title: "Long", notes: "n".repeat(5000) })).notes).toHaveLength(5000);
    const reply = await postTodo(api, sub, { body: { title: "Too long", notes: "n".repeat(5001) } });
    expectFieldErrors(reply, ["notes"]);
  });

  it.each(["yes", "true", 1, 0])("refuses done %j in a patch with 400 naming done", async (done) => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub);
    const reply = await callTodo(api, sub, todo.todoId, "PATCH", { body: { done } });
    expectFieldErrors(reply, ["done"]);
    expect((await getTodo(api, sub, todo.todoId)).json).toEqual(todo);
  });

  it("puts done back to its default false when a patch sets it to null", async () => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub, { title: "Flag", done: true });
    const reply = await callTodo(api, sub, todo.todoId, "PATCH", { body: { done: null } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.done).toBe(false);
  });

  it('refuses done "yes" on create with 400 naming done', async () => {
    const sub = await newOwner(api);
    const reply = await postTodo(api, sub, { body: { title: "Flag", done: "yes" } });
    expectFieldErrors(reply, ["done"]);
  });

  it("round-trips any title of 1–200 characters exactly through POST then GET (property)", async () => {
    const sub = await newOwner(api);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", minLength: 1, maxLength: 200 }), async (title) => {
        const created = await postTodo(api, sub, { body: { title } });
        expect(created.status, created.text).toBe(201);
        expect(created.json.title).toBe(title);
        const read = await getTodo(api, sub, created.json.todoId);
        expect(read.json.title).toBe(title);
      }),
      { numRuns: 25 },
    );
  });
});

describe("gateway errors on the todo routes", () => {
  it.each([
    ["GET", "/users/{sub}/todos"],
    ["POST", "/users/{sub}/todos"],
    ["GET", "/users/{sub}/todos/{todoId}"],
    ["PUT", "/users/{sub}/todos/{todoId}"],
    ["PATCH", "/users/{sub}/todos/{todoId}"],
    ["DELETE", "/users/{sub}/todos/{todoId}"],
  ])("answers %s %s without a token with 401 in the gateway's form", async (method, template) => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub);
    const path = template.replace("{sub}", sub).replace("{todoId}", todo.todoId);
    const reply = await api.call({
      method,
      path,
      ...(method === "GET" || method === "DELETE" ? {} : { body: { title: "x" } }),
    });
    expectGatewayError(reply, 401, "Unauthorized");
    expect(await listAll(api, sub)).toEqual([todo]);
  });

  it.each([
    ["GET", "/users/me/todo"],
    ["GET", "/users/me/todos/abc/extra"],
    ["DELETE", "/users/me/todos"],
    ["PUT", "/users/me/todos"],
    ["POST", "/users/me/todos/abc"],
  ])("answers %s %s, which no route matches, with 404 in the gateway's form", async (method, path) => {
    expectGatewayError(await api.call({ method, path, as: "someone" }), 404, "Not Found");
  });
});
