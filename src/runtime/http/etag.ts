/**
 * Entity tags from an item's revision (API.md, Conventions): `"<incarnation>.<version>"`, strong.
 * The incarnation token makes a tag never repeat for one URL, even after a delete and a
 * re-create; an item written before tokens existed keeps the bare `"<version>"`. If-Match
 * compares strongly (a weak tag never matches), If-None-Match weakly (RFC 9110 §13.1.1–2).
 */
import { maxEntityTags } from "../limits.js";
import { type Revision, type RevisionCondition, sameRevision } from "../store/index.js";
import { fieldMessages } from "./problem-catalogue.js";
import { ValidationProblem } from "./problems.js";

export function etagOf(revision: Revision): string {
  return revision.incarnation === undefined
    ? `"${revision.version}"`
    : `"${revision.incarnation}.${revision.version}"`;
}

interface EntityTag {
  readonly weak: boolean;
  readonly revision: Revision | undefined;
}

/** A tag this API made: an optional base64url token, a dot, then the version. */
const tagPattern = /^"(?:([A-Za-z0-9_-]{1,64})\.)?(\d{1,15})"$/;

/** {@link tagPattern} as the OpenAPI document states it. */
export const entityTagPattern = tagPattern.source;

export type ConditionalHeader = "If-Match" | "If-None-Match";

/** The 400 for a header listing more than {@link maxEntityTags} tags. */
export function tooManyEntityTags(name: ConditionalHeader): ValidationProblem {
  return new ValidationProblem([{ path: name, message: fieldMessages.tooManyTags(maxEntityTags) }]);
}

/** The tags a header lists; more than {@link maxEntityTags} is a 400 naming the header. */
function parseTags(header: string, name: ConditionalHeader): EntityTag[] {
  const parts = header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length > maxEntityTags) throw tooManyEntityTags(name);
  return parts.map((part) => {
    const weak = part.startsWith("W/");
    const match = tagPattern.exec(weak ? part.slice(2) : part);
    return {
      weak,
      revision: match === null ? undefined : { incarnation: match[1], version: Number(match[2]) },
    };
  });
}

/** The revisions `If-Match` accepts; a tag that is malformed or weak accepts none. */
export function ifMatchCondition(header: string | undefined): RevisionCondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === "*") return "any";
  return parseTags(header, "If-Match").flatMap((tag) =>
    tag.weak || tag.revision === undefined ? [] : [tag.revision],
  );
}

/** Whether `If-None-Match` matches the current revision (then a GET answers 304). */
export function ifNoneMatchMatches(header: string | undefined, current: Revision): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  return parseTags(header, "If-None-Match").some(
    (tag) => tag.revision !== undefined && sameRevision(tag.revision, current),
  );
}
