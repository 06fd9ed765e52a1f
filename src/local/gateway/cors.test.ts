import { describe, expect, it } from "vitest";
import { CorsOriginPatternError, createCors } from "./cors.js";

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

/** A CORS configuration allowing only `pattern`. */
const corsAllowing = (pattern: string) =>
  createCors({
    allowOrigins: [pattern],
    allowMethods: ["GET"],
    allowHeaders: [],
    exposeHeaders: [],
    maxAge: 0,
    allowCredentials: false,
  });

describe("origin patterns", () => {
  const allowed = (pattern: string, origin: string) =>
    corsAllowing(pattern).responseHeaders(origin).length > 0;

  it.each([
    "http://localhost:3000",
    "http://localhost:5173",
    "http://localhost:65535",
    // The default port is left out of a browser's Origin: it is a port too.
    "http://localhost",
    // Scheme and host are case-insensitive (RFC 3986 §3.1, §3.2.2).
    "HTTP://LOCALHOST:3000",
  ])("lets http://localhost:* match %s", (origin) => {
    expect(allowed("http://localhost:*", origin)).toBe(true);
  });

  it.each([
    ["a port that is not digits", "http://localhost:80.evil.com"],
    ["a port with a host after it", "http://localhost:3000.evil.example"],
    ["an empty port", "http://localhost:"],
    ["a port past 65535", "http://localhost:70000"],
    ["a trailing slash", "http://localhost:3000/"],
    ["a path", "http://localhost:3000/x"],
    ["userinfo before the host", "http://localhost:3000@evil.example"],
    ["userinfo with the pattern's host", "http://localhost@evil.example:3000"],
    ["another host starting like localhost", "http://localhost.evil.example:3000"],
    ["another scheme", "https://localhost:3000"],
    ["whitespace", "http://localhost:3000 "],
    ["a query", "http://localhost:3000?x"],
  ])("refuses %s under http://localhost:*", (_, origin) => {
    expect(allowed("http://localhost:*", origin)).toBe(false);
  });

  it("matches subdomains only, with any port, for https://*.example.com and https://*", () => {
    expect(allowed("https://*.example.com", "https://app.example.com")).toBe(true);
    expect(allowed("https://*.example.com", "https://a.b.example.com")).toBe(true);
    expect(allowed("https://*.example.com", "https://example.com")).toBe(false);
    expect(allowed("https://*.example.com", "https://evil.example/.example.com")).toBe(false);
    expect(allowed("https://*.example.com", "https://evil.com?.example.com")).toBe(false);
    expect(allowed("https://*", "https://anything.example:8443")).toBe(true);
    expect(allowed("https://*", "http://anything.example")).toBe(false);
  });

  it("matches an exact origin exactly, its port included", () => {
    expect(allowed("https://app.example.com", "https://app.example.com")).toBe(true);
    expect(allowed("https://app.example.com", "https://app.example.com:444")).toBe(false);
    expect(allowed("http://localhost:3000", "http://localhost:30001")).toBe(false);
  });
});

describe("CORS configuration", () => {
  it.each([
    "http://localhost:3000/",
    "http://*.*",
    "localhost:*",
    "http://local*host",
    "https://*.example.com:*x",
  ])("refuses the allowOrigins entry %s at start, with a code", (pattern) => {
    const create = () => corsAllowing(pattern);
    expect(create).toThrow(CorsOriginPatternError);
    expect(create).toThrow(expect.objectContaining({ code: "local.cors.originPattern" }));
  });
});
