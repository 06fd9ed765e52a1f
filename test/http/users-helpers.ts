/**
 * Shared checks for the users HTTP contract suites (API.md, Users): problem details that leak
 * nothing, the exact public shape of a user, and makers of unique subs, usernames and bodies so
 * tests never depend on one another.
 */
import { expect } from "vitest";
import type { Call, Reply, TestApi } from "../support/api.js";
import { tagOf } from "../support/etags.js";
import { isoUtc } from "../support/problems.js";

export const admin = "planner/admin";

const userKeys = ["userId", "username", "firstName", "lastName", "email", "avatar", "createdAt", "updatedAt"];

let counter = 0;

/** A fresh value per call, valid as both a `sub` and a username: `alice_7`. */
export function unique(label: string): string {
  counter += 1;
  return `${label}_${counter}`;
}

export interface UserBody {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber?: string;
  bio?: string;
}

/** A valid create/replace body with a username nobody holds. */
export function userBody(overrides: Partial<UserBody> = {}): UserBody {
  return {
    username: unique("user"),
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    ...overrides,
  };
}

/**
 * A sender of `method` with a body to a profile: the caller's own (`/users/me`) unless `path` names
 * another; `isBase64Encoded` sends the body as API Gateway marks an encoded one.
 */
export function profileWrite(api: TestApi, method: "PUT" | "PATCH") {
  return (
    as: string,
    body: unknown,
    options: { path?: string; scope?: string; isBase64Encoded?: boolean } = {},
  ): Promise<Reply> =>
    api.call({
      method,
      path: options.path ?? "/users/me",
      as,
      body,
      ...(options.scope === undefined ? {} : { scope: options.scope }),
      ...(options.isBase64Encoded === undefined ? {} : { isBase64Encoded: options.isBase64Encoded }),
    });
}

/** `method` on the caller's own profile (`/users/me`), with the body and headers given. */
export function callOwnProfile(
  api: TestApi,
  sub: string,
  method: string,
  request: Pick<Call, "body" | "headers"> = {},
): Promise<Reply> {
  return api.call({ method, path: "/users/me", as: sub, ...request });
}

/** Creates a profile for a fresh sub (or the given one): the sub, the 201 body and its ETag. */
export async function createUser(
  api: TestApi,
  overrides: Partial<UserBody> = {},
  sub: string = unique("sub"),
): Promise<{ sub: string; user: Record<string, unknown>; body: UserBody; etag: string }> {
  const body = userBody(overrides);
  const reply = await api.call({ method: "POST", path: "/users", as: sub, body });
  expect(reply.status, reply.text).toBe(201);
  return { sub, user: reply.json, body, etag: tagOf(reply) };
}

/** The caller's profile, read back; `undefined` when there is none. */
export async function readUser(api: TestApi, sub: string): Promise<Record<string, unknown> | undefined> {
  const reply = await api.call({ method: "GET", path: `/users/${encodeURIComponent(sub)}`, as: sub });
  if (reply.status === 404) return undefined;
  expect(reply.status, reply.text).toBe(200);
  return reply.json;
}

/** The ETag the caller's profile has now, read back. */
export async function currentTag(api: TestApi, sub: string): Promise<string> {
  const reply = await api.call({ method: "GET", path: `/users/${encodeURIComponent(sub)}`, as: sub });
  expect(reply.status, reply.text).toBe(200);
  return tagOf(reply);
}

/** Whether a username is free: a throwaway caller tries to create a profile with it. */
export async function usernameIsFree(api: TestApi, username: string): Promise<boolean> {
  const reply = await api.call({
    method: "POST",
    path: "/users",
    as: unique("probe"),
    body: userBody({ username }),
  });
  expect([201, 409], reply.text).toContain(reply.status);
  return reply.status === 201;
}

/** Every user, walking `GET /users` as an admin. */
export async function listAllUsers(api: TestApi): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  const caller = unique("admin");
  do {
    const query: string = cursor === null ? "?limit=100" : `?limit=100&cursor=${encodeURIComponent(cursor)}`;
    const reply = await api.call({ method: "GET", path: `/users${query}`, as: caller, scope: admin });
    expect(reply.status, reply.text).toBe(200);
    items.push(...reply.json.items);
    cursor = reply.json.nextCursor;
  } while (cursor !== null);
  return items;
}

/** A success reply: JSON in UTF-8. */
export function expectJson(reply: Reply, status: number): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers["content-type"]).toBe("application/json; charset=utf-8");
}

/** An item exactly as the API shows a user: public fields only, optional ones only when set. */
export function expectUserShape(item: Record<string, unknown>): void {
  const expected = [...userKeys, "version"];
  for (const optional of ["phoneNumber", "bio"]) if (Object.hasOwn(item, optional)) expected.push(optional);
  expect(Object.keys(item).sort()).toEqual(expected.sort());
  expect(item.avatar).toBeNull();
  expect(item.createdAt).toMatch(isoUtc);
  expect(item.updatedAt).toMatch(isoUtc);
  expect(Number.isInteger(item.version) && (item.version as number) >= 1).toBe(true);
  for (const optional of ["phoneNumber", "bio"]) {
    if (Object.hasOwn(item, optional)) expect(typeof item[optional]).toBe("string");
  }
}
