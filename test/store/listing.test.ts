/**
 * Lists against a real DynamoDB Local: a global listing spread over shards comes back as one
 * newest-first sequence, page after page under one cursor; a filter is served by its index (and
 * follows a patch); an expired item is gone for get, patch and list before DynamoDB deletes it.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { ensureTable } from "../../src/local/services/dynamodb/index.js";
import {
  buildList,
  createItem,
  createStore,
  createTableInput,
  getItem,
  ItemNotFoundError,
  type ListInput,
  listItems,
  type Store,
  updateItem,
} from "../../src/runtime/store/index.js";
import { localDynamoDbClient } from "../support/api.js";
import { testEntity } from "../support/store-entities.js";

const members = testEntity("member", {
  id: "generated",
  key: { pk: "MEMBER#{memberId}", sk: "MEMBER" },
  schema: z.object({
    name: z.string(),
    tier: z.enum(["free", "pro"]),
    score: z.number().int().optional(),
  }),
  listing: "global",
  shards: 4,
  filters: ["tier", "score"],
  operations: { create: "authenticated", list: "admin", patch: "admin" },
});

const pings = testEntity("ping", {
  id: "generated",
  key: { pk: "PINGS", sk: "PING#{pingId}" },
  schema: z.object({ ok: z.boolean() }),
  filters: ["ok"],
  ttl: { days: 30 },
  operations: { create: "authenticated", list: "admin", get: "admin", patch: "admin" },
});

const tableName = `listing-${Math.random().toString(36).slice(2, 10)}`;
let clock = Date.parse("2026-03-01T00:00:00.000Z");
let store: Store;

beforeAll(async () => {
  const client = localDynamoDbClient();
  await ensureTable(client, createTableInput(tableName));
  store = createStore({
    client,
    tableName,
    cursorSecret: "listing-cursor-secret-0123456789abcdef",
    now: () => new Date(clock),
  });
  return () => client.destroy();
});

/** Makes `count` members one second apart; returns their ids, oldest first. */
async function makeMembers(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    clock += 1000;
    const { item } = await createItem(store, members, {
      parentIds: {},
      ownerId: "admin",
      data: { name: `m${n}`, tier: n % 3 === 0 ? "pro" : "free", score: n % 5 },
    });
    ids.push(item.memberId as string);
  }
  return ids;
}

async function everyPage(entity: typeof members | typeof pings, input: Omit<ListInput, "caller" | "cursor">) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listItems(store, entity, { ...input, caller: "admin", ...(cursor ? { cursor } : {}) });
    pages.push(page.items.map((item) => item[entity.idParam] as string));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return pages;
}

describe("a global listing over shards", () => {
  let ids: string[];
  beforeAll(async () => {
    ids = await makeMembers(23);
  });

  it("spreads the items over every shard of the index", async () => {
    const counts = await Promise.all(
      buildList(tableName, members, { parentIds: {}, limit: 100, caller: "admin" }).map(
        async (query) => ((await store.client.send(new QueryCommand(query))).Items ?? []).length,
      ),
    );
    expect(counts).toHaveLength(4);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(23);
    expect(counts.filter((count) => count > 0).length).toBeGreaterThan(1);
  });

  it("merges the shards newest first, and pages through all of them under one cursor", async () => {
    const pages = await everyPage(members, { parentIds: {}, limit: 5 });
    expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.flat()).toEqual([...ids].reverse());
  });

  it("gives a last page that is full, with no cursor, when the items end on a page boundary", async () => {
    const pages = await everyPage(members, { parentIds: {}, limit: 23 });
    expect(pages).toEqual([[...ids].reverse()]);
  });

  it("serves an enum filter and a number filter from their indexes, merged the same way", async () => {
    const pro = ids.filter((_, n) => n % 3 === 0).reverse();
    expect(
      (await everyPage(members, { parentIds: {}, limit: 3, filter: { field: "tier", value: "pro" } })).flat(),
    ).toEqual(pro);
    const scoreTwo = ids.filter((_, n) => n % 5 === 2).reverse();
    expect(
      (await everyPage(members, { parentIds: {}, limit: 2, filter: { field: "score", value: 2 } })).flat(),
    ).toEqual(scoreTwo);
  });

  it("moves an item between filter partitions when a patch changes the value, and out when it removes it", async () => {
    const [first, second] = ids as [string, string];
    await updateItem(store, members, {
      ids: { memberId: first },
      mode: "patch",
      changes: { tier: "free", score: 99 },
    });
    await updateItem(store, members, { ids: { memberId: second }, mode: "patch", changes: { score: null } });
    const pro = (
      await everyPage(members, { parentIds: {}, limit: 50, filter: { field: "tier", value: "pro" } })
    ).flat();
    expect(pro).not.toContain(first);
    expect(
      (await everyPage(members, { parentIds: {}, limit: 50, filter: { field: "score", value: 99 } })).flat(),
    ).toEqual([first]);
    const scoreOne = (
      await everyPage(members, { parentIds: {}, limit: 50, filter: { field: "score", value: 1 } })
    ).flat();
    expect(scoreOne).not.toContain(second);
  });

  it("refuses a cursor issued for another filter", async () => {
    const page = await listItems(store, members, {
      parentIds: {},
      limit: 2,
      caller: "admin",
      filter: { field: "tier", value: "free" },
    });
    await expect(
      listItems(store, members, {
        parentIds: {},
        limit: 2,
        caller: "admin",
        cursor: page.nextCursor as string,
      }),
    ).rejects.toThrow(/not valid for this query/);
  });
});

describe("items with a TTL", () => {
  it("carry DynamoDB's expiresAt, and are gone for get, patch and list once it passes", async () => {
    clock = Date.parse("2026-04-01T00:00:00.000Z");
    const old = await createItem(store, pings, { parentIds: {}, ownerId: "admin", data: { ok: true } });
    clock += 10 * 86_400_000;
    const recent = await createItem(store, pings, { parentIds: {}, ownerId: "admin", data: { ok: true } });
    const raw = await store.client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": "PINGS" },
      }),
    );
    expect(raw.Items?.map((item) => item.expiresAt)).toEqual([
      Date.parse("2026-05-01T00:00:00.000Z") / 1000,
      Date.parse("2026-05-11T00:00:00.000Z") / 1000,
    ]);
    const oldId = { pingId: old.item.pingId as string };
    clock = Date.parse("2026-05-01T00:00:00.000Z");
    await expect(getItem(store, pings, oldId)).rejects.toThrow(ItemNotFoundError);
    await expect(
      updateItem(store, pings, { ids: oldId, mode: "patch", changes: { ok: false } }),
    ).rejects.toThrow(ItemNotFoundError);
    const recentId = recent.item.pingId;
    expect((await everyPage(pings, { parentIds: {}, limit: 1 })).flat()).toEqual([recentId]);
    expect(
      (await everyPage(pings, { parentIds: {}, limit: 1, filter: { field: "ok", value: true } })).flat(),
    ).toEqual([recentId]);
    expect((await getItem(store, pings, { pingId: recentId as string })).item.pingId).toBe(recentId);
  });
});
