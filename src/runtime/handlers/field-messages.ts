/**
 * The message a validation problem gives for each zod issue, in the house style of the fixed
 * messages of Portico's own checks (`fieldMessages`, in `http/problem-catalogue.ts`): a phrase that
 * follows the field's path and says what was expected, with the limit (`title: must be at most
 * 200 characters`, `done: expected a boolean`). zod's own texts ("Invalid input: expected
 * string, received number") are replaced issue kind by issue kind; a message the schema author
 * wrote (`.regex(re, "must be E.164")`) wins, as zod gives schema-level messages precedence over
 * the per-parse map passed here.
 */
import type { z } from "zod";
import { fieldMessages } from "../http/problem-catalogue.js";
import { maxNamedValues } from "../limits.js";

/** The messages of Portico's own checks are the catalogue's; re-exported for the checks here. */
export { fieldMessages };

/** zod's `expected` names, as a client reads them in JSON terms. */
const expectedNames: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  bigint: "an integer",
  boolean: "a boolean",
  object: "an object",
  record: "an object",
  map: "an object",
  array: "an array",
  tuple: "an array",
  set: "an array",
  null: "null",
  date: "a date-time string",
};

function expectedName(expected: string): string {
  return expectedNames[expected] ?? `a value of type ${expected}`;
}

/** What a string format means to a client. */
const formatNames: Readonly<Record<string, string>> = {
  email: "an email address",
  url: "a URL",
  uuid: "a UUID",
  guid: "a GUID",
  datetime: "an ISO 8601 date-time",
  date: "an ISO 8601 date (YYYY-MM-DD)",
  time: "an ISO 8601 time",
  duration: "an ISO 8601 duration",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  base64: "base64 text",
  base64url: "base64url text",
  e164: "an E.164 phone number",
  jwt: "a JWT",
};

const plural = (count: number | bigint, one: string, many: string) =>
  `${count} ${Number(count) === 1 ? one : many}`;

function sizeUnit(origin: string, count: number | bigint): string | undefined {
  if (origin === "string") return plural(count, "character", "characters");
  if (origin === "array" || origin === "set") return plural(count, "item", "items");
  if (origin === "file") return plural(count, "byte", "bytes");
  return undefined;
}

/** The words of a lower or an upper bound: "at least"/"greater than", "at most"/"less than". */
const boundWords = {
  min: { inclusive: "at least", exclusive: "greater than" },
  max: { inclusive: "at most", exclusive: "less than" },
} as const;

/** A size (characters, items, bytes) or a number out of its bound, in the house style. */
function outOfBound(
  side: keyof typeof boundWords,
  issue: { origin: string; exact?: boolean; inclusive?: boolean },
  limit: number | bigint,
): string {
  const words = boundWords[side];
  const unit = sizeUnit(issue.origin, limit);
  if (unit !== undefined) {
    if (issue.exact === true) return `must be exactly ${unit}`;
    return issue.origin === "string"
      ? `must be ${words.inclusive} ${unit}`
      : `must have ${words.inclusive} ${unit}`;
  }
  return issue.inclusive === false
    ? `must be ${words.exclusive} ${limit}`
    : `must be ${words.inclusive} ${limit}`;
}

function tooSmall(issue: z.core.$ZodRawIssue<z.core.$ZodIssueTooSmall>): string {
  return outOfBound("min", issue, issue.minimum);
}

function tooBig(issue: z.core.$ZodRawIssue<z.core.$ZodIssueTooBig>): string {
  return outOfBound("max", issue, issue.maximum);
}

function invalidFormat(issue: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidStringFormat>): string {
  const { format } = issue;
  const detail = issue as { prefix?: string; suffix?: string; includes?: string; pattern?: string };
  if (format === "starts_with") return `must start with ${JSON.stringify(detail.prefix)}`;
  if (format === "ends_with") return `must end with ${JSON.stringify(detail.suffix)}`;
  if (format === "includes") return `must contain ${JSON.stringify(detail.includes)}`;
  if (format === "regex") return `must match the pattern ${detail.pattern}`;
  return `must be ${formatNames[format] ?? `a valid ${format}`}`;
}

function namedList(values: readonly unknown[]): string {
  const named = values.slice(0, maxNamedValues).map((value) => JSON.stringify(value) ?? String(value));
  const rest = values.length - named.length;
  return rest > 0 ? `${named.join(", ")} and ${rest} more` : named.join(", ");
}

function invalidUnion(issue: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidUnion>): string {
  // When every alternative refused the type itself, say which types would do.
  const expected = issue.errors.map((alternative) => {
    const first = alternative[0];
    return first?.code === "invalid_type" && first.path.length === 0
      ? expectedName(first.expected)
      : undefined;
  });
  if (expected.length > 0 && expected.every((name) => name !== undefined)) {
    return `expected ${[...new Set(expected)].join(" or ")}`;
  }
  return "does not match any of the allowed forms";
}

/**
 * The house-style message of one zod issue, as a per-parse error map:
 * `schema.safeParse(value, { error: issueMessage })`. A missing value says "is required"; a
 * value of the wrong type says what was expected, never "is required".
 */
export function issueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return fieldMessages.required;
      if (issue.expected === "never") return "is not allowed";
      return `expected ${expectedName(issue.expected)}`;
    case "too_small":
      return tooSmall(issue);
    case "too_big":
      return tooBig(issue);
    case "invalid_format":
      return invalidFormat(issue);
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${namedList(issue.values)}`
        : `must be one of ${namedList(issue.values)}`;
    case "unrecognized_keys":
      return `has unknown fields: ${namedList(issue.keys)}`;
    case "invalid_union":
      return invalidUnion(issue);
    case "invalid_key":
      return "has an invalid key";
    case "invalid_element":
      return "has an invalid element";
    case "custom":
      return "is invalid";
    default:
      return "is invalid";
  }
}
