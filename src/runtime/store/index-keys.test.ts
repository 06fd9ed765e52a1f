import { describe, expect, it } from "vitest";
import { accounts, notes } from "../../../test/support/store-entities.js";
import { filterValueKey, indexAttributes, indexUpdates, listingPartitionOf, shardOf } from "./index-keys.js";

describe("shards", () => {
  it("are the same for an id on every run and release (FNV-1a of its UTF-8 bytes)", () => {
    expect([shardOf("alice", 4), shardOf("bob", 4), shardOf("żółw", 4), shardOf("alice", 16)]).toEqual([
      shardOf("alice", 4),
      shardOf("bob", 4),
      shardOf("żółw", 4),
      shardOf("alice", 16),
    ]);
    // FNV-1a's published test vectors: changing the hash would move every stored item to another shard.
    expect(shardOf("a", 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    expect(shardOf("foobar", 2 ** 31)).toBe(0xbf9cf968 % 2 ** 31);
  });

  it("spread ids evenly, so each index partition takes about 1/n of the writes", () => {
    const counts = new Map<number, number>();
    for (let n = 0; n < 4000; n++) {
      const shard = shardOf(`0190a1b2-${n.toString(16).padStart(4, "0")}-7abc`, 4);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const count of counts.values()) expect(count).toBeGreaterThan(850);
  });
});

describe("filter value keys", () => {
  it("spell booleans and numbers as JSON, and short plain strings as they are", () => {
    expect([filterValueKey(true), filterValueKey(-2.5), filterValueKey("active")]).toEqual([
      "true",
      "-2.5",
      "active",
    ]);
  });

  it("key long strings, and strings holding # or ~, by their digest, so no value poses as another partition", () => {
    const posing = filterValueKey("x#NOTE#PINNED#true");
    expect(posing).toMatch(/^~[A-Za-z0-9_-]{43}$/);
    expect(filterValueKey("~plain")).not.toBe("~plain");
    expect(filterValueKey("a".repeat(201))).toMatch(/^~/);
    expect(filterValueKey("a".repeat(201))).not.toBe(filterValueKey("a".repeat(202)));
  });

  it("leave absent and null values out of the index", () => {
    expect([filterValueKey(undefined), filterValueKey(null)]).toEqual([undefined, undefined]);
  });
});

describe("index attributes", () => {
  it("put a global item in its shard, newest first by creation time", () => {
    const attributes = indexAttributes(
      accounts,
      { accountId: "alice" },
      {},
      "2026-01-01T00:00:00.000Z",
      "PROFILE",
    );
    expect(attributes).toEqual({
      GSI1PK: `TYPE#ACCOUNT#${shardOf("alice", 4)}`,
      GSI1SK: "2026-01-01T00:00:00.000Z#alice",
    });
    expect(listingPartitionOf(accounts, { accountId: "alice" })).toBe(attributes.GSI1PK);
  });

  it("put a partition item's filter value under its partition, ordered by its sort key", () => {
    const ids = { accountId: "a1", noteId: "0190" };
    expect(indexAttributes(notes, ids, { pinned: false }, "2026-01-01T00:00:00.000Z", "NOTE#0190")).toEqual({
      GSI2PK: "ACCOUNT#a1#NOTE#PINNED#false",
      GSI2SK: "NOTE#0190",
    });
  });

  it("move with the filter fields an update changes, and leave the index when a value is removed", () => {
    const ids = { accountId: "a1", noteId: "0190" };
    expect(indexUpdates(notes, ids, new Map([["pinned", true]]))).toEqual([
      { attribute: "GSI2PK", value: "ACCOUNT#a1#NOTE#PINNED#true" },
      { attribute: "GSI2SK", value: "NOTE#0190" },
    ]);
    expect(indexUpdates(notes, ids, new Map([["pinned", undefined]]))).toEqual([
      { attribute: "GSI2PK", remove: true },
      { attribute: "GSI2SK", remove: true },
    ]);
    expect(indexUpdates(notes, ids, new Map([["text", "x"]]))).toEqual([]);
  });
});
