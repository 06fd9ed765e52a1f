/**
 * OWASP API3:2023, broken object property-level authorization (API.md, Resources: "Read-only
 * fields, unknown fields and storage fields in a request body are a 400 naming each offending
 * field: nothing is silently dropped, nothing can be mass-assigned"). Every read-only and storage
 * field is sent alone in every write of both entities, and all at once; the item is unchanged after.
 * And no storage attribute appears in any response the suite sees, replays and lists included.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { storageAttributes, tableLayout } from "../../src/runtime/store/index.js";
import { useLocalStack } from "../files/local-stack.js";
import { admin, unique, userBody } from "../http/users-helpers.js";
import type { Reply } from "../support/api.js";
import { checkFieldErrors } from "../support/problems.js";
import { asBearer, issuedToken, send } from "./support.js";

const stack = useLocalStack();

/** The table's own attributes, named here as well as read from the store, so neither list can shrink unseen. */
const storageAttributeNames = [
  ...new Set(["PK", "SK", "GSI1PK", "GSI1SK", "INCARNATION", "FILEKEYS", ...storageAttributes]),
];
/** What no body may set: those, and the idempotency records' TTL attribute (a ticket's `expiresAt` is its own). */
const storageFields = [...new Set([...storageAttributeNames, tableLayout.ttlAttribute])];

function readOnlyOf(name: string): readonly string[] {
  const entity = app.entities.find((candidate) => candidate.name === name);
  if (entity === undefined) throw new Error(`No entity ${name}.`);
  return entity.readOnlyFields;
}

/** A value of the kind each field holds, so the refusal is for the field and not for its type. */
const hostileValues: Record<string, unknown> = {
  version: 99,
  avatar: {
    key: "users/someone/avatar/x",
    contentType: "image/png",
    size: 1,
    updatedAt: "2020-01-01T00:00:00Z",
  },
  attachments: [{ key: "users/someone/todos/x/y", contentType: "application/pdf", size: 1 }],
  createdAt: "2000-01-01T00:00:00.000Z",
  updatedAt: "2000-01-01T00:00:00.000Z",
  FILEKEYS: ["users/someone/avatar/x"],
  expiresAt: 1,
};
const hostileValue = (field: string) => hostileValues[field] ?? "USER#someone-else";

/** Every JSON response of the file, to search for storage attributes at the end. */
const seen: Reply[] = [];

/** A JSON request as `sub` (with `scope` if given), kept in `seen`. */
async function call(
  sub: string | [sub: string, scope: string],
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const [name, scope] = typeof sub === "string" ? [sub] : sub;
  const token = await issuedToken(stack(), name, scope);
  const reply = await send(stack(), path, asBearer(token, method, body, headers));
  seen.push(reply);
  return reply;
}

let owner = "";
let todoPath = "";

beforeAll(async () => {
  owner = unique("owner");
  expect((await call(owner, "POST", "/users", userBody())).status).toBe(201);
  const todo = await call(owner, "POST", "/users/me/todos", { title: "mine" });
  expect(todo.status).toBe(201);
  todoPath = `/users/me/todos/${todo.json.todoId}`;
});

/** The item's ETag and body, which a refused write must leave as they were. */
async function state(path: string) {
  const reply = await call(owner, "GET", path);
  return [reply.status, reply.headers.etag, reply.json];
}

interface Write {
  readonly name: string;
  readonly method: string;
  readonly path: () => string;
  readonly body: () => Record<string, unknown>;
  readonly fields: readonly string[];
}

const writes: Write[] = [
  {
    name: "PUT a user",
    method: "PUT",
    path: () => "/users/me",
    body: () => ({ ...userBody() }),
    fields: readOnlyOf("user"),
  },
  {
    name: "PATCH a user",
    method: "PATCH",
    path: () => "/users/me",
    body: () => ({ bio: "new" }),
    fields: readOnlyOf("user"),
  },
  {
    name: "POST a todo",
    method: "POST",
    path: () => "/users/me/todos",
    body: () => ({ title: "t" }),
    fields: readOnlyOf("todo"),
  },
  {
    name: "PUT a todo",
    method: "PUT",
    path: () => todoPath,
    body: () => ({ title: "t" }),
    fields: readOnlyOf("todo"),
  },
  {
    name: "PATCH a todo",
    method: "PATCH",
    path: () => todoPath,
    body: () => ({ done: true }),
    fields: readOnlyOf("todo"),
  },
];

describe("API3 property-level authorization", () => {
  it("knows the read-only fields API.md names", () => {
    expect(readOnlyOf("user")).toEqual(
      expect.arrayContaining(["userId", "avatar", "createdAt", "updatedAt", "version"]),
    );
    expect(readOnlyOf("todo")).toEqual(
      expect.arrayContaining(["todoId", "userId", "attachments", "createdAt", "updatedAt", "version"]),
    );
  });

  it("refuses POST /users with any read-only or storage field, naming it, and creates no profile", async () => {
    for (const field of [...readOnlyOf("user"), ...storageFields]) {
      const sub = unique("creator");
      const reply = await call(sub, "POST", "/users", { ...userBody(), [field]: hostileValue(field) });
      checkFieldErrors(reply, [field], stack().tableName);
      expect((await call(sub, "GET", "/users/me")).status).toBe(404);
    }
  });

  it.each(writes.map((write) => [write.name, write] as const))(
    "%s: each read-only or storage field alone is a 400 naming it, and the item is unchanged",
    async (_name, write) => {
      const itemPath = write.method === "POST" ? "/users/me/todos" : write.path();
      const before = await state(itemPath);
      for (const field of [...write.fields, ...storageFields]) {
        const reply = await call(owner, write.method, write.path(), {
          ...write.body(),
          [field]: hostileValue(field),
        });
        checkFieldErrors(reply, [field], stack().tableName);
      }
      expect(await state(itemPath)).toEqual(before);
    },
  );

  it("names every offending field of one body at once, valid fields beside them changing nothing", async () => {
    const before = await state("/users/me");
    const fields = [...readOnlyOf("user"), ...storageFields];
    const body = Object.fromEntries(fields.map((field) => [field, hostileValue(field)]));
    checkFieldErrors(
      await call(owner, "PATCH", "/users/me", { ...body, bio: "new" }),
      fields,
      stack().tableName,
    );
    expect(await state("/users/me")).toEqual(before);
  });

  it("refuses prototype keys as unknown fields rather than merging them", async () => {
    const before = await state("/users/me");
    for (const field of ["__proto__", "constructor", "prototype"]) {
      const text = `{"bio":"new","${field}":{"version":99,"PK":"USER#someone-else"}}`;
      const reply = await call(owner, "PATCH", "/users/me", text);
      checkFieldErrors(reply, [field], stack().tableName);
    }
    expect(await state("/users/me")).toEqual(before);
  });

  it("shows no storage attribute in any response: items, pages, replays, admin lists", async () => {
    const headers = { "idempotency-key": unique("key") };
    const first = await call(owner, "POST", "/users/me/todos", { title: "replayed" }, headers);
    const replay = await call(owner, "POST", "/users/me/todos", { title: "replayed" }, headers);
    expect([first.status, replay.status]).toEqual([201, 201]);
    expect(replay.json).toEqual(first.json);
    await call(owner, "PUT", todoPath, { title: "replaced" });
    await call(owner, "PATCH", todoPath, { done: true });
    await call(owner, "PATCH", "/users/me", { bio: "patched" });
    await call(owner, "PUT", "/users/me", userBody());
    await call(owner, "GET", "/users/me/todos?limit=1");
    await call([unique("admin"), admin], "GET", "/users?limit=100");
    await call([unique("admin"), admin], "GET", `/users/${owner}/todos`);
    const keysOf = (value: unknown): string[] =>
      typeof value !== "object" || value === null
        ? []
        : Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
    const bodies = seen.filter((reply) => reply.status < 300 && reply.json !== undefined);
    expect(bodies.length).toBeGreaterThan(10);
    for (const reply of bodies) {
      for (const key of keysOf(reply.json)) expect(storageAttributeNames, reply.text).not.toContain(key);
    }
  });
});
