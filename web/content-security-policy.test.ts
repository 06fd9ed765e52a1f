import { describe, expect, it } from "vitest";
import { connectSources, contentSecurityPolicy } from "./content-security-policy.js";

const directive = (policy: string, name: string) =>
  policy
    .split("; ")
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1)
    .split(" ");

describe("the web client's Content-Security-Policy", () => {
  it("runs scripts of the page's own origin only, frames and embeds nothing, and posts forms nowhere else", () => {
    const policy = contentSecurityPolicy({ apiUrl: "http://127.0.0.1:3000/v1" });
    expect(directive(policy, "default-src")).toEqual(["'none'"]);
    expect(directive(policy, "script-src")).toEqual(["'self'"]);
    expect(directive(policy, "object-src")).toEqual(["'none'"]);
    expect(directive(policy, "base-uri")).toEqual(["'none'"]);
    expect(directive(policy, "form-action")).toEqual(["'self'"]);
    expect(policy).not.toContain("unsafe-eval");
    expect(directive(policy, "script-src")).not.toContain("'unsafe-inline'");
  });

  it("lets a page on the local twin reach the loopback ports only: the API, the bucket front, the issuer", () => {
    expect(connectSources({ apiUrl: "http://127.0.0.1:3000/v1" })).toEqual([
      "'self'",
      "http://127.0.0.1:*",
      "http://localhost:*",
    ]);
  });

  it("lets a page on a deployed stage reach its API, S3 and Cognito, and no other host", () => {
    const sources = connectSources({
      apiUrl: "https://api.planner.example.com/v1",
      issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc",
    });
    expect(sources).toEqual([
      "'self'",
      "https://api.planner.example.com",
      "https://*.amazonaws.com",
      "https://*.amazoncognito.com",
      "https://cognito-idp.eu-west-1.amazonaws.com",
    ]);
    expect(sources.some((source) => source.startsWith("http:"))).toBe(false);
  });
});
