/**
 * HTTP contract of `GET /users` (API.md, Users and Pages): admin only, newest first, `limit`, and
 * opaque cursors bound to the caller and the query. The table holds exactly the users made here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { expectGatewayError } from "../support/problems.js";
import { useTestApi } from "../support/use-test-api.js";
import { postTodo } from "./todos-support.js";
import { admin, createUser, expectJson, expectUserShape, unique } from "./users-helpers.js";

const { api, skipped, expectProblem, expectFieldErrors } = useTestApi(app);
/** Ids of the users in the table, oldest first. */
const created: string[] = [];

beforeAll(async () => {
  if (skipped) return;
  let lastCreatedAt = "";
  for (let n = 0; n < 25; n++) {
    const { sub, user } = await createUser(api);
    // Distinct createdAt values, so "newest first" has one right answer.
    expect(user.createdAt).not.toBe(lastCreatedAt);
    lastCreatedAt = user.createdAt as string;
    created.push(sub);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
});

const list = (as: string, query = "") =>
  api.call({ method: "GET", path: `/users${query}`, as, scope: admin });

/** Walks every page with `limit`, as `as`; returns the user ids in order and the number of pages. */
async function walk(as: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const query: string = `?limit=${limit}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
    const reply = await list(as, query);
    expectJson(reply, 200);
    pages += 1;
    expect(reply.json.items.length).toBeLessThanOrEqual(limit);
    ids.push(...reply.json.items.map((item: Record<string, unknown>) => item.userId));
    cursor = reply.json.nextCursor;
    expect(pages).toBeLessThan(50);
  } while (cursor !== null);
  return { ids, pages };
}

/** A cursor issued to `as` for the first page of `limit` users. */
async function cursorFor(as: string, limit = 3): Promise<string> {
  const reply = await list(as, `?limit=${limit}`);
  expectJson(reply, 200);
  expect(typeof reply.json.nextCursor).toBe("string");
  return reply.json.nextCursor;
}

/** `text` with the character at `index` replaced by a different base64url character. */
function alterAt(text: string, index: number): string {
  const replacement = text[index] === "A" ? "B" : "A";
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}

describe("GET /users", () => {
  it("is refused by the gateway with 403 in its own form without the admin scope", async () => {
    for (const scope of [undefined, "planner/read", "openid profile"]) {
      const reply = await api.call({
        method: "GET",
        path: "/users",
        as: unique("user"),
        ...(scope === undefined ? {} : { scope }),
      });
      expect(reply.status).toBe(403);
      expect(reply.headers["content-type"]).not.toBe("application/problem+json");
      expect(reply.json).toEqual({ message: "Forbidden" });
    }
  });

  it("is refused by the gateway with 401 in its own form without a token", async () => {
    expectGatewayError(await api.call({ method: "GET", path: "/users" }), 401, "Unauthorized");
  });

  it("answers an admin a page of 20 users by default, in the public shape", async () => {
    const reply = await list(unique("root"));
    expectJson(reply, 200);
    expect(Object.keys(reply.json).sort()).toEqual(["items", "nextCursor"]);
    expect(reply.json.items).toHaveLength(20);
    expect(typeof reply.json.nextCursor).toBe("string");
    for (const item of reply.json.items) expectUserShape(item);
  });

  it("lists users newest first", async () => {
    const reply = await list(unique("root"), "?limit=100");
    expectJson(reply, 200);
    expect(reply.json.items.map((item: Record<string, unknown>) => item.userId)).toEqual(
      [...created].reverse(),
    );
    expect(reply.json.nextCursor).toBeNull();
  });

  it("accepts limit 1 and limit 100", async () => {
    const one = await list(unique("root"), "?limit=1");
    expectJson(one, 200);
    expect(one.json.items).toHaveLength(1);
    expect(one.json.items[0].userId).toBe(created.at(-1));
    const hundred = await list(unique("root"), "?limit=100");
    expectJson(hundred, 200);
    expect(hundred.json.items).toHaveLength(created.length);
  });

  it.each(["0", "101", "abc", "-1", "1.5", "", "1e1", "20&limit=30"])(
    "refuses limit=%s with a 400 naming limit",
    async (limit) => {
      expectFieldErrors(await list(unique("root"), `?limit=${limit}`), ["limit"]);
    },
  );

  it("walks every user exactly once through nextCursor", async () => {
    const root = unique("root");
    for (const limit of [1, 3, 7, 25]) {
      const { ids, pages } = await walk(root, limit);
      expect(ids).toEqual([...created].reverse());
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(created.length / limit));
    }
  });

  it("refuses an altered cursor with a 400 problem", async () => {
    const root = unique("root");
    const cursor = await cursorFor(root);
    const variants = [
      alterAt(cursor, 0),
      alterAt(
        cursor,
        Math.floor(cursor.length / 2) + (cursor[Math.floor(cursor.length / 2)] === "." ? 1 : 0),
      ),
      cursor.slice(0, -2),
      cursor.slice(2),
      `${cursor}.x`,
      `${cursor}AA`,
    ];
    for (const variant of variants) {
      expect(variant).not.toBe(cursor);
      const reply = await list(root, `?limit=3&cursor=${encodeURIComponent(variant)}`);
      expectFieldErrors(reply, ["cursor"]);
    }
  });

  it("refuses a forged cursor with a 400 problem", async () => {
    const root = unique("root");
    const key = Buffer.from(
      JSON.stringify({ PK: `USER#${created[0]}`, SK: "PROFILE", GSI1PK: "TYPE#USER", GSI1SK: "9999" }),
    ).toString("base64url");
    for (const forged of [
      `${key}.${"A".repeat(43)}`,
      key,
      "",
      "null",
      "not-a-cursor",
      Buffer.from("{}").toString("base64url"),
    ]) {
      const reply = await list(root, `?limit=3&cursor=${encodeURIComponent(forged)}`);
      expectProblem(reply, 400);
    }
  });

  it("refuses a cursor that was issued to another admin with a 400 problem", async () => {
    const cursor = await cursorFor(unique("root"));
    expectFieldErrors(await list(unique("root"), `?limit=3&cursor=${encodeURIComponent(cursor)}`), [
      "cursor",
    ]);
  });

  it("refuses a cursor issued for another query with a 400 problem", async () => {
    const { sub } = await createUser(api);
    created.push(sub);
    for (let n = 0; n < 2; n++) {
      const todo = await postTodo(api, sub, { body: { title: `t${n}` } }, "me");
      expect(todo.status, todo.text).toBe(201);
    }
    const todos = await api.call({
      method: "GET",
      path: `/users/${sub}/todos?limit=1`,
      as: sub,
      scope: admin,
    });
    expectJson(todos, 200);
    const cursor = todos.json.nextCursor as string;
    expect(typeof cursor).toBe("string");
    expectProblem(await list(sub, `?limit=1&cursor=${encodeURIComponent(cursor)}`), 400);
  });
});
