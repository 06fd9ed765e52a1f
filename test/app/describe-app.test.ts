import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { describeApp, describedFunction } from "../../src/model/describe/describe-app.js";

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

  it("has one function per route, each triggered by its route and named by it, then the file recorder", () => {
    const [recorder, ...none] = description.functions.slice(description.routes.length);
    expect(none).toEqual([]);
    expect(description.functions.slice(0, description.routes.length).map((fn) => fn.trigger)).toEqual(
      description.routes.map((route) => ({ kind: "http", routeKey: route.routeKey })),
    );
    expect(description.functions.slice(0, description.routes.length).map((fn) => fn.name)).toEqual(
      description.routes.map((route) => route.function),
    );
    expect(recorder).toMatchObject({
      name: "files-record",
      entry: "functions/files-record.ts",
      trigger: { kind: "s3", event: "s3:ObjectCreated:*", prefixes: ["users/"] },
    });
  });

  it("describes each file slot with its key template and the same keys as an S3 pattern", () => {
    expect(
      description.files.map(({ entity, slot, key, objects, maxFiles }) => [
        entity,
        slot,
        key,
        objects,
        maxFiles,
      ]),
    ).toEqual([
      ["user", "avatar", "users/{userId}/avatar/{fileId}", "users/*/avatar/*", 1],
      [
        "todo",
        "attachments",
        "users/{userId}/todos/{todoId}/attachments/{fileId}",
        "users/*/todos/*/attachments/*",
        20,
      ],
    ]);
  });

  it("names a missing function with the known ones", () => {
    expect(() => describedFunction(description, "nope")).toThrow(/No function "nope".*health, users-create/);
  });
});
