/**
 * Field classification for an entity's schema: which fields a client may write, which are
 * required, optional, defaulted or nullable. Derived from the zod schema itself so that the
 * schema stays the single source of truth (no parallel lists to keep in sync).
 */
import { z } from "zod";

export interface FieldInfo {
  readonly name: string;
  readonly schema: z.ZodType;
  /** Must be present on create and on a full replace. */
  readonly required: boolean;
  /** The schema fills a value in when the field is absent (e.g. `done` → false). */
  readonly hasDefault: boolean;
  /** `null` is a value of the field (e.g. `dueAt`), so responses show `null` when it is unset. */
  readonly nullable: boolean;
  /**
   * The field inside a JSON Merge Patch: without its default (a patch never invents a value for a
   * field it does not name), and `null` allowed unless the field is required (`null` removes it).
   * Built once here, not per request.
   */
  readonly patchSchema: z.ZodType;
}

function withoutDefault(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
}

/** Reads a zod object shape into field descriptors. */
export function describeFields(shape: Readonly<Record<string, z.ZodType>>): readonly FieldInfo[] {
  return Object.entries(shape).map(([name, schema]) => {
    const acceptsUndefined = schema.safeParse(undefined);
    const hasDefault = acceptsUndefined.success && acceptsUndefined.data !== undefined;
    const required = !acceptsUndefined.success;
    const inner = withoutDefault(schema);
    return {
      name,
      schema,
      required,
      hasDefault,
      nullable: schema.safeParse(null).success,
      patchSchema: required ? inner : inner.nullable(),
    };
  });
}
