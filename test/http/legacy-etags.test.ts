/**
 * Items written before ETags carried an incarnation token (API.md, Concurrency) stay readable and
 * writable: they keep the tag they had, If-Match and If-None-Match work on it, and it never
 * matches a successor created after a delete. The old items are written here as the earlier
 * code stored them, straight through the DynamoDB client, without the token attribute.
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { tableLayout } from "portico/runtime";
import { afterAll, describe, expect, it } from "vitest";
import { todos } from "../../app/entities/todos.js";
import { users } from "../../app/entities/users.js";
import { app } from "../../app/portico.config.js";
import { type Ids, itemKey } from "../../src/runtime/store/items.js";
import { localDynamoDbClient } from "../support/api.js";
import { newTagOf, tagOf } from "../support/etags.js";
import { useTestApi } from "../support/use-test-api.js";
import { callTodo, createTodoWithTag, getTodo } from "./todos-support.js";
import { callOwnProfile, createUser, currentTag, expectJson, readUser } from "./users-helpers.js";

const { api, expectProblem } = useTestApi(app);
const client = DynamoDBDocumentClient.from(localDynamoDbClient());

afterAll(() => client.destroy());

/** Rewrites a stored item as it was before incarnation tokens: the same attributes, without the token. */
async function makeLegacy(entity: typeof users | typeof todos, ids: Ids): Promise<void> {
  const key = itemKey(entity, ids);
  const { Item: stored } = await client.send(new GetCommand({ TableName: api.tableName, Key: key }));
  expect(stored?.[tableLayout.incarnationAttribute]).toEqual(expect.any(String));
  const { [tableLayout.incarnationAttribute]: _token, ...legacy } = stored as Record<string, unknown>;
  await client.send(new PutCommand({ TableName: api.tableName, Item: legacy }));
}

/** A profile stored the old way, and the tag it had before the rewrite. */
async function legacyUser() {
  const created = await createUser(api);
  await makeLegacy(users, { userId: created.sub });
  return created;
}

describe("a profile written before incarnation tokens", () => {
  it("reads with a strong ETag and the same public fields", async () => {
    const { sub, user } = await legacyUser();
    const reply = await callOwnProfile(api, sub, "GET");
    expectJson(reply, 200);
    tagOf(reply);
    expect(reply.json).toEqual(user);
  });

  it("answers 304 to If-None-Match holding its tag", async () => {
    const { sub } = await legacyUser();
    const tag = await currentTag(api, sub);
    const reply = await callOwnProfile(api, sub, "GET", { headers: { "if-none-match": tag } });
    expect(reply.status, reply.text).toBe(304);
    expect(reply.headers.etag).toBe(tag);
  });

  it("takes a PATCH with If-Match holding its tag, then refuses that stale tag with a 412", async () => {
    const { sub } = await legacyUser();
    const tag = await currentTag(api, sub);
    const patched = await callOwnProfile(api, sub, "PATCH", {
      headers: { "if-match": tag },
      body: { bio: "after" },
    });
    expectJson(patched, 200);
    expect(patched.json).toMatchObject({ bio: "after", version: 2 });
    const next = newTagOf(patched, [tag]);
    expect(await currentTag(api, sub)).toBe(next);
    const stale = await callOwnProfile(api, sub, "PATCH", {
      headers: { "if-match": tag },
      body: { bio: "lost" },
    });
    expectProblem(stale, 412);
    expect(stale.headers.etag).toBe(next);
    expect(await readUser(api, sub)).toEqual(patched.json);
  });

  it("takes a PATCH without If-Match, and a DELETE with If-Match holding its tag", async () => {
    const { sub } = await legacyUser();
    const patched = await callOwnProfile(api, sub, "PATCH", { body: { bio: "after" } });
    expectJson(patched, 200);
    expect(patched.json.version).toBe(2);
    const removed = await callOwnProfile(api, sub, "DELETE", { headers: { "if-match": tagOf(patched) } });
    expect(removed.status, removed.text).toBe(204);
    expect(await readUser(api, sub)).toBeUndefined();
  });

  it("has a tag that never matches a profile re-created at its URL", async () => {
    const { sub, body } = await legacyUser();
    const legacyTag = await currentTag(api, sub);
    expect((await callOwnProfile(api, sub, "DELETE")).status).toBe(204);
    const { user, etag } = await createUser(api, body, sub);
    expect(etag).not.toBe(legacyTag);
    const write = await callOwnProfile(api, sub, "PATCH", {
      headers: { "if-match": legacyTag },
      body: { bio: "overwritten" },
    });
    expectProblem(write, 412);
    expect(write.headers.etag).toBe(etag);
    const read = await callOwnProfile(api, sub, "GET", { headers: { "if-none-match": legacyTag } });
    expectJson(read, 200);
    expect(read.json).toEqual(user);
  });
});

describe("a todo written before incarnation tokens", () => {
  it("takes a PUT with If-Match holding its tag and refuses the stale tag afterwards", async () => {
    const { sub } = await createUser(api);
    const { todo } = await createTodoWithTag(api, sub);
    await makeLegacy(todos, { userId: sub, todoId: todo.todoId });
    const read = await getTodo(api, sub, todo.todoId);
    expect(read.json).toEqual(todo);
    const tag = tagOf(read);
    const replaced = await callTodo(api, sub, todo.todoId, "PUT", {
      headers: { "if-match": tag },
      body: { title: "New" },
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.json).toMatchObject({ title: "New", version: 2 });
    const next = newTagOf(replaced, [tag]);
    const stale = await callTodo(api, sub, todo.todoId, "DELETE", { headers: { "if-match": tag } });
    expectProblem(stale, 412);
    expect(stale.headers.etag).toBe(next);
    expect(tagOf(await getTodo(api, sub, todo.todoId))).toBe(next);
  });
});
