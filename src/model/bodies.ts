/**
 * Request-body and item schemas derived from an entity: what `create`/`replace` accept, what a
 * JSON Merge Patch may contain, what an item looks like — as zod schemas and as JSON Schema. For
 * the OpenAPI document and clients: no function's bundle imports it, so classic zod is fine here.
 */
import * as z from "zod";
import type { Entity, FileSlot } from "./define-entity.js";

/** Server-managed fields present on every stored item. */
export interface ItemMetadata {
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface FileRef {
  readonly key: string;
  readonly contentType: string;
  readonly size: number;
}

/** The public shape of an item of entity `E`: its writable fields plus ids, files and metadata. */
// biome-ignore lint/suspicious/noExplicitAny: matches any entity shape
export type ItemOf<E extends Entity<any>> =
  E extends Entity<infer Shape>
    ? z.output<z.ZodObject<Shape>> & ItemMetadata & Record<string, unknown>
    : never;

const fileRefSchema = z.object({
  key: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
});

function fileSlotSchema(slot: FileSlot): z.ZodType {
  return slot.multiple
    ? z.array(fileRefSchema)
    : fileRefSchema.extend({ updatedAt: z.iso.datetime() }).nullable();
}

// biome-ignore lint/suspicious/noExplicitAny: any entity shape
export function bodySchemas(entity: Entity<any>) {
  const shape: Record<string, z.core.$ZodType> = entity.schema._zod.def.shape;
  const patchShape = Object.fromEntries(
    entity.fields.map((field) => [field.name, z.optional(field.patchSchema)]),
  );
  const ids = Object.fromEntries(entity.idParams.map((param) => [param, z.string()]));
  const files = Object.fromEntries(
    Object.entries(entity.files).map(([name, slot]) => [name, fileSlotSchema(slot)]),
  );
  return {
    create: z.strictObject(shape),
    replace: z.strictObject(shape),
    patch: z.strictObject(patchShape),
    item: z.strictObject({
      ...ids,
      ...shape,
      ...files,
      createdAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
      version: z.number().int().min(1),
    }),
  };
}

/** JSON Schema (draft 2020-12) of each body and of the item, for OpenAPI and for clients. */
// biome-ignore lint/suspicious/noExplicitAny: any entity shape
export function jsonSchemas(entity: Entity<any>) {
  const schemas = bodySchemas(entity);
  return {
    create: z.toJSONSchema(schemas.create, { io: "input" }),
    replace: z.toJSONSchema(schemas.replace, { io: "input" }),
    patch: z.toJSONSchema(schemas.patch, { io: "input" }),
    item: z.toJSONSchema(schemas.item, { io: "output" }),
  };
}
