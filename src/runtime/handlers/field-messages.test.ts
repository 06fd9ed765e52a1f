import { describe, expect, it } from "vitest";
import { z } from "zod";
import { issueMessage } from "./field-messages.js";

/** The message a client would read for `value` against `schema`. */
function messageOf(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value, { error: issueMessage });
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe("issueMessage: invalid_type", () => {
  it.each([
    ["a string", z.string(), 123],
    ["a number", z.number(), "12"],
    ["an integer", z.number().int(), 1.5],
    ["a boolean", z.boolean(), "true"],
    ["an object", z.object({}), []],
    ["an array", z.array(z.string()), {}],
    ["null", z.null(), 0],
  ])("says a wrong type expected %s, never that it is required", (expected, schema, value) => {
    expect(messageOf(schema, value)).toBe(`expected ${expected}`);
  });

  it("says a null where a string belongs expected a string", () => {
    expect(messageOf(z.string(), null)).toBe("expected a string");
  });

  it("says a really missing value is required", () => {
    expect(messageOf(z.object({ title: z.string() }), {})).toBe("is required");
  });

  it("says a value where none is allowed is not allowed", () => {
    expect(messageOf(z.never(), 1)).toBe("is not allowed");
  });
});

describe("issueMessage: too_small and too_big", () => {
  it.each([
    ["must be at least 3 characters", z.string().min(3), "ab"],
    ["must be at least 1 character", z.string().min(1), ""],
    ["must be at most 200 characters", z.string().max(200), "x".repeat(201)],
    ["must be exactly 2 characters", z.string().length(2), "abc"],
    ["must be at least 1", z.number().min(1), 0],
    ["must be greater than 0", z.number().positive(), 0],
    ["must be at most 10", z.number().max(10), 11],
    ["must be less than 10", z.number().lt(10), 10],
    ["must be at most 9007199254740991", z.number().int(), 2 ** 60],
    ["must have at least 1 item", z.array(z.string()).min(1), []],
    ["must have at most 2 items", z.array(z.string()).max(2), ["a", "b", "c"]],
  ])("says %s", (message, schema, value) => {
    expect(messageOf(schema, value)).toBe(message);
  });
});

describe("issueMessage: invalid_format", () => {
  it.each([
    ["must be an email address", z.email(), "ada"],
    ["must match the pattern /^[a-z]+$/", z.string().regex(/^[a-z]+$/), "A1"],
    ["must be an ISO 8601 date-time", z.iso.datetime({ offset: true }), "tomorrow"],
    ["must be a URL", z.url(), "not a url"],
    ["must be a UUID", z.uuid(), "nope"],
    ['must start with "+"', z.string().startsWith("+"), "1"],
    ['must end with "!"', z.string().endsWith("!"), "hi"],
    ['must contain "@"', z.string().includes("@"), "hi"],
  ])("says %s", (message, schema, value) => {
    expect(messageOf(schema, value)).toBe(message);
  });

  it("keeps a message the schema author wrote", () => {
    expect(messageOf(z.string().regex(/^\+\d+$/, "must be E.164"), "1")).toBe("must be E.164");
  });
});

describe("issueMessage: values, keys, unions and custom checks", () => {
  it("names the allowed options of an enum", () => {
    expect(messageOf(z.enum(["low", "high"]), "mid")).toBe('must be one of "low", "high"');
  });

  it("names the one allowed value of a literal", () => {
    expect(messageOf(z.literal("yes"), "no")).toBe('must be "yes"');
  });

  it("names unknown keys of a nested strict object, a bounded number of them", () => {
    expect(messageOf(z.strictObject({}), { a: 1, b: 2 })).toBe('has unknown fields: "a", "b"');
    const many = Object.fromEntries(Array.from({ length: 15 }, (_, index) => [`k${index}`, index]));
    expect(messageOf(z.strictObject({}), many)).toMatch(/^has unknown fields: "k0", .* and 5 more$/);
  });

  it("says which types a union of types expected", () => {
    expect(messageOf(z.union([z.string(), z.number()]), true)).toBe("expected a string or a number");
  });

  it("says a value matches none of a union's forms", () => {
    const schema = z.union([z.string().min(5), z.email()]);
    expect(messageOf(schema, "abc")).toBe("does not match any of the allowed forms");
  });

  it("says a failed custom check is invalid", () => {
    expect(
      messageOf(
        z.string().refine(() => false),
        "x",
      ),
    ).toBe("is invalid");
  });

  it("keeps a custom check's own message", () => {
    expect(
      messageOf(
        z.string().refine(() => false, "must be a palindrome"),
        "xy",
      ),
    ).toBe("must be a palindrome");
  });

  it("says a number must be a multiple of its step", () => {
    expect(messageOf(z.number().multipleOf(5), 3)).toBe("must be a multiple of 5");
  });

  it("says a record key is invalid", () => {
    expect(messageOf(z.record(z.string().regex(/^a/), z.string()), { b: "x" })).toBe("has an invalid key");
  });
});
