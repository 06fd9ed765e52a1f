/**
 * Request-body validation against an entity: every offending field is named, and read-only,
 * storage or unknown fields are refused rather than silently dropped (no mass assignment).
 * Messages come from the catalogue (`fieldMessages`) and `field-messages.ts` (zod's issues); at most
 * `maxListedFieldErrors` are listed (see `FieldErrors`).
 */
import * as z from "zod/mini";
import type { AnyEntity } from "../../model/index.js";
import { FieldErrors } from "../http/field-errors.js";
import { storageAttributes } from "../store/index.js";
import { fieldMessages, issueMessage } from "./field-messages.js";

export type BodyMode = "create" | "replace" | "patch";

/** Every schema is parsed with the house-style messages (a schema's own messages still win). */
const parseOptions = { error: issueMessage } as const;

/** One error per field: the first problem zod found with it (a malformed email is not also "too long"). */
function addIssues(errors: FieldErrors, issues: readonly z.core.$ZodIssue[], prefix: string[] = []): void {
  const seen = new Set<string>();
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(String)].join(".");
    if (seen.has(path)) continue;
    seen.add(path);
    errors.add(path, issue.message);
  }
}

function addFieldErrors(errors: FieldErrors, entity: AnyEntity, body: Record<string, unknown>): void {
  const writable = new Set(entity.fields.map((field) => field.name));
  for (const name of Object.keys(body)) {
    if (writable.has(name)) continue;
    if (entity.readOnlyFields.includes(name)) errors.add(name, fieldMessages.readOnly);
    else if (storageAttributes.includes(name)) errors.add(name, fieldMessages.storageAttribute);
    else errors.add(name, fieldMessages.notAField(entity.title));
  }
}

/**
 * The validated fields of a body: for `create`/`replace` every writable field with defaults
 * applied; for `patch` only the fields present, `null` meaning "remove" (RFC 7396).
 */
export function validateBody(
  entity: AnyEntity,
  body: Record<string, unknown>,
  mode: BodyMode,
): Record<string, unknown> {
  const errors = new FieldErrors();
  addFieldErrors(errors, entity, body);
  if (mode === "patch") {
    const changes: Record<string, unknown> = {};
    for (const field of entity.fields) {
      if (!Object.hasOwn(body, field.name)) continue;
      const value = body[field.name];
      if (value === null && field.required) {
        errors.add(field.name, fieldMessages.cannotRemove);
        continue;
      }
      const result = z.safeParse(field.patchSchema, value, parseOptions);
      if (result.success) changes[field.name] = result.data;
      else addIssues(errors, result.error.issues, [field.name]);
    }
    errors.throwIfAny();
    return changes;
  }
  const known = Object.fromEntries(
    entity.fields.filter((f) => Object.hasOwn(body, f.name)).map((f) => [f.name, body[f.name]]),
  );
  // `null` for an optional field means "not set" on create and replace, as in a merge patch.
  for (const field of entity.fields)
    if (known[field.name] === null && !field.required) delete known[field.name];
  const result = z.safeParse(entity.schema, known, parseOptions);
  if (!result.success) addIssues(errors, result.error.issues);
  errors.throwIfAny();
  return result.data as Record<string, unknown>;
}

/**
 * `value` parsed by `schema` (a custom route's body), or a 400 naming each offending field: an
 * unknown one (a strict object's) by its own path, as an entity's body names it.
 */
export function validateWithSchema<Output>(schema: z.core.$ZodType<Output>, value: unknown): Output {
  const result = z.safeParse(schema, value, parseOptions);
  if (result.success) return result.data;
  const errors = new FieldErrors();
  const issues = result.error.issues.flatMap((issue): z.core.$ZodIssue[] =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          ...issue,
          path: [...issue.path, key],
          message: fieldMessages.notAField("the body"),
        }))
      : [issue],
  );
  addIssues(errors, issues);
  errors.throwIfAny();
  throw new TypeError("zod refused the body without an issue.");
}
