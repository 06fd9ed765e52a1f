import { describe, expect, it } from "vitest";
import { createCors } from "./cors.js";

const cors = createCors({
  allowOrigins: ["http://localhost:*", "https://app.example.com"],
  allowMethods: ["GET", "POST"],
  allowHeaders: ["authorization", "content-type"],
  exposeHeaders: ["etag"],
  maxAge: 600,
  allowCredentials: false,
});

describe("CORS", () => {
  it("answers a preflight from an allowed origin with the configured headers", () => {
    expect(cors.preflight("http://localhost:5173", "POST", "content-type")).toEqual([
      ["access-control-allow-origin", "http://localhost:5173"],
      ["vary", "origin"],
      ["access-control-allow-methods", "GET,POST"],
      ["access-control-allow-headers", "authorization,content-type"],
      ["access-control-max-age", "600"],
    ]);
  });

  it("refuses a preflight from another origin or for another method", () => {
    expect(cors.preflight("https://evil.example", "GET", undefined)).toBeUndefined();
    expect(cors.preflight("http://localhost.evil.example:80", "GET", undefined)).toBeUndefined();
    expect(cors.preflight("https://app.example.com", "DELETE", undefined)).toBeUndefined();
  });

  it("adds allow-origin and expose-headers to responses for allowed origins only", () => {
    expect(cors.responseHeaders("https://app.example.com")).toEqual([
      ["access-control-allow-origin", "https://app.example.com"],
      ["vary", "origin"],
      ["access-control-expose-headers", "etag"],
    ]);
    expect(cors.responseHeaders("https://evil.example")).toEqual([]);
    expect(cors.responseHeaders(undefined)).toEqual([]);
  });
});
