/** The OpenAPI pattern and the runtime's check are one rule: they agree on every value. */
import { describe, expect, it } from "vitest";
import { isVisibleAscii, visibleAsciiPattern } from "./visible-ascii.js";

const samples = [
  "a",
  "!",
  "~",
  "key-1_2.3",
  "",
  " ",
  "a b",
  "tab\t",
  "é",
  "\u0000",
  "x".repeat(8),
  "x".repeat(9),
];

describe("visibleAsciiPattern", () => {
  it.each(samples)("agrees with isVisibleAscii on %j", (value) => {
    expect(new RegExp(visibleAsciiPattern(8)).test(value)).toBe(isVisibleAscii(value, 8));
  });
});
