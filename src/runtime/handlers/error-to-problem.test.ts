import { describe, expect, it } from "vitest";
import { accounts } from "../../../test/support/store-entities.js";
import { errorToProblem } from "./error-to-problem.js";

/**
 * An error as another copy of the package throws it: the same brand (a registered symbol) and
 * code, but its own class, so `instanceof` against this copy's classes is false.
 */
class OtherCopyError extends Error {
  constructor(
    readonly code: string,
    fields: Record<string, unknown> = {},
  ) {
    super(code);
    Object.assign(this, fields);
    Object.defineProperty(this, Symbol.for("portico.error"), { value: true });
  }
}

describe("errors thrown by another copy of the package", () => {
  it.each([
    ["store.item_not_found", {}, 404, "The account does not exist."],
    ["store.parent_not_found", { parent: "account" }, 404, "The account does not exist."],
    ["store.already_exists", {}, 409, "The account already exists."],
    ["store.unique_value_taken", { field: "handle" }, 409, "The handle is already taken by another account."],
    [
      "store.idempotency_key_reused",
      {},
      422,
      "This Idempotency-Key was already used with a different request body.",
    ],
  ])("%s is answered as its problem, not a 500", (code, fields, status, detail) => {
    const problem = errorToProblem(new OtherCopyError(code, fields), accounts);
    expect(problem.toJSON()).toMatchObject({ status, detail });
  });

  it("a version mismatch is a 412 carrying the current tag", () => {
    const current = { incarnation: "abc", version: 3 };
    const problem = errorToProblem(new OtherCopyError("store.version_mismatch", { current }), accounts);
    expect(problem.status).toBe(412);
    expect(problem.headers.etag).toBe('"abc.3"');
  });

  it("an unavailable store is a 503 with its Retry-After", () => {
    const problem = errorToProblem(
      new OtherCopyError("store.unavailable", { retryAfterSeconds: 2 }),
      accounts,
    );
    expect(problem.status).toBe(503);
    expect(problem.headers["retry-after"]).toBe("2");
  });

  it("a foreign cursor is a validation problem on `cursor`", () => {
    const problem = errorToProblem(new OtherCopyError("store.invalid_cursor"), accounts);
    expect(problem.toJSON()).toMatchObject({ status: 400, errors: [{ path: "cursor" }] });
  });

  it("a problem from another copy is answered as it is", () => {
    const json = { type: "urn:portico:problem:forbidden", title: "Forbidden", status: 403, detail: "No." };
    const foreign = Object.assign(new OtherCopyError("http.forbidden"), {
      status: 403,
      headers: {},
      toJSON: () => json,
    });
    expect(errorToProblem(foreign, accounts).toJSON()).toEqual(json);
  });

  it("an unknown code, or no brand, is still an opaque 500", () => {
    expect(errorToProblem(new OtherCopyError("store.something_new"), accounts).status).toBe(500);
    expect(
      errorToProblem(Object.assign(new Error("x"), { code: "store.item_not_found" }), accounts).status,
    ).toBe(500);
  });
});
