/**
 * HTTP contract of `Idempotency-Key` on `POST /users/{userId}/todos` (API.md, Conventions):
 * at most one todo per (user, key) for 24 h, a retry replays the same 201, another body is a 422.
 */
import { randomUUID } from "node:crypto";
import { createStore, route } from "portico/runtime";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { localDynamoDbClient, type Reply } from "../support/api.js";
import { createEventV2 } from "../support/events.js";
import { useTestApi } from "../support/use-test-api.js";
import { listAll, newOwner, uniqueSub } from "./todos-support.js";

const { api, expectProblem, expectFieldErrors } = useTestApi(app);

function post(sub: string, key: string, body: unknown, path = `/users/${sub}/todos`): Promise<Reply> {
  return api.call({ method: "POST", path, as: sub, headers: { "idempotency-key": key }, body });
}

/** The parts of a 201 a replay must repeat. */
function response(reply: Reply) {
  return {
    status: reply.status,
    body: reply.json,
    location: reply.headers.location,
    etag: reply.headers.etag,
  };
}

describe("POST /users/{userId}/todos with Idempotency-Key", () => {
  it("replays the same 201 for a retry with the same key and body, and creates one todo", async () => {
    const sub = await newOwner(api);
    const key = randomUUID();
    const body = { title: "Pay rent", notes: "Before the 5th", dueAt: "2026-12-05T09:00:00Z" };
    const first = await post(sub, key, body);
    expect(first.status, first.text).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    const retry = await post(sub, key, body);
    expect(response(retry)).toEqual(response(first));
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(await listAll(api, sub)).toEqual([first.json]);
  });

  it("treats the same JSON body with its keys in another order as the same request", async () => {
    const sub = await newOwner(api);
    const key = randomUUID();
    const first = await post(sub, key, '{"title":"Plan trip","done":false,"notes":"Lisbon"}');
    const retry = await post(sub, key, '{ "notes": "Lisbon", "done": false, "title": "Plan trip" }');
    expect(first.status, first.text).toBe(201);
    expect(response(retry)).toEqual(response(first));
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(await listAll(api, sub)).toHaveLength(1);
  });

  it("treats a retry through me and through the caller's sub as the same request", async () => {
    const sub = await newOwner(api);
    const key = randomUUID();
    const first = await post(sub, key, { title: "Either path" }, "/users/me/todos");
    const retry = await post(sub, key, { title: "Either path" });
    expect(response(retry)).toEqual(response(first));
    expect(await listAll(api, sub)).toHaveLength(1);
  });

  it("refuses the same key with a different body with 422, creating nothing more", async () => {
    const sub = await newOwner(api);
    const key = randomUUID();
    const first = await post(sub, key, { title: "Original" });
    expect(first.status).toBe(201);
    expectProblem(await post(sub, key, { title: "Changed" }), 422);
    expectProblem(await post(sub, key, { title: "Original", done: true }), 422);
    expect(await listAll(api, sub)).toEqual([first.json]);
  });

  it("keeps one user's key independent of the same key used by another user", async () => {
    const alice = await newOwner(api);
    const bob = await newOwner(api);
    const key = randomUUID();
    const body = { title: "Same key, same body" };
    const fromAlice = await post(alice, key, body);
    const fromBob = await post(bob, key, body);
    expect(fromAlice.status).toBe(201);
    expect(fromBob.status).toBe(201);
    expect(fromBob.headers["idempotent-replayed"]).toBeUndefined();
    expect(fromBob.json.todoId).not.toBe(fromAlice.json.todoId);
    expect(fromBob.json.userId).toBe(bob);
    expect(await listAll(api, alice)).toEqual([fromAlice.json]);
    expect(await listAll(api, bob)).toEqual([fromBob.json]);
  });

  it("creates a todo per distinct key even with the same body", async () => {
    const sub = await newOwner(api);
    const first = await post(sub, randomUUID(), { title: "Twice on purpose" });
    const second = await post(sub, randomUUID(), { title: "Twice on purpose" });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.json.todoId).not.toBe(first.json.todoId);
    expect(await listAll(api, sub)).toHaveLength(2);
  });

  it("creates one todo when retries with the same key race", async () => {
    const sub = await newOwner(api);
    const key = randomUUID();
    const replies = await Promise.all(Array.from({ length: 4 }, () => post(sub, key, { title: "Racing" })));
    expect(replies.map((reply) => reply.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(replies.map((reply) => reply.json.todoId)).size).toBe(1);
    expect(await listAll(api, sub)).toHaveLength(1);
  });

  it("does not use up a key on a request that was refused as invalid", async () => {
    const sub = await newOwner(api);
    const key = randomUUID();
    expectFieldErrors(await post(sub, key, { title: "" }), ["title"]);
    const valid = await post(sub, key, { title: "Fixed" });
    expect(valid.status, valid.text).toBe(201);
    expect(valid.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("does not use up a key on a request refused because the owner has no profile yet", async () => {
    const sub = uniqueSub("late-profile");
    const key = randomUUID();
    expectProblem(await post(sub, key, { title: "Too early" }), 404);
    await newOwner(api, sub);
    const retry = await post(sub, key, { title: "Too early" });
    expect(retry.status, retry.text).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBeUndefined();
    expect(await listAll(api, sub)).toEqual([retry.json]);
  });

  it("accepts a key of 128 visible ASCII characters", async () => {
    const sub = await newOwner(api);
    const key = `${"k".repeat(100)}!~#$%&'*+-.^_|0123456789AZaz`;
    expect(key).toHaveLength(128);
    const reply = await post(sub, key, { title: "Long key" });
    expect(reply.status, reply.text).toBe(201);
    expect((await post(sub, key, { title: "Long key" })).json.todoId).toBe(reply.json.todoId);
  });

  it.each([
    ["that is empty", ""],
    ["of 129 characters", "k".repeat(129)],
    ["with a space", "my key"],
    ["with a tab", "my\tkey"],
    ["with a non-ASCII letter", "clé-1"],
    ["in Cyrillic", "ключ"],
  ])("refuses a key %s with 400 naming Idempotency-Key, creating nothing", async (_name, key) => {
    const sub = await newOwner(api);
    expectFieldErrors(await post(sub, key, { title: "Bad key" }), ["Idempotency-Key"]);
    expect(await listAll(api, sub)).toEqual([]);
  });

  it("refuses another user's path with 403 even with a key", async () => {
    const alice = await newOwner(api);
    const bob = await newOwner(api);
    const reply = await post(bob, randomUUID(), { title: "Not yours" }, `/users/${alice}/todos`);
    expectProblem(reply, 403);
    expect(await listAll(api, alice)).toEqual([]);
  });
});

describe("POST /users/{userId}/todos with an Idempotency-Key record past its 24 h expiry", () => {
  /** The create handler over the same table, with a clock `hours` ahead of now. */
  function createLater(hours: number) {
    const store = createStore({
      client: localDynamoDbClient(),
      tableName: api.tableName,
      cursorSecret: "test-cursor-secret-0123456789abcdef",
      now: () => new Date(Date.now() + hours * 3600e3),
    });
    const handler = route(app, "POST /users/{userId}/todos", { store });
    return async (sub: string, key: string, body: object) => {
      const result = await handler(
        createEventV2({
          method: "POST",
          path: `/users/${sub}/todos`,
          routeKey: "POST /users/{userId}/todos",
          pathParameters: { userId: sub },
          headers: { "content-type": "application/json", "idempotency-key": key },
          body: JSON.stringify(body),
          claims: { sub, iss: "https://issuer.test", aud: "swifty-planner" },
        }),
      );
      return { status: result.statusCode, headers: result.headers, json: JSON.parse(result.body ?? "null") };
    };
  }

  /** A create with a fresh key, then the same request `hours` later: the owner and both replies. */
  async function createThenRetryAfter(hours: number, body: object) {
    const sub = await newOwner(api);
    const key = randomUUID();
    const first = await post(sub, key, body);
    const retry = await createLater(hours)(sub, key, body);
    return { sub, first, retry };
  }

  it("still replays a retry 23 h later", async () => {
    const { first, retry } = await createThenRetryAfter(23, { title: "Within a day" });
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
  });

  it("creates a new todo for a retry 25 h later, as if the key were new", async () => {
    const { sub, first, retry } = await createThenRetryAfter(25, { title: "Next day" });
    expect(retry.status).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBeUndefined();
    expect(retry.json.todoId).not.toBe(first.json.todoId);
    expect((await listAll(api, sub)).map((todo) => todo.todoId).sort()).toEqual(
      [first.json.todoId, retry.json.todoId].sort(),
    );
  });

  it("accepts a different body for an expired key instead of answering 422", async () => {
    const sub = await newOwner(api);
    const key = randomUUID();
    expect((await post(sub, key, { title: "Old" })).status).toBe(201);
    const later = await createLater(25)(sub, key, { title: "New" });
    expect(later.status).toBe(201);
    expect(later.json.title).toBe("New");
  });
});
