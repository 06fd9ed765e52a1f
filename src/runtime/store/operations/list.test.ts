import { describe, expect, it } from "vitest";
import { accounts, notes } from "../../../../test/support/store-entities.js";
import { buildList } from "./list.js";

describe("buildList", () => {
  it("queries the parent's partition by sort-key prefix, newest first, strongly consistent", () => {
    expect(buildList("T", notes, { parentIds: { accountId: "a1" }, limit: 20, caller: "a1" })).toEqual([
      {
        TableName: "T",
        ConsistentRead: true,
        KeyConditionExpression: "#PK = :pk AND begins_with(#SK, :prefix)",
        ExpressionAttributeNames: { "#PK": "PK", "#SK": "SK" },
        ExpressionAttributeValues: { ":pk": "ACCOUNT#a1", ":prefix": "NOTE#" },
        ScanIndexForward: false,
        Limit: 21,
      },
    ]);
  });

  it("serves a filter from the field's own index within the partition, never with a FilterExpression", () => {
    expect(
      buildList("T", notes, {
        parentIds: { accountId: "a1" },
        limit: 5,
        filter: { field: "pinned", value: true },
        caller: "a1",
      }),
    ).toEqual([
      {
        TableName: "T",
        IndexName: "GSI2",
        KeyConditionExpression: "#GSI2PK = :pk",
        ExpressionAttributeNames: { "#GSI2PK": "GSI2PK" },
        ExpressionAttributeValues: { ":pk": "ACCOUNT#a1#NOTE#PINNED#true" },
        ScanIndexForward: false,
        Limit: 6,
      },
    ]);
  });

  it("lists a global entity from each of its shards in the sparse index GSI1", () => {
    const queries = buildList("T", accounts, { parentIds: {}, limit: 10, caller: "admin" });
    expect(queries.map((query) => query.ExpressionAttributeValues?.[":pk"])).toEqual([
      "TYPE#ACCOUNT#0",
      "TYPE#ACCOUNT#1",
      "TYPE#ACCOUNT#2",
      "TYPE#ACCOUNT#3",
    ]);
    expect(queries[0]).toEqual({
      TableName: "T",
      IndexName: "GSI1",
      KeyConditionExpression: "#GSI1PK = :pk",
      ExpressionAttributeNames: { "#GSI1PK": "GSI1PK" },
      ExpressionAttributeValues: { ":pk": "TYPE#ACCOUNT#0" },
      ScanIndexForward: false,
      Limit: 11,
    });
  });
});
