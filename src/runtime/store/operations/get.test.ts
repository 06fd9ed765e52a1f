import { describe, expect, it } from "vitest";
import { notes } from "../../../../test/support/store-entities.js";
import { buildGet } from "./get.js";

describe("buildGet", () => {
  it("reads the item strongly consistent, so a read after a write sees it", () => {
    expect(buildGet("T", notes, { accountId: "a1", noteId: "n1" })).toEqual({
      TableName: "T",
      Key: { PK: "ACCOUNT#a1", SK: "NOTE#n1" },
      ConsistentRead: true,
    });
  });
});
