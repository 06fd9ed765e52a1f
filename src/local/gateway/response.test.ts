import { describe, expect, it } from "vitest";
import { translateResult } from "./response.js";

const translate = (result: unknown) => translateResult(result, JSON.stringify(result ?? null).length);

describe("translateResult", () => {
  it("sends a structured response: status, headers, each cookie as its own set-cookie", () => {
    const out = translate({
      statusCode: 201,
      headers: { ETag: '"1"', "Content-Length": "9" },
      cookies: ["a=1", "b=2"],
      body: "{}",
    });
    expect(out).toEqual({
      ok: true,
      response: {
        status: 201,
        headers: [
          ["etag", '"1"'],
          ["content-type", "text/plain; charset=utf-8"],
          ["set-cookie", "a=1"],
          ["set-cookie", "b=2"],
        ],
        body: Buffer.from("{}"),
      },
    });
  });

  it("decodes a base64 body to its exact bytes", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    const out = translate({
      statusCode: 200,
      headers: { "content-type": "image/png" },
      body: png.toString("base64"),
      isBase64Encoded: true,
    });
    expect(out.ok && out.response.body).toEqual(png);
  });

  it("infers a 200 JSON response from a value without statusCode", () => {
    const out = translate({ body: "hi" });
    expect(out.ok && out.response.status).toBe(200);
    expect(out.ok && out.response.body.toString()).toBe('{"body":"hi"}');
    expect(translate("Hello from Lambda!")).toMatchObject({
      ok: true,
      response: { body: Buffer.from("Hello from Lambda!") },
    });
    expect(translate(undefined)).toMatchObject({ ok: true, response: { body: Buffer.from("null") } });
  });

  it("ignores multiValueHeaders, which payload 2.0 does not have", () => {
    const out = translate({ statusCode: 200, multiValueHeaders: { "x-a": ["1"] }, body: "" });
    expect(out.ok && out.response.headers).toEqual([]);
  });

  it.each([
    ["a status that is not a number", { statusCode: "200" }],
    ["a status out of range", { statusCode: 42 }],
    ["a body that is not a string", { statusCode: 200, body: { a: 1 } }],
    ["headers that are not strings", { statusCode: 200, headers: { a: { b: 1 } } }],
    ["cookies that are not strings", { statusCode: 200, cookies: [1] }],
  ])("reports %s as malformed", (_, result) => {
    expect(translate(result).ok).toBe(false);
  });

  it("reports a response over 6 MB as malformed", () => {
    expect(translateResult({ statusCode: 200, body: "" }, 6 * 1024 * 1024 + 1).ok).toBe(false);
  });
});
