/**
 * One DynamoDB request per plain CRUD request on the todo routes, counted in process (the SDK's
 * calls are only visible beside the handlers, so the e2e project leaves this file out).
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import type { TestApi } from "../support/api.js";
import { tagOf } from "../support/etags.js";
import { checkFieldErrors } from "../support/problems.js";
import { useTestApi } from "../support/use-test-api.js";
import { createTodo, newOwner, postTodo } from "./todos-support.js";

const { api } = useTestApi(app);

describe("DynamoDB requests per todo request", () => {
  it("sends exactly one request for each plain CRUD call", async () => {
    const sub = await newOwner(api);
    const todo = await createTodo(api, sub);
    const path = `/users/${sub}/todos/${todo.todoId}`;
    const calls: Record<string, string[]> = {};
    const count = async (name: string, call: Parameters<TestApi["call"]>[0], status: number) => {
      api.sdkCalls.length = 0;
      const reply = await api.call(call);
      expect(reply.status, `${name}: ${reply.text}`).toBe(status);
      calls[name] = [...api.sdkCalls];
      return reply;
    };
    await count(
      "POST",
      { method: "POST", path: `/users/${sub}/todos`, as: sub, body: { title: "Counted" } },
      201,
    );
    await count("GET", { method: "GET", path, as: sub }, 200);
    await count("list", { method: "GET", path: `/users/${sub}/todos?limit=1`, as: sub }, 200);
    await count("filtered list", { method: "GET", path: `/users/${sub}/todos?done=false`, as: sub }, 200);
    await count("PUT", { method: "PUT", path, as: sub, body: { title: "Replaced" } }, 200);
    const patched = await count("PATCH", { method: "PATCH", path, as: sub, body: { done: true } }, 200);
    await count(
      "PATCH with If-Match",
      { method: "PATCH", path, as: sub, headers: { "if-match": tagOf(patched) }, body: { done: false } },
      200,
    );
    await count("DELETE", { method: "DELETE", path, as: sub }, 204);
    expect(calls).toEqual({
      POST: ["TransactWriteItemsCommand"],
      GET: ["GetItemCommand"],
      list: ["QueryCommand"],
      "filtered list": ["QueryCommand"],
      PUT: ["UpdateItemCommand"],
      PATCH: ["UpdateItemCommand"],
      "PATCH with If-Match": ["UpdateItemCommand"],
      DELETE: ["DeleteItemCommand"],
    });
  });

  it("sends exactly one request to follow a cursor", async () => {
    const sub = await newOwner(api);
    await createTodo(api, sub);
    await createTodo(api, sub);
    const first = await api.call({ method: "GET", path: `/users/${sub}/todos?limit=1`, as: sub });
    api.sdkCalls.length = 0;
    const next = await api.call({
      method: "GET",
      path: `/users/${sub}/todos?limit=1&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      as: sub,
    });
    expect(next.status).toBe(200);
    expect(api.sdkCalls).toEqual(["QueryCommand"]);
  });

  it("sends no request for a body it refuses", async () => {
    const sub = await newOwner(api);
    api.sdkCalls.length = 0;
    const reply = await postTodo(api, sub, { body: { title: "" } });
    checkFieldErrors(reply, ["title"], api.tableName);
    expect(api.sdkCalls).toEqual([]);
  });

  it("sends exactly one DynamoDB request for a first create with a key", async () => {
    const sub = await newOwner(api);
    api.sdkCalls.length = 0;
    const reply = await postTodo(api, sub, {
      headers: { "idempotency-key": randomUUID() },
      body: { title: "Counted" },
    });
    expect(reply.status).toBe(201);
    expect(api.sdkCalls).toEqual(["TransactWriteItemsCommand"]);
  });
});
