/**
 * HTTP contract of `GET /users/{userId}/todos` (API.md, Conventions › Pages): newest first,
 * `limit` 1–100 (default 20), opaque cursors bound to the caller and the query, `?done=` filters.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import type { Reply } from "../support/api.js";
import { expectGatewayError } from "../support/problems.js";
import { useTestApi } from "../support/use-test-api.js";
import { createTodo, listAll, newOwner } from "./todos-support.js";

const { api, expectProblem, expectFieldErrors } = useTestApi(app);

function list(sub: string, query = "", as = sub, scope?: string): Promise<Reply> {
  return api.call({
    method: "GET",
    path: `/users/${sub}/todos${query === "" ? "" : `?${query}`}`,
    as,
    ...(scope === undefined ? {} : { scope }),
  });
}

/** An owner with `count` todos made one after another; their ids in creation order. */
async function ownerWithTodos(count: number, done: (index: number) => boolean = () => false) {
  const sub = await newOwner(api);
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await createTodo(api, sub, { title: `todo ${i}`, done: done(i) })).todoId);
  return { sub, ids };
}

/** A cursor the API issued to `sub` for `query`, for the cursor-binding tests. */
async function issuedCursor(sub: string, query = "limit=1", as = sub, scope?: string): Promise<string> {
  const reply = await list(sub, query, as, scope);
  expect(reply.status, reply.text).toBe(200);
  expect(reply.json.nextCursor).toEqual(expect.any(String));
  return reply.json.nextCursor as string;
}

const withCursor = (query: string, cursor: string) => `${query}&cursor=${encodeURIComponent(cursor)}`;

describe("GET /users/{userId}/todos", () => {
  it("answers a page of the owner's todos, newest first", async () => {
    const { sub, ids } = await ownerWithTodos(5);
    const reply = await list(sub);
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(Object.keys(reply.json).sort()).toEqual(["items", "nextCursor"]);
    expect(reply.json.items.map((todo: { todoId: string }) => todo.todoId)).toEqual([...ids].reverse());
    expect(reply.json.nextCursor).toBeNull();
    for (const todo of reply.json.items) {
      expect(Object.keys(todo).sort()).toEqual(
        [
          "attachments",
          "createdAt",
          "done",
          "dueAt",
          "title",
          "todoId",
          "updatedAt",
          "userId",
          "version",
        ].sort(),
      );
    }
  });

  it("answers an empty page for an owner without todos", async () => {
    const sub = await newOwner(api);
    const reply = await list(sub);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ items: [], nextCursor: null });
  });

  it("pages 20 todos by default", async () => {
    const sub = await newOwner(api);
    await Promise.all(Array.from({ length: 21 }, (_, i) => createTodo(api, sub, { title: `bulk ${i}` })));
    const first = await list(sub);
    expect(first.json.items).toHaveLength(20);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await list(sub, withCursor("", first.json.nextCursor));
    expect(second.status, second.text).toBe(200);
    expect(second.json.items).toHaveLength(1);
    expect(second.json.nextCursor).toBeNull();
  });

  it("accepts limit 1 and limit 100", async () => {
    const { sub } = await ownerWithTodos(2);
    const one = await list(sub, "limit=1");
    expect(one.status).toBe(200);
    expect(one.json.items).toHaveLength(1);
    const hundred = await list(sub, "limit=100");
    expect(hundred.status).toBe(200);
    expect(hundred.json.items).toHaveLength(2);
  });

  it.each(["0", "101", "-1", "1.5", "abc", "", "1e1", "20,30", "100000"])(
    "refuses limit=%j with 400 naming limit",
    async (limit) => {
      const sub = await newOwner(api);
      expectFieldErrors(await list(sub, `limit=${encodeURIComponent(limit)}`), ["limit"]);
    },
  );

  it("refuses any integer limit outside 1–100 (property)", async () => {
    const sub = await newOwner(api);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ max: 0 }),
          fc.integer({ min: 101 }),
          fc.bigInt({ min: 10n ** 15n, max: 10n ** 30n }),
        ),
        async (limit) => {
          expectFieldErrors(await list(sub, `limit=${limit}`), ["limit"]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("walks every todo exactly once through nextCursor with limit 2, then answers nextCursor null", async () => {
    const { sub, ids } = await ownerWithTodos(5);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const reply = await list(sub, cursor === null ? "limit=2" : withCursor("limit=2", cursor));
      expect(reply.status, reply.text).toBe(200);
      sizes.push(reply.json.items.length);
      seen.push(...reply.json.items.map((todo: { todoId: string }) => todo.todoId));
      cursor = reply.json.nextCursor;
    } while (cursor !== null && sizes.length < 10);
    expect(cursor).toBeNull();
    expect(seen).toEqual([...ids].reverse());
    expect(sizes).toEqual([2, 2, 1]);
  });

  it("filters on done=true and done=false", async () => {
    const { sub, ids } = await ownerWithTodos(5, (i) => i % 2 === 0);
    const done = await list(sub, "done=true");
    expect(done.status).toBe(200);
    expect(done.json.items.map((todo: { todoId: string }) => todo.todoId)).toEqual([ids[4], ids[2], ids[0]]);
    expect(done.json.items.every((todo: { done: boolean }) => todo.done)).toBe(true);
    const open = await list(sub, "done=false");
    expect(open.json.items.map((todo: { todoId: string }) => todo.todoId)).toEqual([ids[3], ids[1]]);
  });

  it("walks exactly the matching todos through the pages of a filtered listing", async () => {
    const { sub, ids } = await ownerWithTodos(6, (i) => i === 0 || i === 1 || i === 4);
    const items = await listAll(api, sub, "done=true&limit=2");
    expect(items.map((todo: { todoId: string }) => todo.todoId)).toEqual([ids[4], ids[1], ids[0]]);
  });

  it.each(["yes", "1", "TRUE", "", "null"])("refuses done=%j with 400 naming done", async (value) => {
    const sub = await newOwner(api);
    expectFieldErrors(await list(sub, `done=${encodeURIComponent(value)}`), ["done"]);
  });

  it("names limit and done together when both are wrong", async () => {
    const sub = await newOwner(api);
    expectFieldErrors(await list(sub, "limit=0&done=maybe"), ["done", "limit"]);
  });

  it("never lists another user's todos", async () => {
    const alice = await ownerWithTodos(3);
    const bob = await ownerWithTodos(2);
    const bobs = await listAll(api, bob.sub);
    expect(bobs.map((todo) => todo.todoId)).toEqual([...bob.ids].reverse());
    expect(bobs.every((todo) => todo.userId === bob.sub)).toBe(true);
    const alices = await listAll(api, alice.sub);
    expect(alices.map((todo) => todo.todoId)).toEqual([...alice.ids].reverse());
  });

  it("lists the caller's own todos through me", async () => {
    const { sub, ids } = await ownerWithTodos(2);
    const reply = await list("me", "", sub);
    expect(reply.status).toBe(200);
    expect(reply.json.items.map((todo: { todoId: string }) => todo.todoId)).toEqual([...ids].reverse());
  });

  it("refuses another user with 403 but lets an admin list the todos", async () => {
    const alice = await ownerWithTodos(2);
    const bob = await newOwner(api);
    expectProblem(await list(alice.sub, "", bob), 403);
    const asAdmin = await list(alice.sub, "", bob, "planner/admin");
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.json.items.map((todo: { todoId: string }) => todo.todoId)).toEqual(
      [...alice.ids].reverse(),
    );
  });

  it("answers a request without a token with the gateway's 401", async () => {
    const sub = await newOwner(api);
    expectGatewayError(await api.call({ method: "GET", path: `/users/${sub}/todos` }), 401, "Unauthorized");
  });
});

describe("GET /users/{userId}/todos cursors", () => {
  it.each([
    ["a random string", () => randomBytes(24).toString("base64url")],
    [
      "two random parts",
      () => `${randomBytes(30).toString("base64url")}.${randomBytes(32).toString("base64url")}`,
    ],
    ["not base64 at all", () => "!!not a cursor!!"],
    ["three parts", () => "a.b.c"],
  ])("refuses a forged cursor (%s) with 400 naming cursor", async (_name, forge) => {
    const { sub } = await ownerWithTodos(1);
    expectFieldErrors(await list(sub, withCursor("limit=1", forge())), ["cursor"]);
  });

  it("refuses a forged cursor that names the caller's own partition but is unsigned", async () => {
    const { sub, ids } = await ownerWithTodos(3);
    const key = Buffer.from(JSON.stringify({ PK: `USER#${sub}`, SK: `TODO#${ids[2]}` })).toString(
      "base64url",
    );
    const cursor = `${key}.${randomBytes(32).toString("base64url")}`;
    expectFieldErrors(await list(sub, withCursor("limit=1", cursor)), ["cursor"]);
  });

  it("refuses a cursor with any single character altered", async () => {
    const { sub } = await ownerWithTodos(3);
    const cursor = await issuedCursor(sub, "limit=1");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const accepted: number[] = [];
    for (let index = 0; index < cursor.length; index++) {
      const at = alphabet.indexOf(cursor[index] as string);
      // The neighbouring symbol (index XOR 1) differs in the lowest bit only.
      const replacement = at === -1 ? "A" : (alphabet[at ^ 1] as string);
      const altered = `${cursor.slice(0, index)}${replacement}${cursor.slice(index + 1)}`;
      const reply = await list(sub, withCursor("limit=1", altered));
      if (reply.status !== 400) accepted.push(index);
      else expectFieldErrors(reply, ["cursor"]);
    }
    expect(accepted, `altered positions accepted of ${cursor.length}`).toEqual([]);
  });

  it("refuses another user's cursor with 400, on either user's listing", async () => {
    const alice = await ownerWithTodos(3);
    const bob = await ownerWithTodos(3);
    const bobsCursor = await issuedCursor(bob.sub);
    expectFieldErrors(await list(alice.sub, withCursor("limit=1", bobsCursor)), ["cursor"]);
    // An admin reading bob's todos cannot continue with a cursor issued to bob either.
    const reply = await list(bob.sub, withCursor("limit=1", bobsCursor), alice.sub, "planner/admin");
    expectFieldErrors(reply, ["cursor"]);
  });

  it("refuses a cursor issued to an admin when the owner replays it", async () => {
    const alice = await ownerWithTodos(3);
    const admin = await newOwner(api);
    const cursor = await issuedCursor(alice.sub, "limit=1", admin, "planner/admin");
    expectFieldErrors(await list(alice.sub, withCursor("limit=1", cursor)), ["cursor"]);
  });

  it("refuses a cursor reused with a different done filter", async () => {
    const { sub } = await ownerWithTodos(4, () => true);
    const cursor = await issuedCursor(sub, "limit=1&done=true");
    expectFieldErrors(await list(sub, withCursor("limit=1&done=false", cursor)), ["cursor"]);
    expectFieldErrors(await list(sub, withCursor("limit=1", cursor)), ["cursor"]);
    const unfiltered = await issuedCursor(sub, "limit=1");
    expectFieldErrors(await list(sub, withCursor("limit=1&done=true", unfiltered)), ["cursor"]);
  });

  it("continues with a cursor when only the limit changes", async () => {
    const { sub, ids } = await ownerWithTodos(4);
    const cursor = await issuedCursor(sub, "limit=1");
    const reply = await list(sub, withCursor("limit=3", cursor));
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.items.map((todo: { todoId: string }) => todo.todoId)).toEqual([ids[2], ids[1], ids[0]]);
  });
});
