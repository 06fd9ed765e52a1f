/**
 * Races, over real HTTP against the whole local stack (gateway, functions, DynamoDB Local, S3):
 * requests that contend for one item, sent at once, each asserting the exact outcome API.md
 * promises (Conventions: concurrency, idempotency; Files) rather than "something sane".
 */
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { users } from "../../app/entities/users.js";
import { tableLayout } from "../../src/runtime/store/table.js";
import { eventually, useLocalStack } from "../files/local-stack.js";
import { unique, userBody } from "../http/users-helpers.js";
import { localDynamoDbClient } from "../support/api.js";
import { pngBytes, uploadWithTicket } from "../support/uploads.js";

const stack = useLocalStack();
const database = DynamoDBDocumentClient.from(localDynamoDbClient());
afterAll(() => database.destroy());

/** How many writers contend in each race. */
const writers = 8;
const mergePatch = { "content-type": "application/merge-patch+json" };

const statuses = (replies: readonly Response[]) => replies.map((reply) => reply.status).sort();
const times = <T>(count: number, make: (index: number) => Promise<T>) =>
  Promise.all(Array.from({ length: count }, (_, index) => make(index)));

async function read(sub: string, path = "/users/me"): Promise<Record<string, unknown>> {
  const reply = await stack().call(sub, "GET", path);
  expect(reply.status).toBe(200);
  return (await reply.json()) as Record<string, unknown>;
}

async function newTodo(sub: string): Promise<string> {
  const reply = await stack().call(sub, "POST", "/users/me/todos", { title: "contended" });
  expect(reply.status).toBe(201);
  return ((await reply.json()) as { todoId: string }).todoId;
}

/** Every item left in the user's partition, whatever its kind (profile, todos, idempotency records). */
async function partitionOf(sub: string): Promise<Record<string, unknown>[]> {
  const output = await database.send(
    new QueryCommand({
      TableName: stack().tableName,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": tableLayout.partitionKey },
      ExpressionAttributeValues: { ":pk": users.keys.pk.render({ userId: sub }) },
      ConsistentRead: true,
    }),
  );
  return output.Items ?? [];
}

describe("concurrent conflicting writes", () => {
  it("with one If-Match: exactly one 200, every other 412, and only the winner's change is kept", async () => {
    const sub = await stack().newUser("ifmatch");
    const tag = (await stack().call(sub, "GET", "/users/me")).headers.get("etag") ?? "";
    const replies = await times(writers, (index) =>
      stack().call(
        sub,
        "PATCH",
        "/users/me",
        { firstName: `Writer${index}` },
        { ...mergePatch, "if-match": tag },
      ),
    );
    expect(statuses(replies)).toEqual([200, ...Array<number>(writers - 1).fill(412)]);
    const winner = replies.find((reply) => reply.status === 200) as Response;
    const won = (await winner.json()) as Record<string, unknown>;
    const stored = await read(sub);
    expect(stored).toEqual(won);
    expect(stored.version).toBe(2);
  });

  it("without If-Match: PATCHes of different fields all succeed, all survive, and the version counts each", async () => {
    const sub = await stack().newUser("fields");
    const changes = [
      { firstName: "Grace" },
      { lastName: "Hopper" },
      { email: "grace@example.com" },
      { bio: "COBOL" },
      { phoneNumber: "+4412345678" },
    ];
    const replies = await Promise.all(
      changes.map((change) => stack().call(sub, "PATCH", "/users/me", change, mergePatch)),
    );
    expect(statuses(replies)).toEqual(changes.map(() => 200));
    expect(new Set(replies.map((reply) => reply.headers.get("etag"))).size).toBe(changes.length);
    const stored = await read(sub);
    expect(stored).toMatchObject(Object.assign({}, ...changes));
    expect(stored.version).toBe(1 + changes.length);
  });

  it("without If-Match: PATCHes of one todo's different fields all survive, the version counting each", async () => {
    const sub = await stack().newUser("todofields");
    const todoId = await newTodo(sub);
    const changes = [
      { title: "renamed" },
      { notes: "a note" },
      { done: true },
      { dueAt: "2030-01-01T00:00:00.000Z" },
    ];
    const replies = await Promise.all(
      changes.map((change) => stack().call(sub, "PATCH", `/users/me/todos/${todoId}`, change, mergePatch)),
    );
    expect(statuses(replies)).toEqual(changes.map(() => 200));
    const stored = await read(sub, `/users/me/todos/${todoId}`);
    expect(stored).toMatchObject(Object.assign({}, ...changes));
    expect(stored.version).toBe(1 + changes.length);
  });

  it("without If-Match: writes to one field all succeed, one value is kept, and the version counts each", async () => {
    const sub = await stack().newUser("samefield");
    const replies = await times(writers, (index) =>
      stack().call(sub, "PATCH", "/users/me", { firstName: `Writer${index}` }, mergePatch),
    );
    expect(statuses(replies)).toEqual(Array<number>(writers).fill(200));
    const stored = await read(sub);
    expect(stored.version).toBe(1 + writers);
    expect(Array.from({ length: writers }, (_, index) => `Writer${index}`)).toContain(stored.firstName);
  });
});

describe("concurrent idempotent retries", () => {
  it("of one POST …/todos with one Idempotency-Key make one todo, and every reply is the same 201", async () => {
    const sub = await stack().newUser("idem");
    const headers = { "idempotency-key": `retry-${unique("key")}` };
    const replies = await times(writers, () =>
      stack().call(sub, "POST", "/users/me/todos", { title: "once", notes: "only once" }, headers),
    );
    expect(statuses(replies)).toEqual(Array<number>(writers).fill(201));
    const bodies = await Promise.all(replies.map((reply) => reply.text()));
    expect(new Set(bodies)).toEqual(new Set([bodies[0]]));
    expect(new Set(replies.map((reply) => reply.headers.get("etag"))).size).toBe(1);
    expect(new Set(replies.map((reply) => reply.headers.get("location"))).size).toBe(1);
    const page = (await read(sub, "/users/me/todos")) as { items: { todoId: string }[] };
    expect(page.items.map((todo) => todo.todoId)).toEqual([JSON.parse(bodies[0] as string).todoId]);
  });
});

describe("concurrent username claims", () => {
  it("on create: exactly one 201, every other 409, and only the winner has a profile", async () => {
    const username = unique("wanted");
    const subs = Array.from({ length: writers }, () => unique("claimant"));
    const replies = await Promise.all(
      subs.map((sub) => stack().call(sub, "POST", "/users", userBody({ username }))),
    );
    expect(statuses(replies)).toEqual([201, ...Array<number>(writers - 1).fill(409)]);
    const winner = subs[replies.findIndex((reply) => reply.status === 201)] as string;
    expect((await read(winner)).username).toBe(username);
    for (const sub of subs.filter((sub) => sub !== winner)) {
      expect((await stack().call(sub, "GET", "/users/me")).status).toBe(404);
    }
  });

  it("on rename: exactly one 200, every other 409; the winner's old name is free again, the new one is not", async () => {
    const username = unique("renamed");
    const subs = await times(writers, () => stack().newUser("renamer"));
    const before = await Promise.all(subs.map(async (sub) => (await read(sub)).username as string));
    const replies = await Promise.all(
      subs.map((sub) => stack().call(sub, "PATCH", "/users/me", { username }, mergePatch)),
    );
    expect(statuses(replies)).toEqual([200, ...Array<number>(writers - 1).fill(409)]);
    const won = replies.findIndex((reply) => reply.status === 200);
    for (const [index, sub] of subs.entries()) {
      expect((await read(sub)).username).toBe(index === won ? username : before[index]);
    }
    const released = await stack().call(
      unique("late"),
      "POST",
      "/users",
      userBody({ username: before[won] as string }),
    );
    expect(released.status).toBe(201);
    const taken = await stack().call(unique("late"), "POST", "/users", userBody({ username }));
    expect(taken.status).toBe(409);
  });
});

describe("a delete racing an update", () => {
  const rounds = 4;

  it("of a todo: the update is 200 before the delete's 204, or 404 after it, and the todo stays gone", async () => {
    const sub = await stack().newUser("deltodo");
    for (let round = 0; round < rounds; round++) {
      const todoId = await newTodo(sub);
      const path = `/users/me/todos/${todoId}`;
      const [update, removal] = await Promise.all([
        stack().call(sub, "PATCH", path, { title: "late edit" }, mergePatch),
        stack().call(sub, "DELETE", path),
      ]);
      expect(removal.status).toBe(204);
      expect([200, 404]).toContain(update.status);
      expect((await stack().call(sub, "GET", path)).status).toBe(404);
    }
    expect((await read(sub, "/users/me/todos")).items).toEqual([]);
  });

  it("of a profile: the update is 200 or 404, the delete 204, and no profile comes back", async () => {
    for (let round = 0; round < rounds; round++) {
      const sub = await stack().newUser("deluser");
      const [update, removal] = await Promise.all([
        stack().call(sub, "PATCH", "/users/me", { bio: "late edit" }, mergePatch),
        stack().call(sub, "DELETE", "/users/me"),
      ]);
      expect(removal.status).toBe(204);
      expect([200, 404]).toContain(update.status);
      expect((await stack().call(sub, "GET", "/users/me")).status).toBe(404);
      expect(await partitionOf(sub)).toEqual([]);
    }
  });
});

describe("a user's delete racing todo creates", () => {
  it("leaves no orphan todo in the partition: each create is 201 (then swept) or 404", async () => {
    for (let round = 0; round < 3; round++) {
      const sub = await stack().newUser("orphan");
      const [removal, ...creates] = await Promise.all([
        stack().call(sub, "DELETE", "/users/me"),
        ...Array.from({ length: writers }, (_, index) =>
          stack().call(
            sub,
            "POST",
            "/users/me/todos",
            { title: `todo ${index}` },
            {
              "idempotency-key": `orphan-${index}`,
            },
          ),
        ),
      ]);
      expect(removal?.status).toBe(204);
      for (const create of creates) expect([201, 404]).toContain(create.status);
      expect(await partitionOf(sub)).toEqual([]);
      // A profile made again under the same sub starts with no todos.
      expect((await stack().call(sub, "POST", "/users", userBody())).status).toBe(201);
      expect((await read(sub, "/users/me/todos")).items).toEqual([]);
    }
  });
});

describe("two avatar uploads racing", () => {
  it("record exactly one avatar, the later ticket's, and delete the other object", async () => {
    const sub = await stack().newUser("avatars");
    const first = await stack().ticket(sub);
    const second = await stack().ticket(sub);
    const uploads = await Promise.all([first, second].map((ticket) => uploadWithTicket(ticket, pngBytes())));
    expect(uploads.map((upload) => upload.status)).toEqual([204, 204]);
    const avatarKey = async () => ((await read(sub)).avatar as { key?: string } | null)?.key;
    expect(await eventually(avatarKey, (key) => key === second.key)).toBe(second.key);
    await stack().expectDeleted(first);
    expect(await stack().exists(new URL(second.url).origin, second.key)).toBe(true);
    expect(await avatarKey()).toBe(second.key);
  });
});
