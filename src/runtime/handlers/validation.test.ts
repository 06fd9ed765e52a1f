import { describe, expect, it } from "vitest";
import { notes } from "../../../test/support/store-entities.js";
import { ValidationProblem } from "../http/problems.js";
import { maxListedFieldErrors } from "../limits.js";
import { validateBody } from "./validation.js";

function problemOf(run: () => unknown): ValidationProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationProblem) return error;
    throw error;
  }
  throw new Error("expected a validation problem");
}

describe("validateBody", () => {
  it.each(["create", "replace", "patch"] as const)(
    "on %s says a wrong type expected its type, not that it is required",
    (mode) => {
      const problem = problemOf(() => validateBody(notes, { text: 123, pinned: "yes" }, mode));
      expect(problem.errors).toEqual([
        { path: "text", message: "expected a string" },
        { path: "pinned", message: "expected a boolean" },
      ]);
    },
  );

  it("says a missing required field is required", () => {
    const problem = problemOf(() => validateBody(notes, {}, "create"));
    expect(problem.errors).toEqual([{ path: "text", message: "is required" }]);
  });

  it("lists at most 20 errors and says in detail how many there were", () => {
    const body = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`k${index}`, index]));
    const problem = problemOf(() => validateBody(notes, { ...body, text: 5 }, "create"));
    expect(maxListedFieldErrors).toBe(20);
    expect(problem.errors).toHaveLength(20);
    expect(problem.detail).toBe("The request has 100001 invalid fields; the first 20 are listed.");
    expect(JSON.stringify(problem.toJSON()).length).toBeLessThan(4096);
  });

  it("lists every error when there are 20 or fewer", () => {
    const body = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`k${index}`, index]));
    const problem = problemOf(() => validateBody(notes, { ...body, text: "ok" }, "patch"));
    expect(problem.errors).toHaveLength(20);
    expect(problem.detail).toBe("The request has 20 invalid fields.");
  });

  it("says one invalid field in the singular", () => {
    const problem = problemOf(() => validateBody(notes, { text: 5 }, "create"));
    expect(problem.detail).toBe("The request has 1 invalid field.");
  });
});
