import { describe, expect, it } from "vitest";
import { sendTransaction, transientRetryAfter } from "./send.js";
import type { Store } from "./store.js";

describe("transientRetryAfter", () => {
  it("treats throttling, server faults and network failures as transient", () => {
    expect(transientRetryAfter({ name: "ProvisionedThroughputExceededException", $fault: "client" })).toBe(1);
    expect(transientRetryAfter({ name: "ThrottlingException" })).toBe(1);
    expect(
      transientRetryAfter({
        name: "InternalServerError",
        $fault: "server",
        $metadata: { httpStatusCode: 500 },
      }),
    ).toBe(2);
    expect(transientRetryAfter(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }))).toBe(5);
    expect(transientRetryAfter({ name: "TimeoutError" })).toBe(5);
  });

  it("leaves programming and configuration errors alone", () => {
    expect(
      transientRetryAfter({
        name: "ValidationException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      }),
    ).toBeUndefined();
    expect(transientRetryAfter({ name: "ResourceNotFoundException", $fault: "client" })).toBeUndefined();
    expect(transientRetryAfter(new TypeError("x"))).toBeUndefined();
  });
});

describe("sendTransaction", () => {
  const transaction = {
    TransactItems: [
      { Put: { TableName: "t1", Item: { PK: "ACCOUNT#a", SK: "PROFILE", handle: "a" } } },
      { Delete: { TableName: "t1", Key: { PK: "UNIQUE#x", SK: "UNIQUE#x" } } },
    ],
  };
  /** A store whose client records the commands it is sent and answers each with nothing. */
  const storeSending = (confirmTransactions: boolean) => {
    const sent: { name: string; input: unknown }[] = [];
    const client = {
      send: async (command: { constructor: { name: string }; input: unknown }) => {
        sent.push({ name: command.constructor.name, input: command.input });
        return {};
      },
    };
    const store = { client, tableName: "t1", confirmTransactions } as unknown as Store;
    return { store, sent };
  };

  it("reads the first item back, consistently, when the store confirms transactions (DynamoDB Local)", async () => {
    const { store, sent } = storeSending(true);
    await sendTransaction(store, transaction);
    expect(sent.map(({ name }) => name)).toEqual(["TransactWriteCommand", "GetCommand"]);
    expect(sent[1]?.input).toEqual({
      TableName: "t1",
      Key: { PK: "ACCOUNT#a", SK: "PROFILE" },
      ConsistentRead: true,
    });
  });

  it("sends the transaction alone otherwise", async () => {
    const { store, sent } = storeSending(false);
    await sendTransaction(store, transaction);
    expect(sent.map(({ name }) => name)).toEqual(["TransactWriteCommand"]);
  });
});
