/**
 * The recorder's one conditional write per upload, against a real DynamoDB Local: what it does with
 * a new file, a replayed one, an older avatar arriving after a newer one, a full list and a missing
 * item. Each outcome tells the recorder which object to delete, so each is checked exactly.
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureTable } from "../../src/local/services/dynamodb/index.js";
import {
  createStore,
  createTableInput,
  getItem,
  recordFile,
  removeFile,
  type Store,
} from "../../src/runtime/store/index.js";
import { localDynamoDbClient } from "../support/api.js";
import { accounts, notes } from "../support/store-entities.js";

let store: Store;
const tableName = `record-${Math.random().toString(36).slice(2, 10)}`;

beforeAll(async () => {
  const client = localDynamoDbClient();
  await ensureTable(client, createTableInput(tableName));
  store = createStore({ client, tableName, cursorSecret: "record-outcomes-cursor-secret-0123456789" });
  return () => client.destroy();
});

let counter = 0;
async function account(): Promise<string> {
  const accountId = `acct${++counter}`;
  await store.client.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        PK: `ACCOUNT#${accountId}`,
        SK: "PROFILE",
        accountId,
        handle: accountId,
        name: "A",
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
        version: 1,
      },
    }),
  );
  return accountId;
}

const file = (key: string, size = 10) => ({ key, contentType: "image/png", size });
const picture = (accountId: string, key: string) =>
  recordFile(store, accounts, {
    ids: { accountId },
    slot: "picture",
    multiple: false,
    maxFiles: 1,
    file: file(key),
  });

describe("recording a single-file slot", () => {
  it("takes a first file, then a newer one, naming the file it replaced, each as one more version", async () => {
    const accountId = await account();
    expect(await picture(accountId, "k/0001")).toEqual({ kind: "recorded" });
    expect(await picture(accountId, "k/0002")).toEqual({ kind: "recorded", replaced: "k/0001" });
    const { item } = await getItem(store, accounts, { accountId });
    expect(item).toMatchObject({ picture: { ...file("k/0002"), updatedAt: expect.any(String) }, version: 3 });
  });

  it("changes nothing for a replay, and refuses an older file that arrives late", async () => {
    const accountId = await account();
    await picture(accountId, "k/0002");
    expect(await picture(accountId, "k/0002")).toEqual({ kind: "duplicate" });
    expect(await picture(accountId, "k/0001")).toEqual({ kind: "superseded" });
    expect((await getItem(store, accounts, { accountId })).item).toMatchObject({
      picture: { key: "k/0002" },
      version: 2,
    });
  });

  it("finds no item to record on once it is gone", async () => {
    expect(await picture("nobody", "k/0001")).toEqual({ kind: "missing" });
  });

  it("is cleared by removeFile, which answers the key it held, then refuses to clear an empty slot", async () => {
    const accountId = await account();
    await picture(accountId, "k/0003");
    expect(await removeFile(store, accounts, { accountId }, "picture")).toBe("k/0003");
    expect((await getItem(store, accounts, { accountId })).item).toMatchObject({ picture: null, version: 3 });
    await expect(removeFile(store, accounts, { accountId }, "picture")).rejects.toMatchObject({
      code: "store.file_not_found",
    });
    await expect(removeFile(store, accounts, { accountId: "nobody" }, "picture")).rejects.toMatchObject({
      code: "store.item_not_found",
    });
  });
});

describe("recording into a list of files", () => {
  const attach = (accountId: string, key: string) =>
    recordFile(store, notes, {
      ids: { accountId, noteId: "n1" },
      slot: "files",
      multiple: true,
      maxFiles: 2,
      file: file(key),
    });

  it("appends each key once, and refuses one more than the list may hold", async () => {
    const accountId = await account();
    await store.client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          PK: `ACCOUNT#${accountId}`,
          SK: "NOTE#n1",
          accountId,
          noteId: "n1",
          text: "t",
          createdAt: "x",
          updatedAt: "x",
          version: 1,
        },
      }),
    );
    expect(await attach(accountId, "a")).toEqual({ kind: "recorded" });
    expect(await attach(accountId, "a")).toEqual({ kind: "duplicate" });
    expect(await attach(accountId, "b")).toEqual({ kind: "recorded" });
    expect(await attach(accountId, "c")).toEqual({ kind: "full" });
    const stored = await store.client.send(
      new GetCommand({ TableName: tableName, Key: { PK: `ACCOUNT#${accountId}`, SK: "NOTE#n1" } }),
    );
    expect(stored.Item).toMatchObject({
      files: [file("a"), file("b")],
      FILEKEYS: new Set(["a", "b"]),
      version: 3,
    });
  });
});
