import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as mini from "zod/mini";
import { expectRefused } from "../../test/support/refusals.js";
import { accounts, notes } from "../../test/support/store-entities.js";
import { jsonSchemas } from "./bodies.js";
import { defineEntity, type EntityOptions } from "./define-entity.js";

/** A root entity that works, with one thing changed. */
const entity = (changes: Partial<EntityOptions<z.ZodRawShape>>) =>
  defineEntity<z.ZodRawShape>({
    name: "x",
    collection: "xs",
    idParam: "xId",
    id: "subject",
    key: { pk: "X#{xId}", sk: "X" },
    schema: z.object({}),
    operations: {},
    ...changes,
  });

describe("defineEntity", () => {
  it("derives paths, id parameters, the owner and the read-only fields", () => {
    expect(notes.collectionPath).toBe("/accounts/{accountId}/notes");
    expect(notes.itemPath).toBe("/accounts/{accountId}/notes/{noteId}");
    expect(notes.idParams).toEqual(["accountId", "noteId"]);
    expect(notes.ownerParam).toBe("accountId");
    expect(accounts.readOnlyFields).toEqual(["accountId", "picture", "createdAt", "updatedAt", "version"]);
  });

  it("classifies fields from the schema: required, defaulted, nullable", () => {
    expect(notes.fields.map((f) => [f.name, f.required, f.hasDefault, f.nullable])).toEqual([
      ["text", true, false, false],
      ["pinned", false, true, false],
      ["remindAt", false, false, true],
    ]);
  });

  it("reads a zod/mini schema as it reads the same schema in classic zod", () => {
    const options = {
      name: "n",
      collection: "ns",
      idParam: "nId",
      id: "subject" as const,
      key: { pk: "N#{nId}", sk: "N" },
      operations: { create: "owner" as const },
    };
    const classic = defineEntity({
      ...options,
      schema: z.object({
        text: z.string().min(1).max(10),
        pinned: z.boolean().default(false),
        remindAt: z.iso.datetime().nullable().optional(),
      }),
    });
    const small = defineEntity({
      ...options,
      schema: mini.object({
        text: mini.string().check(mini.minLength(1), mini.maxLength(10)),
        pinned: mini._default(mini.boolean(), false),
        remindAt: mini.optional(mini.nullable(mini.iso.datetime())),
      }),
    });
    const classified = (entity: typeof classic | typeof small) =>
      entity.fields.map((f) => [f.name, f.required, f.hasDefault, f.nullable]);
    expect(classified(small)).toEqual(classified(classic));
    expect(jsonSchemas(small)).toEqual(jsonSchemas(classic));
  });

  it.each([
    ["a key placeholder that is not an id parameter", { key: { pk: "X#{other}", sk: "X" } }, /\{other\}/],
    [
      "owner access on items that have no owner (a root keyed by a generated id)",
      { id: "generated", operations: { get: "ownerOrAdmin" } },
      /"ownerOrAdmin" access, but its items have no owner/,
    ],
    [
      "more filters than the table has filter indexes",
      {
        schema: z.object({ a: z.boolean(), b: z.boolean(), c: z.boolean(), d: z.boolean() }),
        filters: ["a", "b", "c", "d"],
      },
      /4 filters.*keep at most 3/,
    ],
    [
      "a filter on a field no index key can hold",
      { schema: z.object({ tags: z.array(z.string()) }), filters: ["tags"] },
      /"tags" allows other values/,
    ],
    ["shards on a partition listing", { shards: 4 }, /only a "global" listing/],
    ["shards past 16", { listing: "global", shards: 17 }, /shards 17/],
    ["a TTL that is not a whole number of days", { ttl: { days: 0.5 } }, /ttl.days 0.5/],
    [
      "a writable field named as the TTL attribute",
      { ttl: { days: 1 }, schema: z.object({ expiresAt: z.number() }) },
      /"expiresAt".*server-managed/,
    ],
    ["a writable field that the server manages", { schema: z.object({ version: z.number() }) }, /"version"/],
  ] as const)("refuses %s", (_, changes, message) => {
    expectRefused(() => entity(changes), message);
  });
});

describe("entities that are not owned, filtered, sharded or expiring", () => {
  it("accept a root keyed by its own generated id, with public, authenticated or admin access", () => {
    const device = entity({ id: "generated", operations: { create: "authenticated", get: "admin" } });
    expect(device.idSource).toBe("generated");
  });

  it("spread a global listing over 4 shards unless told, and keep a partition listing in one", () => {
    expect(entity({ listing: "global" }).shards).toBe(4);
    expect(entity({ listing: "global", shards: 8 }).shards).toBe(8);
    expect(entity({}).shards).toBe(1);
  });

  it("carry the TTL in seconds, and filters on booleans, strings, enums and numbers", () => {
    const kinds = entity({
      schema: z.object({
        on: z.boolean(),
        status: z.enum(["a", "b"]),
        level: z.number().int(),
        note: z.string(),
      }),
      filters: ["on", "status", "level"],
      ttl: { days: 30 },
    });
    expect(kinds.ttlSeconds).toBe(30 * 86_400);
    expect(kinds.filters).toEqual(["on", "status", "level"]);
  });
});

describe("JSON Schemas", () => {
  it("describe create bodies as closed objects with their required fields", () => {
    const schemas = jsonSchemas(notes);
    expect(schemas.create).toMatchObject({ type: "object", required: ["text"], additionalProperties: false });
  });

  it("let a merge patch set any field, and null the ones that are not required", () => {
    const patch = jsonSchemas(notes).patch as { properties: Record<string, unknown>; required?: string[] };
    expect(patch.required).toBeUndefined();
    expect(patch.properties.text).toEqual({ type: "string", minLength: 1 });
    expect(patch.properties.remindAt).toEqual({ type: ["string", "null"] });
  });

  it("describe items with ids, files and metadata", () => {
    const item = jsonSchemas(accounts).item as { required: string[] };
    expect(item.required).toEqual(
      expect.arrayContaining(["accountId", "handle", "picture", "createdAt", "version"]),
    );
  });
});
