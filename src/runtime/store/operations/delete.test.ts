import { describe, expect, it } from "vitest";
import { accounts, notes } from "../testing.js";
import { batchSize, buildBatchDelete, buildDelete, buildSweepQuery } from "./delete.js";

describe("buildDelete", () => {
  it("is one conditional DeleteItem that returns the old item when the condition fails", () => {
    expect(
      buildDelete("T", notes, { ids: { accountId: "a1", noteId: "n1" }, descendants: [], ifMatch: [2] }),
    ).toEqual({
      TableName: "T",
      Key: { PK: "ACCOUNT#a1", SK: "NOTE#n1" },
      ConditionExpression: "attribute_exists(#PK) AND #version = :version",
      ExpressionAttributeNames: { "#PK": "PK", "#version": "version" },
      ExpressionAttributeValues: { ":version": 2 },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  });

  it("sweeps the owner's partition reading keys only", () => {
    expect(buildSweepQuery("T", accounts, { accountId: "a1" })).toEqual({
      TableName: "T",
      KeyConditionExpression: "#PK = :pk",
      ProjectionExpression: "#PK, #SK",
      ExpressionAttributeNames: { "#PK": "PK", "#SK": "SK" },
      ExpressionAttributeValues: { ":pk": "ACCOUNT#a1" },
      ConsistentRead: true,
    });
  });

  it("batches deletes in BatchWriteItem's unit of 25", () => {
    expect(batchSize).toBe(25);
    expect(buildBatchDelete("T", [{ PK: "p", SK: "s" }])).toEqual({
      RequestItems: { T: [{ DeleteRequest: { Key: { PK: "p", SK: "s" } } }] },
    });
  });
});
