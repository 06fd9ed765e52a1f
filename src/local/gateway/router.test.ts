import { describe, expect, it } from "vitest";
import { createRouter, splitStage } from "./router.js";

const keys = [
  "GET /pets/dog/1",
  "GET /pets/dog/{id}",
  "GET /pets/{proxy+}",
  "ANY /{proxy+}",
  "$default",
  "POST /pets/dog/{id}",
  "ANY /pets/dog/{id}",
];
const router = createRouter(keys.map((routeKey) => ({ routeKey, target: routeKey })));

describe("routing (AWS's worked example and tie-breakers)", () => {
  it.each([
    ["GET", "/pets/dog/1", "GET /pets/dog/1", undefined],
    ["GET", "/pets/dog/2", "GET /pets/dog/{id}", { id: "2" }],
    ["GET", "/pets/cat/1", "GET /pets/{proxy+}", { proxy: "cat/1" }],
    ["POST", "/test/5", "ANY /{proxy+}", { proxy: "test/5" }],
    ["POST", "/pets/dog/3", "POST /pets/dog/{id}", { id: "3" }],
    ["DELETE", "/pets/dog/3", "ANY /pets/dog/{id}", { id: "3" }],
    ["GET", "/", "$default", undefined],
    ["GET", "/pets/foo/", "GET /pets/{proxy+}", { proxy: "foo/" }],
  ])("%s %s → %s", (method, path, routeKey, params) => {
    expect(router.match(method, path)).toEqual({ routeKey, target: routeKey, pathParameters: params });
  });

  it("answers nothing when no route matches and there is no $default", () => {
    const strict = createRouter([{ routeKey: "GET /accounts/{accountId}", target: 1 }]);
    expect(strict.match("GET", "/accounts")).toBeUndefined();
    expect(strict.match("POST", "/accounts/a")).toBeUndefined();
    expect(strict.match("GET", "/accounts/a/b")).toBeUndefined();
    // A trailing slash does not match the route without it (AWS-FACTS.md §3).
    expect(strict.match("GET", "/accounts/a/")).toBeUndefined();
    expect(strict.match("GET", "/accounts/")).toBeUndefined();
  });

  it("refuses route keys API Gateway refuses", () => {
    expect(() => createRouter([{ routeKey: "GET /a/", target: 1 }])).toThrow(/ends with/);
    expect(() => createRouter([{ routeKey: "GET /{p+}/a", target: 1 }])).toThrow(/last segment/);
    expect(() => createRouter([{ routeKey: "get /a", target: 1 }])).toThrow(/METHOD/);
  });
});

describe("splitStage", () => {
  it("strips a leading stage segment and refuses other paths", () => {
    expect(splitStage("/v1/accounts", "v1")).toBe("/accounts");
    expect(splitStage("/v1", "v1")).toBe("/");
    expect(splitStage("/v2/accounts", "v1")).toBeUndefined();
    expect(splitStage("/v1users", "v1")).toBeUndefined();
  });
});
