/** JSON request bodies: present, valid JSON, and an object (API.md, Conventions). */
import { BadRequestProblem } from "./problems.js";

export function readJsonObject(body: Buffer | undefined): Record<string, unknown> {
  if (body === undefined) throw new BadRequestProblem("The request needs a JSON object body.");
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new BadRequestProblem("The request body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    throw new BadRequestProblem(`The request body must be a JSON object, not ${kind}.`);
  }
  return value as Record<string, unknown>;
}
