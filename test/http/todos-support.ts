/**
 * Shared pieces of the todos HTTP contract suites (API.md): owners with a profile, todo creation,
 * and the checks every problem answer must pass (RFC 9457 shape, nothing internal leaked).
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { Call, Reply, TestApi } from "../support/api.js";
import { tagOf } from "../support/etags.js";

/** UUIDv7 (RFC 9562): version nibble 7, variant 10xx. */
export const uuidv7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A parsed JSON answer, read freely by assertions (as `Reply.json`). */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
export type Json = any;

/** A todo body with every writable field set. */
export const fullTodo = {
  title: "Write report",
  notes: "Section 2 first",
  done: true,
  dueAt: "2026-12-01T10:00:00Z",
};

let counter = 0;

/** A `sub` no other test uses. */
export function uniqueSub(label = "user"): string {
  counter += 1;
  return `${label}-${counter}-${randomBytes(4).toString("hex")}`;
}

/** A token `sub` whose profile exists, so it can own todos. */
export async function newOwner(api: TestApi, sub = uniqueSub()): Promise<string> {
  counter += 1;
  const username = `u${counter}_${randomBytes(5).toString("hex")}`;
  const reply = await api.call({
    method: "POST",
    path: "/users",
    as: sub,
    body: { username, firstName: "Test", lastName: "Owner", email: `${username}@example.com` },
  });
  expect(reply.status, reply.text).toBe(201);
  return sub;
}

/** `POST /users/{sub}/todos` that must succeed; the created item and its ETag. */
export async function createTodoWithTag(
  api: TestApi,
  sub: string,
  body: object = { title: "Buy milk" },
): Promise<{ todo: Json; etag: string }> {
  const reply = await postTodo(api, sub, { body });
  expect(reply.status, reply.text).toBe(201);
  return { todo: reply.json, etag: tagOf(reply) };
}

/** `POST /users/{sub}/todos` that must succeed; the created item. */
export async function createTodo(api: TestApi, sub: string, body?: object): Promise<Json> {
  return (await createTodoWithTag(api, sub, body)).todo;
}

/** `method` on one todo as its owner (`/users/{sub}/todos/{todoId}`), with the body and headers given. */
export function callTodo(
  api: TestApi,
  sub: string,
  todoId: string,
  method: string,
  request: Pick<Call, "body" | "headers"> = {},
): Promise<Reply> {
  return api.call({ method, path: `/users/${sub}/todos/${todoId}`, as: sub, ...request });
}

/**
 * `POST /users/{sub}/todos` as its owner, with the body and headers given; the reply, whatever it is.
 * `pathUser` is what the path names (`me`, an encoded sub).
 */
export function postTodo(
  api: TestApi,
  sub: string,
  request: Pick<Call, "body" | "headers"> = {},
  pathUser = sub,
): Promise<Reply> {
  return api.call({ method: "POST", path: `/users/${pathUser}/todos`, as: sub, ...request });
}

/** `GET` of one todo as its owner; `pathUser` is what the path names (`me`, an encoded sub). */
export function getTodo(api: TestApi, sub: string, todoId: string, pathUser = sub): Promise<Reply> {
  return api.call({ method: "GET", path: `/users/${pathUser}/todos/${todoId}`, as: sub });
}

/** Every item of a listing, walking `nextCursor` to the end. */
export async function listAll(api: TestApi, sub: string, query = "limit=100"): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const reply = await api.call({ method: "GET", path: `/users/${sub}/todos?${query}${suffix}`, as: sub });
    expect(reply.status, reply.text).toBe(200);
    items.push(...reply.json.items);
    cursor = reply.json.nextCursor;
  } while (cursor !== null);
  return items;
}
