/**
 * Shared pieces of the todos HTTP contract suites (API.md): owners with a profile, todo creation,
 * and the checks every problem answer must pass (RFC 9457 shape, nothing internal leaked).
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { Reply, TestApi } from "../support/api.js";

/** UUIDv7 (RFC 9562): version nibble 7, variant 10xx. */
export const uuidv7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** ISO 8601 UTC as `Date#toISOString` writes it. */
export const isoUtcPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** A parsed JSON answer, read freely by assertions (as `Reply.json`). */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
export type Json = any;

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

/** `POST /users/{sub}/todos` that must succeed; the created item. */
export async function createTodo(
  api: TestApi,
  sub: string,
  body: object = { title: "Buy milk" },
): Promise<Json> {
  const reply = await api.call({ method: "POST", path: `/users/${sub}/todos`, as: sub, body });
  expect(reply.status, reply.text).toBe(201);
  return reply.json;
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

/** AWS error names a problem must never carry (the store's failures stay inside the function). */
const awsErrorNames =
  /ConditionalCheckFailed|TransactionCanceled|TransactionConflict|ValidationException|ResourceNotFound|ProvisionedThroughput|ThrottlingException|[A-Za-z]+Exception\b|DynamoDB|\$metadata|\$fault/;
/** A V8 stack frame: `at fn (file.ts:12:3)` or a bare `file.ts:12:3`. */
const stackFrame = /\bat .*\(.*:\d+:\d+\)|\.[cm]?[jt]s:\d+:\d+|\n\s+at /;

/**
 * Checks an RFC 9457 problem answer: status, `application/problem+json`, exactly
 * `{type,title,status,detail}` (plus `errors` for validation), a `urn:portico:problem:` type, and no
 * stack trace, AWS error name or table name anywhere in it. Returns the problem body.
 */
export function checkProblem(reply: Reply, status: number, tableName: string): Json {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers["content-type"]).toMatch(/^application\/problem\+json\b/);
  const body = reply.json;
  expect(body).toEqual(expect.any(Object));
  const keys = Object.keys(body).sort();
  const allowed = ["detail", "errors", "status", "title", "type"];
  expect(
    keys.every((key) => allowed.includes(key)),
    `unexpected keys ${keys.join(",")}`,
  ).toBe(true);
  expect(body.type).toMatch(/^urn:portico:problem:[a-z0-9-]+$/);
  expect(body.title).toEqual(expect.any(String));
  expect(body.title).not.toBe("");
  expect(body.status).toBe(status);
  expect(body.detail).toEqual(expect.any(String));
  if ("errors" in body) {
    expect(Array.isArray(body.errors)).toBe(true);
    for (const error of body.errors) {
      expect(Object.keys(error).sort()).toEqual(["message", "path"]);
      expect(error.path).toEqual(expect.any(String));
      expect(error.message).toEqual(expect.any(String));
    }
  }
  const text = reply.text ?? "";
  expect(text).not.toMatch(awsErrorNames);
  expect(text).not.toMatch(stackFrame);
  expect(text).not.toContain(tableName);
  return body;
}

/**
 * A 400 validation problem naming exactly `paths`, one entry per offending field.
 * Returns the problem body.
 */
export function checkFieldErrors(reply: Reply, paths: readonly string[], tableName: string): Json {
  const problem = checkProblem(reply, 400, tableName);
  expect(problem.errors, reply.text).toEqual(expect.any(Array));
  const got = (problem.errors as { path: string }[]).map((error) => error.path).sort();
  expect(got).toEqual([...paths].sort());
  return problem;
}

/** API Gateway's own error form (not a problem): exactly `{"message": …}`. */
export function expectGatewayError(reply: Reply, status: number, message: string): void {
  expect(reply.status).toBe(status);
  expect(reply.json).toEqual({ message });
}
