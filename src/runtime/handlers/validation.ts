/**
 * Request-body validation against an entity: every offending field is named, and read-only,
 * storage or unknown fields are refused rather than silently dropped (no mass assignment).
 */
import type { z } from "zod";
import type { AnyEntity } from "../../model/index.js";
import { type FieldError, ValidationProblem } from "../http/problems.js";
import { storageAttributes } from "../store/index.js";

export type BodyMode = "create" | "replace" | "patch";

/** One error per field: the first problem zod found with it (a malformed email is not also "too long"). */
function issueErrors(issues: readonly z.core.$ZodIssue[], prefix: string[] = []): FieldError[] {
  const errors = new Map<string, FieldError>();
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(String)].join(".");
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    if (!errors.has(path)) errors.set(path, { path, message: missing ? "is required" : issue.message });
  }
  return [...errors.values()];
}

function fieldErrors(entity: AnyEntity, body: Record<string, unknown>): FieldError[] {
  const writable = new Set(entity.fields.map((field) => field.name));
  const errors: FieldError[] = [];
  for (const name of Object.keys(body)) {
    if (writable.has(name)) continue;
    if (entity.readOnlyFields.includes(name)) errors.push({ path: name, message: "is read-only" });
    else if (storageAttributes.includes(name)) errors.push({ path: name, message: "is a storage attribute" });
    else errors.push({ path: name, message: `is not a field of ${entity.title}` });
  }
  return errors;
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
  const errors = fieldErrors(entity, body);
  if (mode === "patch") {
    const changes: Record<string, unknown> = {};
    for (const field of entity.fields) {
      if (!Object.hasOwn(body, field.name)) continue;
      const value = body[field.name];
      if (value === null && field.required) {
        errors.push({ path: field.name, message: "is required and cannot be removed" });
        continue;
      }
      const result = field.patchSchema.safeParse(value);
      if (result.success) changes[field.name] = result.data;
      else errors.push(...issueErrors(result.error.issues, [field.name]));
    }
    if (errors.length > 0) throw new ValidationProblem(errors);
    return changes;
  }
  const known = Object.fromEntries(
    entity.fields.filter((f) => Object.hasOwn(body, f.name)).map((f) => [f.name, body[f.name]]),
  );
  // `null` for an optional field means "not set" on create and replace, as in a merge patch.
  for (const field of entity.fields)
    if (known[field.name] === null && !field.required) delete known[field.name];
  const result = entity.schema.safeParse(known);
  if (!result.success) errors.push(...issueErrors(result.error.issues));
  if (errors.length > 0) throw new ValidationProblem(errors);
  return result.data as Record<string, unknown>;
}
