import { describe, expect, it } from "vitest";
import { isJsonContentType, requireJsonContentType } from "./content-type.js";
import { UnsupportedMediaTypeProblem } from "./problems.js";

describe("isJsonContentType", () => {
  it.each([
    "application/json",
    "application/json; charset=utf-8",
    'Application/JSON; Charset="UTF-8"',
    "application/merge-patch+json",
    "application/vnd.example+json; charset=utf-8",
    "application/problem+json;version=2",
  ])("accepts %j", (value) => {
    expect(isJsonContentType(value)).toBe(true);
  });

  it.each([
    undefined,
    "",
    "text/plain",
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/jsonp",
    "application/json-seq",
    "application/json; charset=iso-8859-1",
    "application/json; charset=utf-16",
    "application/json, text/plain",
    "json",
    "application/+json/x",
  ])("refuses %j", (value) => {
    expect(isJsonContentType(value)).toBe(false);
  });
});

describe("requireJsonContentType", () => {
  it("names the merge patch type on a PATCH it refuses", () => {
    try {
      requireJsonContentType({ "content-type": "text/plain" }, "PATCH");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnsupportedMediaTypeProblem);
      expect((error as UnsupportedMediaTypeProblem).status).toBe(415);
      expect((error as UnsupportedMediaTypeProblem).headers).toEqual({
        "accept-patch": "application/merge-patch+json",
      });
    }
  });
});
