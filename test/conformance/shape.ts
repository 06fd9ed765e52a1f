/**
 * Comparing payload 2.0 events by shape — which keys, which types, which formats — rather than by value,
 * and loading the events AWS published (test/fixtures/apigw-v2-events) to compare them with.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A JSON object, as an event is once parsed. */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * A value's structure: the type of each leaf, `{ key: shape }` for an object, `[element shapes]` for an
 * array (each distinct element shape once). A dictionary — an object whose keys are data, like `headers` —
 * is `{ "*": shape of its values }`.
 */
export type Shape =
  | "string"
  | "number"
  | "boolean"
  | "null"
  | readonly Shape[]
  | { readonly [key: string]: Shape };

/** The key standing for every key of a dictionary in a {@link Shape}. */
export const anyKey = "*";

/** The dictionaries of a payload 2.0 event: their keys are header, parameter or claim names, not structure. */
export const eventDictionaries: readonly string[] = [
  "headers",
  "queryStringParameters",
  "pathParameters",
  "stageVariables",
  "requestContext.authorizer.jwt.claims",
  "requestContext.authorizer.lambda",
];

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function distinct(shapes: readonly Shape[]): Shape[] {
  const seen = new Map<string, Shape>();
  for (const shape of shapes) seen.set(JSON.stringify(shape), shape);
  return [...seen.values()];
}

const child = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);

/**
 * The shape of a JSON value. `dictionaries` are dotted paths whose keys vary from event to event; their
 * values collapse into `{ "*": shape }` when they all have the same shape (else each key is kept, so a
 * stray number among string headers still shows).
 *
 * @example shapeOf({ headers: { a: "1", b: "2" }, cookies: [] }) // { headers: { "*": "string" }, cookies: [] }
 */
export function shapeOf(
  value: unknown,
  dictionaries: readonly string[] = eventDictionaries,
  path = "",
): Shape {
  if (value === null) return "null";
  if (Array.isArray(value))
    return distinct(value.map((element) => shapeOf(element, dictionaries, `${path}[]`)));
  if (isObject(value)) {
    const entries = Object.entries(value).map(
      ([key, item]) => [key, shapeOf(item, dictionaries, child(path, key))] as const,
    );
    if (dictionaries.includes(path)) {
      const valueShapes = distinct(entries.map(([, shape]) => shape));
      if (valueShapes.length === 1) return { [anyKey]: valueShapes[0] as Shape };
    }
    return Object.fromEntries(entries);
  }
  const type = typeof value;
  if (type === "string" || type === "number" || type === "boolean") return type;
  throw new TypeError(`${path || "the value"} is not JSON (${type}).`);
}

/**
 * Every leaf of a shape as `path: type`, e.g. `headers.*: string`, `cookies[]: string`, `body: string`;
 * an empty array or object is a leaf of its own (`[]`, `{}`).
 */
export function leavesOf(shape: Shape, path = ""): string[] {
  if (typeof shape === "string") return [`${path}: ${shape}`];
  if (Array.isArray(shape)) {
    const elements = shape as readonly Shape[];
    return elements.length === 0
      ? [`${path}: []`]
      : elements.flatMap((element) => leavesOf(element, `${path}[]`));
  }
  const entries = Object.entries(shape as { readonly [key: string]: Shape });
  return entries.length === 0
    ? [`${path}: {}`]
    : entries.flatMap(([key, item]) => leavesOf(item, child(path, key)));
}

/** The value at a dotted path (`requestContext.http.path`), or `undefined`. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Whether the key at a dotted path is present at all (even with a `null` or `undefined` value). */
export function has(value: unknown, path: string): boolean {
  const keys = path.split(".");
  const last = keys.pop() as string;
  const parent = keys.length === 0 ? value : at(value, keys.join("."));
  return isObject(parent) && Object.hasOwn(parent, last);
}

/** The keys of the object at a dotted path (the value itself when `path` is omitted), sorted. */
export function keysAt(value: unknown, path?: string): string[] {
  const target = path === undefined ? value : at(value, path);
  return isObject(target) ? Object.keys(target).sort() : [];
}

/** A deep copy without the keys at the given dotted paths. */
export function without<T>(value: T, paths: readonly string[]): T {
  const copy = structuredClone(value);
  for (const path of paths) {
    const keys = path.split(".");
    const last = keys.pop() as string;
    const parent = keys.length === 0 ? copy : at(copy, keys.join("."));
    if (isObject(parent)) delete (parent as Record<string, unknown>)[last];
  }
  return copy;
}

export interface Fixture {
  readonly name: string;
  /** `captured`: recorded from a real API; `synthetic`: written by hand (its values are placeholders). */
  readonly provenance: "captured" | "synthetic";
  readonly event: JsonObject;
}

/** The fixtures of `dir`, each with the provenance its README's table gives it. */
export function loadFixtures(dir: string): Fixture[] {
  const provenance = new Map<string, "captured" | "synthetic">();
  for (const line of readFileSync(join(dir, "README.md"), "utf8").split("\n")) {
    const row = /^\|\s*([^|\s]+\.json)\s*\|[^|]*\|\s*(captured|synthetic)\s*\|/.exec(line);
    if (row !== null) provenance.set(row[1] as string, row[2] as "captured" | "synthetic");
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      const kind = provenance.get(name);
      if (kind === undefined)
        throw new Error(`${name} has no row in ${dir}/README.md saying where it comes from.`);
      const event: unknown = JSON.parse(readFileSync(join(dir, name), "utf8"));
      if (!isObject(event)) throw new Error(`${name} is not a JSON object.`);
      return { name, provenance: kind, event };
    });
}
