/**
 * Field classification for an entity's schema: which fields a client may write, which are
 * required, optional, defaulted or nullable. Derived from the zod schema itself so that the
 * schema stays the single source of truth (no parallel lists to keep in sync). Written against
 * zod's core (the functions of `zod/mini`), so an app's schemas may be classic zod or `zod/mini`,
 * and a function's bundle carries only the parts of zod it uses.
 */
import * as z from "zod/mini";
import type * as core from "zod/v4/core";

export interface FieldInfo {
  readonly name: string;
  readonly schema: core.$ZodType;
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
  readonly patchSchema: core.$ZodType;
}

function withoutDefault(schema: core.$ZodType): core.$ZodType {
  const def = schema._zod.def as core.$ZodTypeDef & { readonly innerType?: core.$ZodType };
  return def.type === "default" && def.innerType !== undefined ? def.innerType : schema;
}

/** Reads a zod object shape into field descriptors. */
export function describeFields(shape: Readonly<Record<string, core.$ZodType>>): readonly FieldInfo[] {
  return Object.entries(shape).map(([name, schema]) => {
    const acceptsUndefined = z.safeParse(schema, undefined);
    const hasDefault = acceptsUndefined.success && acceptsUndefined.data !== undefined;
    const required = !acceptsUndefined.success;
    const inner = withoutDefault(schema);
    return {
      name,
      schema,
      required,
      hasDefault,
      nullable: z.safeParse(schema, null).success,
      patchSchema: required ? inner : z.nullable(inner),
    };
  });
}

/** The wrappers whose values are their inner schema's (or absent, or `null`). */
const wrappers = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/**
 * Whether every value the schema outputs, apart from an absent or `null` one, is a string: a
 * string (of any format), an enum or literal of strings, or a union or pipe ending in those. Read
 * from zod's definition (`_zod.def`, its documented interface for libraries).
 */
export function outputsStrings(schema: core.$ZodType): boolean {
  const def = schema._zod.def as unknown as Record<string, unknown> & { readonly type: string };
  if (wrappers.has(def.type)) return outputsStrings(def.innerType as core.$ZodType);
  switch (def.type) {
    case "string":
    case "template_literal":
      return true;
    case "enum":
      return Object.values(def.entries as object).every((value) => typeof value === "string");
    case "literal":
      return (def.values as readonly unknown[]).every((value) => typeof value === "string");
    case "union":
      return (def.options as readonly core.$ZodType[]).every(outputsStrings);
    case "pipe":
      return outputsStrings(def.out as core.$ZodType);
    default:
      return false;
  }
}

/** The kinds of value an index key can hold: what a `?field=value` filter is read as. */
export type ScalarKind = "boolean" | "string" | "number";

/**
 * The one kind of value the schema outputs (absent and `null` aside): `string` as `outputsStrings`
 * says, `number` for numbers and number enums or literals, `boolean`; `undefined` for anything else
 * (objects, arrays, mixed unions), which no filter can be served for.
 */
export function scalarKindOf(schema: core.$ZodType): ScalarKind | undefined {
  if (outputsStrings(schema)) return "string";
  const def = schema._zod.def as unknown as Record<string, unknown> & { readonly type: string };
  if (wrappers.has(def.type)) return scalarKindOf(def.innerType as core.$ZodType);
  const all = (values: readonly unknown[], type: string) => values.every((value) => typeof value === type);
  switch (def.type) {
    case "boolean":
      return "boolean";
    case "number":
      return "number";
    case "enum":
      return all(Object.values(def.entries as object), "number") ? "number" : undefined;
    case "literal": {
      const values = def.values as readonly unknown[];
      if (all(values, "number")) return "number";
      return all(values, "boolean") ? "boolean" : undefined;
    }
    case "pipe":
      return scalarKindOf(def.out as core.$ZodType);
    default:
      return undefined;
  }
}
