import { describe, expect, it } from "vitest";
import { accounts, fixedNow, notes } from "../../../../test/support/store-entities.js";
import { shardOf } from "../index-keys.js";
import { buildCreate } from "./create.js";

describe("buildCreate", () => {
  it("claims each unique value in the same transaction as the item, both conditional", () => {
    const { request } = buildCreate(
      "T",
      accounts,
      { parentIds: {}, ownerId: "a1", data: { handle: "ada", name: "Ada" } },
      { id: "a1", now: fixedNow, incarnation: "inc1" },
    );
    expect(request).toEqual({
      kind: "transaction",
      roles: [{ kind: "item" }, { kind: "unique", field: "handle" }],
      input: {
        TransactItems: [
          {
            Put: {
              TableName: "T",
              Item: {
                PK: "ACCOUNT#a1",
                SK: "PROFILE",
                GSI1PK: `TYPE#ACCOUNT#${shardOf("a1", 4)}`,
                GSI1SK: "2026-01-02T03:04:05.678Z#a1",
                accountId: "a1",
                handle: "ada",
                name: "Ada",
                createdAt: "2026-01-02T03:04:05.678Z",
                updatedAt: "2026-01-02T03:04:05.678Z",
                version: 1,
                INCARNATION: "inc1",
              },
              ConditionExpression: "attribute_not_exists(#PK)",
              ExpressionAttributeNames: { "#PK": "PK" },
            },
          },
          {
            Put: {
              TableName: "T",
              Item: {
                PK: "UNIQUE#ACCOUNT#HANDLE#ada",
                SK: "UNIQUE#ACCOUNT#HANDLE",
                claimedBy: "ACCOUNT#a1|PROFILE",
              },
              ConditionExpression: "attribute_not_exists(#PK)",
              ExpressionAttributeNames: { "#PK": "PK" },
            },
          },
        ],
      },
    });
  });

  it("checks the parent exists and records the idempotency key with a 24 h TTL, in one transaction", () => {
    const { request } = buildCreate(
      "T",
      notes,
      {
        parentIds: { accountId: "a1" },
        ownerId: "a1",
        data: { text: "hi", pinned: false },
        idempotency: { key: "k-1", fingerprint: "f" },
      },
      { id: "n1", now: fixedNow, incarnation: "inc1" },
    );
    const nowSeconds = Math.floor(fixedNow.getTime() / 1000);
    expect(request.kind).toBe("transaction");
    if (request.kind !== "transaction") return;
    expect(request.roles).toEqual([{ kind: "item" }, { kind: "parent" }, { kind: "idempotency" }]);
    expect(request.input.TransactItems?.[0]?.Put?.Item).toMatchObject({
      PK: "ACCOUNT#a1",
      SK: "NOTE#n1",
      noteId: "n1",
    });
    expect(request.input.TransactItems?.[0]?.Put?.Item).not.toHaveProperty("GSI1PK");
    expect(request.input.TransactItems?.[1]).toEqual({
      ConditionCheck: {
        TableName: "T",
        Key: { PK: "ACCOUNT#a1", SK: "PROFILE" },
        ConditionExpression: "attribute_exists(#PK)",
        ExpressionAttributeNames: { "#PK": "PK" },
      },
    });
    expect(request.input.TransactItems?.[2]).toEqual({
      Put: {
        TableName: "T",
        Item: {
          PK: "ACCOUNT#a1",
          SK: "IDEMP#k-1",
          fingerprint: "f",
          item: {
            accountId: "a1",
            noteId: "n1",
            text: "hi",
            pinned: false,
            remindAt: null,
            createdAt: "2026-01-02T03:04:05.678Z",
            updatedAt: "2026-01-02T03:04:05.678Z",
            version: 1,
          },
          INCARNATION: "inc1",
          expiresAt: nowSeconds + 86_400,
        },
        ConditionExpression: "attribute_not_exists(#PK) OR #expiresAt <= :now",
        ExpressionAttributeNames: { "#PK": "PK", "#expiresAt": "expiresAt" },
        ExpressionAttributeValues: { ":now": nowSeconds },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    });
  });

  it("is a single conditional PutItem when there is nothing else to check", () => {
    const { request } = buildCreate(
      "T",
      { ...accounts, unique: [] },
      { parentIds: {}, ownerId: "a1", data: { handle: "ada", name: "Ada" } },
      { id: "a1", now: fixedNow, incarnation: "inc1" },
    );
    expect(request.kind).toBe("put");
    if (request.kind !== "put") return;
    expect(request.input.ConditionExpression).toBe("attribute_not_exists(#PK)");
  });
});
