/**
 * Every problem the API answers with, in one place: for each kind its type slug, title and status,
 * and every detail it can carry (a function where the text names something), then the messages of
 * Portico's own field checks. The problem classes build from it, every throw site takes its text
 * from it, and the OpenAPI document's examples are built from the same entries, so a text edited
 * here is edited in the answers and in the docs at once.
 */
import { maxSubjectLength } from "../limits.js";

export interface ProblemKind {
  /** The last part of the problem's `type`, `urn:portico:problem:<slug>`, and of its error `code`. */
  readonly slug: string;
  readonly title: string;
  readonly status: number;
}

/** How a detail names an entity: its title in lower case (`account`). */
export function entityNoun(entity: { readonly title: string }): string {
  return entity.title.toLowerCase();
}

export const problemCatalogue = {
  badRequest: {
    slug: "bad-request",
    title: "Bad Request",
    status: 400,
    details: {
      bodyMissing: "The request needs a JSON object body.",
      bodyNotJson: "The request body is not valid JSON.",
      /** `kind`: what the body is instead (`an array`, `null`). */
      bodyNotObject: (kind: string) => `The request body must be a JSON object, not ${kind}.`,
    },
  },
  validation: {
    slug: "validation-error",
    title: "Validation Failed",
    status: 400,
    details: {
      /** `total` errors were found, `listed` of them are in `errors`. */
      invalidFields: (total: number, listed: number) =>
        total > listed
          ? `The request has ${total} invalid fields; the first ${listed} are listed.`
          : `The request has ${total} invalid ${total === 1 ? "field" : "fields"}.`,
    },
  },
  unauthorized: {
    slug: "unauthorized",
    title: "Unauthorized",
    status: 401,
    details: { noToken: "The request carries no valid token." },
  },
  forbidden: {
    slug: "forbidden",
    title: "Forbidden",
    status: 403,
    details: {
      ownerOnly: "Only the owner may do this.",
      ownerOrAdmin: "Only the owner or an admin may do this.",
      needsScope: (scope: string) => `This route needs the scope ${scope}.`,
      subjectNotCaller: `The token's sub must be 1–${maxSubjectLength} visible ASCII characters to identify a caller.`,
    },
  },
  notFound: {
    slug: "not-found",
    title: "Not Found",
    status: 404,
    details: {
      /** A path no item can have (an empty or oversized id). */
      noMatch: (noun: string) => `No ${noun} matches this path.`,
      missing: (noun: string) => `The ${noun} does not exist.`,
      /** `slot`: the file slot (`avatar`). */
      noFile: (noun: string, slot: string) => `The ${noun} has no ${slot}.`,
    },
  },
  conflict: {
    slug: "conflict",
    title: "Conflict",
    status: 409,
    details: {
      exists: (noun: string) => `The ${noun} already exists.`,
      uniqueTaken: (field: string, noun: string) => `The ${field} is already taken by another ${noun}.`,
      slotFull: (noun: string, slot: string, max: number) =>
        `The ${noun} already has ${max} ${slot}, the most it can have.`,
    },
  },
  preconditionFailed: {
    slug: "precondition-failed",
    title: "Precondition Failed",
    status: 412,
    details: {
      // Nothing of versions: tags are opaque, and a stale tag may be from an earlier life of the item.
      changed: (noun: string) =>
        `The ${noun} has changed since the ETag in If-Match was read; nothing was written. ` +
        "Read it again, then retry with its current ETag.",
    },
  },
  unsupportedMediaType: {
    slug: "unsupported-media-type",
    title: "Unsupported Media Type",
    status: 415,
    details: {
      notJson: (mediaType: string) =>
        `The request body must be JSON in UTF-8, sent with Content-Type: ${mediaType}.`,
    },
  },
  unprocessableContent: {
    slug: "unprocessable-content",
    title: "Unprocessable Content",
    status: 422,
    details: {
      idempotencyKeyReused: "This Idempotency-Key was already used with a different request body.",
    },
  },
  serviceUnavailable: {
    slug: "service-unavailable",
    title: "Service Unavailable",
    status: 503,
    details: { busy: "The service is busy; retry after the given delay." },
  },
  internal: {
    slug: "internal-error",
    title: "Internal Server Error",
    status: 500,
    details: { unexpected: "The request failed unexpectedly." },
  },
} as const satisfies Record<string, ProblemKind & { readonly details: object }>;

/**
 * The messages Portico's own checks give one field, query parameter or header (body shape,
 * query, headers), in the house style of `handlers/field-messages.ts`, which maps zod's issues.
 */
export const fieldMessages = {
  required: "is required",
  cannotRemove: "is required and cannot be removed",
  readOnly: "is read-only",
  storageAttribute: "is a storage attribute",
  notAField: (entityTitle: string) => `is not a field of ${entityTitle}`,
  booleanQuery: "must be true or false",
  numberQuery: "must be a number",
  oneFilter: (names: readonly string[]) =>
    `is one filter too many: filter on one of ${names.join(", ")} at a time`,
  integerRange: (min: number, max: number) => `must be an integer from ${min} to ${max}`,
  foreignCursor: "is not a cursor this query issued",
  visibleAscii: (max: number) => `must be 1–${max} visible ASCII characters`,
  tooManyTags: (max: number) => `must list at most ${max} entity tags`,
  expectedString: "expected a string",
  /** `allowed`: the media types the file slot accepts. */
  contentTypeNotAllowed: (allowed: readonly string[]) => `must be one of ${allowed.join(", ")}`,
} as const;
