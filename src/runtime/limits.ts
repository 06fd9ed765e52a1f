/**
 * Every limit the API states, in one place (API.md, Conventions and Authentication; AWS-FACTS.md
 * §6): the runtime enforces them, the local gateway enforces AWS's, and the OpenAPI document
 * states them, all reading these values, so a limit changed here is changed everywhere.
 */

const mebibyte = 1024 * 1024;

/** API Gateway's payload limit for an HTTP API request: a larger body is a 413 from the gateway. */
export const maxRequestBytes = 10 * mebibyte;

/** Lambda's synchronous invocation payload limit, for the event and for the response alike. */
export const maxLambdaPayloadBytes = 6 * mebibyte;

/** A byte count as the docs say it: `10 MB` (API Gateway and Lambda count in MiB and say MB). */
export function megabytes(bytes: number): string {
  return `${bytes / mebibyte} MB`;
}

/** A page holds this many items unless `?limit=` says otherwise… */
export const defaultPageSize = 20;
/** …and at most this many: `?limit=` is 1 to this. */
export const maxPageSize = 100;

/** A validation problem lists at most this many `errors`; its `detail` gives the total. */
export const maxListedFieldErrors = 20;

/**
 * The most entity tags one `If-Match` or `If-None-Match` may list. Each If-Match tag is one
 * alternative in the write's condition, and DynamoDB caps an expression at 4 KB and 300
 * operators (a 150-tag list was a 500); a client holds one tag per copy it keeps.
 */
export const maxEntityTags = 20;

/** An `Idempotency-Key` is 1 to this many visible ASCII characters. */
export const maxIdempotencyKeyLength = 128;

/** How long an `Idempotency-Key` is remembered: a day, as DynamoDB's TTL removes it after. */
export const idempotencyTtlSeconds = 24 * 60 * 60;

/** A caller's id (the token's `sub`) is 1 to this many visible ASCII characters. */
export const maxSubjectLength = 128;

/** Ids longer than this many UTF-8 bytes cannot exist (DynamoDB sort keys are at most 1024 bytes). */
export const maxIdBytes = 256;

/** A field message names at most this many values (allowed options, unknown keys). */
export const maxNamedValues = 10;

/** How long an upload ticket (presigned POST) and a download link (presigned GET) last: 5 minutes (API.md, Files). */
export const fileUrlSeconds = 5 * 60;
