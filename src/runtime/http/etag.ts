/**
 * Entity tags are the item's version, as a strong tag: `ETag: "3"`. If-Match compares strongly
 * (a weak tag never matches), If-None-Match weakly (RFC 9110 §13.1.1–2).
 */
import type { VersionCondition } from "../store/index.js";

export function etagOf(version: number): string {
  return `"${version}"`;
}

interface EntityTag {
  readonly weak: boolean;
  readonly version: number | undefined;
}

function parseTags(header: string): EntityTag[] {
  return header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const weak = part.startsWith("W/");
      const match = /^"(\d{1,15})"$/.exec(weak ? part.slice(2) : part);
      return { weak, version: match === null ? undefined : Number(match[1]) };
    });
}

/** The versions `If-Match` accepts; a tag that is malformed or weak accepts none. */
export function ifMatchCondition(header: string | undefined): VersionCondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === "*") return "any";
  return parseTags(header)
    .filter((tag) => !tag.weak && tag.version !== undefined)
    .map((tag) => tag.version as number);
}

/** Whether `If-None-Match` matches the current version (then a GET answers 304). */
export function ifNoneMatchMatches(header: string | undefined, version: number): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  return parseTags(header).some((tag) => tag.version === version);
}
