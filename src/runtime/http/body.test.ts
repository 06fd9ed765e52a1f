import { describe, expect, it } from "vitest";
import { readJsonObject } from "./body.js";
import { BadRequestProblem } from "./problems.js";

describe("readJsonObject", () => {
  it("parses a JSON object", () => {
    expect(readJsonObject(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
  });

  it.each([
    ["no body", undefined, "needs a JSON object body"],
    ["invalid JSON", Buffer.from("{nope"), "not valid JSON"],
    ["an array", Buffer.from("[1]"), "not an array"],
    ["a string", Buffer.from('"x"'), "not a string"],
    ["null", Buffer.from("null"), "not null"],
  ])("refuses %s with a 400 that says why", (_, body, detail) => {
    expect(() => readJsonObject(body)).toThrow(BadRequestProblem);
    expect(() => readJsonObject(body)).toThrow(detail);
  });
});
