import { describe, expect, it } from "vitest";
import { app } from "../../../app/portico.config.js";
import { describeApp, describedFunction } from "./describe-app.js";

describe("describeApp", () => {
  const description = describeApp(app);

  it("describes SwiftyPlanner: every route, function, permission, the table, bucket, CORS, throttling and auth", async () => {
    await expect(`${JSON.stringify(description, null, 2)}\n`).toMatchFileSnapshot(
      "__snapshots__/swifty-planner.json",
    );
  });

  it("is plain JSON: serializing loses nothing", () => {
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
  });

  it("has one function per route, each triggered by its route and named by it", () => {
    expect(description.functions.map((fn) => fn.trigger)).toEqual(
      description.routes.map((route) => ({ kind: "http", routeKey: route.routeKey })),
    );
    expect(description.functions.map((fn) => fn.name)).toEqual(
      description.routes.map((route) => route.function),
    );
  });

  it("names a missing function with the known ones", () => {
    expect(() => describedFunction(description, "nope")).toThrow(/No function "nope".*health, users-create/);
  });
});
