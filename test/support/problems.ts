/**
 * The error forms of API.md, checked strictly: RFC 9457 problems from the functions (no stack
 * trace, AWS error name, storage key or table name may leak) and API Gateway's own `{message}`.
 */
import { expect } from "vitest";
import { reservedKeyPrefixes } from "../../src/model/index.js";
import type { Reply } from "./api.js";

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

/** ISO 8601 UTC, as items carry createdAt and updatedAt. */
export const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** What no response body may carry, whatever it echoes: AWS error names, SDK fields, stack frames. */
export const internalLeaks: readonly RegExp[] = [
  /ConditionalCheckFailed|TransactionCanceled|TransactionConflict|ValidationException|ResourceNotFound/i,
  /ProvisionedThroughput|ThrottlingException|[A-Za-z]+Exception\b|DynamoDB|\$metadata|\$fault/,
  /\bat .*\(.*:\d+:\d+\)|\.[cm]?[jt]s:\d+|\n\s+at /,
];

/** What must never reach a client in a problem: the internal leaks, and storage keys. */
const leaks = [
  ...internalLeaks,
  new RegExp(
    [
      "USER#",
      "USERNAME#",
      "TYPE#",
      "PROFILE",
      ...Object.values(reservedKeyPrefixes).map((r) => r.prefix),
    ].join("|"),
  ),
  /stack/i,
];

/** An RFC 9457 problem with `status` that leaks nothing; returns its body. */
export function checkProblem(reply: Reply, status: number, tableName: string): Problem {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers["content-type"]).toBe("application/problem+json");
  const body = reply.json as Problem;
  expect(body).toEqual(expect.any(Object));
  for (const key of Object.keys(body)) expect(["type", "title", "status", "detail", "errors"]).toContain(key);
  expect(body.type).toMatch(/^urn:portico:problem:[a-z0-9]+(-[a-z0-9]+)*$/);
  expect(body.title).toEqual(expect.any(String));
  expect(body.title).not.toBe("");
  expect(body.status).toBe(status);
  expect(body.detail).toEqual(expect.any(String));
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors)).toBe(true);
    for (const error of body.errors) {
      expect(Object.keys(error).sort()).toEqual(["message", "path"]);
      expect(error.path).toEqual(expect.any(String));
      expect(error.message).toEqual(expect.any(String));
    }
  }
  const text = reply.text ?? "";
  expect(text).not.toContain(tableName);
  for (const leak of leaks) expect(text).not.toMatch(leak);
  return body;
}

/** A 400 validation problem naming exactly `paths`, one entry each; returns its body. */
export function checkFieldErrors(reply: Reply, paths: readonly string[], tableName: string): Problem {
  const problem = checkProblem(reply, 400, tableName);
  expect(problem.errors, reply.text).toEqual(expect.any(Array));
  expect((problem.errors ?? []).map((error) => error.path).sort()).toEqual([...paths].sort());
  return problem;
}

/** API Gateway's own error form (not a problem): exactly `{"message": …}`. */
export function expectGatewayError(reply: Reply, status: number, message: string): void {
  expect(reply.status).toBe(status);
  expect(reply.json).toEqual({ message });
}
