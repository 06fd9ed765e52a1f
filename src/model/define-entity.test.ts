import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as mini from "zod/mini";
import { expectRefused } from "../../test/support/refusals.js";
import { accounts, notes } from "../../test/support/store-entities.js";
import { jsonSchemas } from "./bodies.js";
import { defineEntity, type EntityOptions } from "./define-entity.js";

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

  it.each([
    ["a key placeholder that is not an id parameter", { key: { pk: "X#{other}", sk: "X" } }, /\{other\}/],
    [
      "a root entity whose id is not the caller's subject",
      { id: "generated" },
      /must be the caller's subject/,
    ],
    ["a writable field that the server manages", { schema: z.object({ version: z.number() }) }, /"version"/],
  ] as const)("refuses %s", (_, changes, message) => {
    expectRefused(() => entity(changes), message);
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
