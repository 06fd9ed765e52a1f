/**
 * The response headers the document names, as components (request id, ETag, Location, a file's
 * presigned Location, Retry-After, Idempotent-Replayed), and the references a response lists.
 */
import { entityTagPattern, etagOf, fileUrlSeconds } from "../runtime/index.js";
import { ref } from "./names.js";
import type { HeaderObject, ReferenceObject } from "./types.js";

export const headerNames = {
  requestId: "apigw-requestid",
  etag: "ETag",
  location: "Location",
  retryAfter: "Retry-After",
  replayed: "Idempotent-Replayed",
} as const;

/** The tag the examples show: an item at version 3. */
export const exampleEtag = etagOf({ incarnation: "q3Vt0bE9xK2a", version: 3 });

export const headerComponents: Readonly<Record<string, HeaderObject>> = {
  ApigwRequestId: {
    description: "The request's id, as API Gateway sets it on every response; the function logs it too.",
    required: true,
    schema: { type: "string" },
  },
  ETag: {
    description:
      `A strong entity tag, e.g. \`${exampleEtag}\`. Opaque: it changes on every write and never ` +
      "repeats for one URL, even after a delete and a re-create.",
    required: true,
    schema: { type: "string", pattern: entityTagPattern },
  },
  Location: {
    description: "The new item's URL path, under the same stage prefix as the request.",
    required: true,
    schema: { type: "string" },
  },
  FileLocation: {
    description: `A presigned GET URL of the file, valid for ${fileUrlSeconds / 60} minutes. The bucket is private: this is the only way to read it.`,
    required: true,
    schema: { type: "string", format: "uri" },
  },
  RetryAfter: {
    description: "Seconds to wait before retrying (sent with the problem, not with the gateway's error).",
    schema: { type: "integer", minimum: 0 },
  },
  IdempotentReplayed: {
    description:
      "`true` when this is the stored response to an earlier request with the same Idempotency-Key.",
    schema: { const: "true" },
  },
};

export type HeaderRefs = Partial<Record<(typeof headerNames)[keyof typeof headerNames], ReferenceObject>>;

export function responseHeaders(extra: HeaderRefs = {}): Record<string, ReferenceObject> {
  return { [headerNames.requestId]: ref("headers", "ApigwRequestId"), ...extra };
}

export const etagHeader = { [headerNames.etag]: ref("headers", "ETag") };
