import { describe, expect, it } from "vitest";
import {
  accounts,
  fixedNow,
  notes,
  releaseOfAdaHandle,
  storedAccount,
} from "../../../../test/support/store-entities.js";
import { buildClaimMove, buildUpdate, type UpdateInput } from "./update.js";

const ids = { accountId: "a1", noteId: "n1" };

/** A patch renaming account `a1` (handle `ada`, `storedAccount`) to `neo`. */
const renameAda: UpdateInput = { ids: { accountId: "a1" }, mode: "patch", changes: { handle: "neo" } };

/** `buildUpdate` of note `n1` on table `T` at `fixedNow`. */
function updateNote(input: Omit<UpdateInput, "ids">) {
  return buildUpdate("T", notes, { ids, ...input }, fixedNow);
}

describe("buildUpdate", () => {
  it("patches as one UpdateItem: SET the given fields, REMOVE nulls, ADD version 1, aliasing every name", () => {
    const { input } = updateNote({ mode: "patch", changes: { text: "new", remindAt: null } });
    expect(input).toEqual({
      TableName: "T",
      Key: { PK: "ACCOUNT#a1", SK: "NOTE#n1" },
      UpdateExpression: "SET #text = :text, #updatedAt = :updatedAt REMOVE #remindAt ADD #version :one",
      ConditionExpression: "attribute_exists(#PK)",
      ExpressionAttributeNames: {
        "#text": "text",
        "#remindAt": "remindAt",
        "#updatedAt": "updatedAt",
        "#PK": "PK",
        "#version": "version",
      },
      ExpressionAttributeValues: { ":text": "new", ":updatedAt": "2026-01-02T03:04:05.678Z", ":one": 1 },
      ReturnValues: "ALL_NEW",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  });

  it("puts a field's default back when a patch removes it, and moves the field's filter index with it", () => {
    const { input } = updateNote({ mode: "patch", changes: { pinned: null } });
    expect(input.UpdateExpression).toBe(
      "SET #pinned = :pinned, #GSI2PK = :GSI2PK, #GSI2SK = :GSI2SK, #updatedAt = :updatedAt ADD #version :one",
    );
    expect(input.ExpressionAttributeValues?.[":pinned"]).toBe(false);
    expect(input.ExpressionAttributeValues?.[":GSI2PK"]).toBe("ACCOUNT#a1#NOTE#PINNED#false");
  });

  it("replaces every writable field: absent optional ones are removed", () => {
    const { input } = updateNote({ mode: "replace", changes: { text: "t", pinned: true } });
    expect(input.UpdateExpression).toBe(
      "SET #text = :text, #pinned = :pinned, #GSI2PK = :GSI2PK, #GSI2SK = :GSI2SK, #updatedAt = :updatedAt REMOVE #remindAt ADD #version :one",
    );
  });

  it("makes the write conditional on the If-Match revisions", () => {
    const one = updateNote({
      mode: "patch",
      changes: { text: "x" },
      ifMatch: [{ incarnation: "inc1", version: 3 }],
    });
    expect(one.input.ConditionExpression).toBe(
      "attribute_exists(#PK) AND #INCARNATION = :incarnation AND #version = :version",
    );
    expect(one.input.ExpressionAttributeValues?.[":incarnation"]).toBe("inc1");
    expect(one.input.ExpressionAttributeValues?.[":version"]).toBe(3);
    const two = updateNote({
      mode: "patch",
      changes: { text: "x" },
      ifMatch: [
        { incarnation: "inc1", version: 3 },
        { incarnation: undefined, version: 4 },
      ],
    });
    expect(two.input.ConditionExpression).toBe(
      "attribute_exists(#PK) AND ((#INCARNATION = :incarnation AND #version = :version) OR " +
        "(attribute_not_exists(#INCARNATION) AND #version = :version2))",
    );
    const any = updateNote({ mode: "patch", changes: { text: "x" }, ifMatch: "any" });
    expect(any.input.ConditionExpression).toBe("attribute_exists(#PK)");
  });

  it("matches an item written before incarnation tokens by its version alone", () => {
    const { input } = updateNote({
      mode: "patch",
      changes: { text: "x" },
      ifMatch: [{ incarnation: undefined, version: 2 }],
    });
    expect(input.ConditionExpression).toBe(
      "attribute_exists(#PK) AND attribute_not_exists(#INCARNATION) AND #version = :version",
    );
  });

  it("guards a unique value so that changing it fails over to the claim-moving transaction", () => {
    const { input } = buildUpdate("T", accounts, renameAda, fixedNow);
    expect(input.ConditionExpression).toBe("attribute_exists(#PK) AND #handle = :handle");
  });

  it("pins the transaction's update to the revision it read, without the unique guard", () => {
    const { input } = buildUpdate("T", accounts, renameAda, fixedNow, {
      guardUnique: false,
      expected: { incarnation: "inc1", version: 7 },
    });
    expect(input.ConditionExpression).toBe(
      "attribute_exists(#PK) AND #INCARNATION = :incarnation AND #version = :version",
    );
    expect(input.ExpressionAttributeValues?.[":version"]).toBe(7);
  });
});

describe("buildClaimMove", () => {
  const current = storedAccount();

  it("updates at the revision read, releases the old claim and takes the new one, in one transaction", () => {
    const { input, takes } = buildClaimMove("T", accounts, renameAda, current, fixedNow);
    expect(input.TransactItems?.[0]?.Update).toMatchObject({
      Key: { PK: "ACCOUNT#a1", SK: "PROFILE" },
      ConditionExpression: "attribute_exists(#PK) AND #INCARNATION = :incarnation AND #version = :version",
      ExpressionAttributeValues: { ":handle": "neo", ":version": 4 },
    });
    expect(input.TransactItems?.[0]?.Update).not.toHaveProperty("ReturnValues");
    expect(input.TransactItems?.slice(1)).toEqual([
      releaseOfAdaHandle,
      {
        Put: {
          TableName: "T",
          Item: {
            PK: "UNIQUE#ACCOUNT#HANDLE#neo",
            SK: "UNIQUE#ACCOUNT#HANDLE",
            claimedBy: "ACCOUNT#a1|PROFILE",
          },
          ConditionExpression: "attribute_not_exists(#PK)",
          ExpressionAttributeNames: { "#PK": "PK" },
        },
      },
    ]);
    expect([...takes]).toEqual([[2, "handle"]]);
  });
});
