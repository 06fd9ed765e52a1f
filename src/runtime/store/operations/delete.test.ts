import { describe, expect, it } from "vitest";
import {
  accounts,
  creatorChecks,
  creatorNotes,
  notes,
  releaseOfAdaHandle,
  storedAccount,
} from "../../../../test/support/store-entities.js";
import {
  batchSize,
  buildBatchDelete,
  buildDelete,
  buildDeleteWithClaims,
  buildSweepQuery,
  sweptKinds,
} from "./delete.js";

describe("buildDelete", () => {
  it("is one conditional DeleteItem that returns the old item, deleted or when the condition fails", () => {
    expect(
      buildDelete("T", notes, {
        ids: { accountId: "a1", noteId: "n1" },
        descendants: [],
        ifMatch: [{ incarnation: "inc1", version: 2 }],
      }),
    ).toEqual({
      TableName: "T",
      Key: { PK: "ACCOUNT#a1", SK: "NOTE#n1" },
      ConditionExpression: "attribute_exists(#PK) AND #INCARNATION = :incarnation AND #version = :version",
      ExpressionAttributeNames: { "#PK": "PK", "#version": "version", "#INCARNATION": "INCARNATION" },
      ExpressionAttributeValues: { ":incarnation": "inc1", ":version": 2 },
      ReturnValues: "ALL_OLD",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  });

  it("sweeps the owner's partition reading keys only", () => {
    expect(buildSweepQuery("T", accounts, { accountId: "a1" }, [notes])).toEqual({
      TableName: "T",
      KeyConditionExpression: "#PK = :pk",
      ProjectionExpression: "#PK, #SK",
      ExpressionAttributeNames: { "#PK": "PK", "#SK": "SK" },
      ExpressionAttributeValues: { ":pk": "ACCOUNT#a1" },
      ConsistentRead: true,
    });
  });

  it("sweeps only the item's own children from a partition it shares with its siblings (a creator's)", () => {
    const ids = { authorId: "ada", noteId: "n1" };
    expect(buildSweepQuery("T", creatorNotes, ids, [creatorChecks])).toEqual({
      TableName: "T",
      KeyConditionExpression: "#PK = :pk AND begins_with(#SK, :prefix)",
      ProjectionExpression: "#PK, #SK",
      ExpressionAttributeNames: { "#PK": "PK", "#SK": "SK" },
      ExpressionAttributeValues: { ":pk": "AUTHOR#ada", ":prefix": "NOTE#n1#CHECK#" },
      ConsistentRead: true,
    });
    // The creator's idempotency records are theirs, not the note's: they stay until they expire.
    expect(sweptKinds(creatorNotes, ids, [creatorChecks]).map(({ prefix }) => prefix)).toEqual([
      "NOTE#n1#CHECK#",
    ]);
    expect(sweptKinds(accounts, { accountId: "a1" }, [notes]).map(({ prefix }) => prefix)).toEqual([
      "NOTE#",
      "IDEMP#",
    ]);
  });

  it("batches deletes in BatchWriteItem's unit of 25", () => {
    expect(batchSize).toBe(25);
    expect(buildBatchDelete("T", [{ PK: "p", SK: "s" }])).toEqual({
      RequestItems: { T: [{ DeleteRequest: { Key: { PK: "p", SK: "s" } } }] },
    });
  });
});

describe("buildDeleteWithClaims", () => {
  const current = storedAccount({ version: 3 });

  it("without If-Match, only needs the unique values whose claims it releases to be unchanged", () => {
    expect(
      buildDeleteWithClaims("T", accounts, { ids: { accountId: "a1" }, descendants: [notes] }, current),
    ).toEqual({
      TransactItems: [
        {
          Delete: {
            TableName: "T",
            Key: { PK: "ACCOUNT#a1", SK: "PROFILE" },
            ConditionExpression: "attribute_exists(#PK) AND #handle = :handle",
            ExpressionAttributeNames: { "#PK": "PK", "#handle": "handle" },
            ExpressionAttributeValues: { ":handle": "ada" },
          },
        },
        releaseOfAdaHandle,
      ],
    });
  });

  it("under If-Match, is pinned to the revision read", () => {
    const input = buildDeleteWithClaims(
      "T",
      accounts,
      { ids: { accountId: "a1" }, descendants: [], ifMatch: [{ incarnation: "inc1", version: 3 }] },
      current,
    );
    expect(input.TransactItems?.[0]?.Delete?.ConditionExpression).toBe(
      "attribute_exists(#PK) AND #INCARNATION = :incarnation AND #version = :version",
    );
  });
});
