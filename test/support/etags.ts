/**
 * Entity tags as a client handles them (API.md, Concurrency): opaque strings taken from the
 * responses that carried them, never built from a version number.
 */
import { expect } from "vitest";
import type { Reply } from "./api.js";

/** A strong entity tag (RFC 9110 §8.8.3): a quoted run of visible characters other than `"`. */
const strongTag = /^"[\x21\x23-\x7e]+"$/;

/** The strong ETag a reply carries; the test fails when it has none. */
export function tagOf(reply: Reply): string {
  const tag = reply.headers.etag;
  expect(tag, "a strong ETag").toMatch(strongTag);
  return tag as string;
}

/** The ETag a write answered, which must differ from every tag the URL had before. */
export function newTagOf(reply: Reply, earlier: readonly string[]): string {
  const tag = tagOf(reply);
  expect(earlier, "a tag the URL never had").not.toContain(tag);
  return tag;
}

/** The weak form of a tag, which `If-None-Match` accepts and `If-Match` never does. */
export const weak = (tag: string): string => `W/${tag}`;
