/**
 * Entity tags from an item's revision (API.md, Conventions): `"<incarnation>.<version>"`, strong.
 * The incarnation token makes a tag never repeat for one URL, even after a delete and a
 * re-create; an item written before tokens existed keeps the bare `"<version>"`. If-Match
 * compares strongly (a weak tag never matches), If-None-Match weakly (RFC 9110 §13.1.1–2).
 */
import type { Revision, RevisionCondition } from "../store/index.js";

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

function parseTags(header: string): EntityTag[] {
  return header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const weak = part.startsWith("W/");
      const match = tagPattern.exec(weak ? part.slice(2) : part);
      return {
        weak,
        revision: match === null ? undefined : { incarnation: match[1], version: Number(match[2]) },
      };
    });
}

const sameRevision = (a: Revision, b: Revision) => a.incarnation === b.incarnation && a.version === b.version;

/** The revisions `If-Match` accepts; a tag that is malformed or weak accepts none. */
export function ifMatchCondition(header: string | undefined): RevisionCondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === "*") return "any";
  return parseTags(header).flatMap((tag) => (tag.weak || tag.revision === undefined ? [] : [tag.revision]));
}

/** Whether `If-None-Match` matches the current revision (then a GET answers 304). */
export function ifNoneMatchMatches(header: string | undefined, current: Revision): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  return parseTags(header).some((tag) => tag.revision !== undefined && sameRevision(tag.revision, current));
}
