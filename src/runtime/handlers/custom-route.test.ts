import { describe, expect, it } from "vitest";
import { createEventV2 } from "../../../test/support/events.js";
import { defineApp, defineRoute } from "../../model/index.js";
import { ConflictProblem } from "../http/problems.js";
import { jsonResponse } from "../http/response.js";
import { type CustomHandler, customRoute } from "./custom-route.js";

const status = defineRoute({
  routeKey: "GET /status",
  function: "status",
  access: "public",
  summary: "Status",
});
const app = defineApp({
  name: "custom-unit",
  api: { stage: "v1" },
  auth: { audience: ["a"], adminScope: "x/admin" },
  entities: [],
  routes: [status],
});

/** Calls the route with `handler` as its code, with no token. */
async function call(handler: CustomHandler) {
  const reply = await customRoute(
    app,
    "GET /status",
    handler,
  )(createEventV2({ method: "GET", path: "/status", routeKey: "GET /status" }));
  return { status: reply.statusCode, headers: reply.headers, json: JSON.parse(reply.body ?? "null") };
}

describe("customRoute", () => {
  it("answers what the app's code returns, with the convention headers; a public route may have no caller", async () => {
    const reply = await call(async ({ principal, body }) =>
      jsonResponse(200, { principal: principal ?? null, body: body ?? null }),
    );
    expect(reply).toMatchObject({ status: 200, json: { principal: null, body: null } });
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("answers a thrown problem as it is", async () => {
    const reply = await call(async () => {
      throw new ConflictProblem("Already pinged.");
    });
    expect(reply).toMatchObject({ status: 409, json: { status: 409, detail: "Already pinged." } });
  });

  it("answers an opaque 500 when the code reaches a client its route does not declare", async () => {
    const reply = await call(async ({ store }) => jsonResponse(200, { table: store.tableName }));
    expect(reply.status).toBe(500);
    expect(JSON.stringify(reply.json)).not.toMatch(/permissions|store/);
  });

  it("answers the SDK's throttling, once its retries are spent, with a 503 and Retry-After", async () => {
    const reply = await call(async () => {
      throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    });
    expect(reply.status).toBe(503);
    expect(reply.headers["retry-after"]).toBe("1");
  });

  it("is refused at init for a route that is not custom", () => {
    expect(() => customRoute(app, "GET /health", async () => jsonResponse(200, {}))).toThrow(
      'Route "GET /health" is a health route, not a custom route: export its handler with the health entry point.',
    );
  });
});
