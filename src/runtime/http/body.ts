/** JSON request bodies: declared as JSON, present, valid JSON, and an object (API.md, Conventions). */
import { requireJsonContentType } from "./content-type.js";
import { problemCatalogue } from "./problem-catalogue.js";
import { BadRequestProblem } from "./problems.js";

const { details } = problemCatalogue.badRequest;

import type { HttpRequest } from "./request.js";

/** The body of a request to a route that takes one: 415 unless it says it is JSON, then as {@link readJsonObject}. */
export function readJsonBody(request: HttpRequest): Record<string, unknown> {
  requireJsonContentType(request.headers, request.method);
  return readJsonObject(request.body);
}

export function readJsonObject(body: Buffer | undefined): Record<string, unknown> {
  if (body === undefined) throw new BadRequestProblem(details.bodyMissing);
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new BadRequestProblem(details.bodyNotJson);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    throw new BadRequestProblem(details.bodyNotObject(kind));
  }
  return value as Record<string, unknown>;
}
