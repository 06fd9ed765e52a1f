import { describe, expect, it } from "vitest";
import { accounts, notes } from "../../../../test/support/store-entities.js";
import { buildList } from "./list.js";

describe("buildList", () => {
  it("queries the parent's partition by sort-key prefix, newest first, strongly consistent", () => {
    expect(
      buildList("T", notes, { parentIds: { accountId: "a1" }, limit: 20, filters: {}, caller: "a1" }),
    ).toEqual({
      TableName: "T",
      ConsistentRead: true,
      KeyConditionExpression: "#PK = :pk AND begins_with(#SK, :prefix)",
      ExpressionAttributeNames: { "#PK": "PK", "#SK": "SK" },
      ExpressionAttributeValues: { ":pk": "ACCOUNT#a1", ":prefix": "NOTE#" },
      ScanIndexForward: false,
      Limit: 21,
    });
  });

  it("adds equality filters, aliased", () => {
    const query = buildList("T", notes, {
      parentIds: { accountId: "a1" },
      limit: 5,
      filters: { pinned: true },
      caller: "a1",
    });
    expect(query.FilterExpression).toBe("#pinned = :pinned");
    expect(query.ExpressionAttributeValues?.[":pinned"]).toBe(true);
  });

  it("lists a global entity from the sparse index GSI1", () => {
    expect(buildList("T", accounts, { parentIds: {}, limit: 10, filters: {}, caller: "admin" })).toEqual({
      TableName: "T",
      IndexName: "GSI1",
      KeyConditionExpression: "#GSI1PK = :type",
      ExpressionAttributeNames: { "#GSI1PK": "GSI1PK" },
      ExpressionAttributeValues: { ":type": "TYPE#ACCOUNT" },
      ScanIndexForward: false,
      Limit: 11,
    });
  });
});
