import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectRefused } from "../../test/support/refusals.js";
import { testApp, testEntity } from "../../test/support/store-entities.js";
import { defineApp } from "./define-app.js";
import { describeApp } from "./describe/describe-app.js";

describe("the route table", () => {
  it("gives the files of items without an owner (a device's firmware) to admins to change, to any caller to read", () => {
    const devices = testEntity("device", {
      id: "generated",
      key: { pk: "DEVICE#{deviceId}", sk: "DEVICE" },
      schema: z.object({ name: z.string() }),
      operations: { create: "admin", get: "authenticated" },
      files: { firmware: { multiple: false, contentTypes: ["application/zip"], maxBytes: 1024 } },
    });
    const app = defineApp({
      name: "fleet",
      api: { stage: "v1" },
      auth: { audience: ["fleet"], adminScope: "fleet/admin" },
      entities: [devices],
    });
    expect(
      app.routes
        .filter((route) => route.kind === "file")
        .map((route) => [route.routeKey, route.access, route.scopes]),
    ).toEqual([
      ["POST /devices/{deviceId}/firmware", "admin", ["fleet/admin"]],
      ["GET /devices/{deviceId}/firmware", "authenticated", []],
      ["DELETE /devices/{deviceId}/firmware", "admin", ["fleet/admin"]],
    ]);
  });

  it("has health first, then each entity's operations and file routes, with access and gateway scopes", () => {
    expect(
      testApp.routes.map((route) => [
        route.routeKey,
        route.operation,
        route.entity?.name,
        route.access,
        route.scopes,
        route.functionName,
      ]),
    ).toEqual([
      ["GET /health", "health", undefined, "public", [], "health"],
      ["POST /accounts", "create", "account", "authenticated", [], "accounts-create"],
      ["GET /accounts", "list", "account", "admin", ["test/admin"], "accounts-list"],
      ["GET /accounts/{accountId}", "get", "account", "ownerOrAdmin", [], "accounts-get"],
      ["PATCH /accounts/{accountId}", "patch", "account", "owner", [], "accounts-patch"],
      ["DELETE /accounts/{accountId}", "delete", "account", "owner", [], "accounts-delete"],
      ["POST /accounts/{accountId}/picture", "upload", "account", "owner", [], "accounts-picture-upload"],
      [
        "GET /accounts/{accountId}/picture",
        "download",
        "account",
        "ownerOrAdmin",
        [],
        "accounts-picture-get",
      ],
      [
        "DELETE /accounts/{accountId}/picture",
        "deleteFile",
        "account",
        "owner",
        [],
        "accounts-picture-delete",
      ],
      ["POST /accounts/{accountId}/notes", "create", "note", "owner", [], "notes-create"],
      ["GET /accounts/{accountId}/notes", "list", "note", "ownerOrAdmin", [], "notes-list"],
      ["GET /accounts/{accountId}/notes/{noteId}", "get", "note", "ownerOrAdmin", [], "notes-get"],
      ["PUT /accounts/{accountId}/notes/{noteId}", "replace", "note", "owner", [], "notes-replace"],
      ["PATCH /accounts/{accountId}/notes/{noteId}", "patch", "note", "owner", [], "notes-patch"],
      ["DELETE /accounts/{accountId}/notes/{noteId}", "delete", "note", "owner", [], "notes-delete"],
    ]);
    expect(testApp.routes.find((route) => route.operation === "health")?.authorized).toBe(false);
  });

  it("names the known routes when asked for an unknown one", () => {
    expectRefused(() => testApp.route("GET /nope"), /No route "GET \/nope".*GET \/health/);
  });
});

describe("defineApp", () => {
  const base = { name: "x-app", api: { stage: "v1" }, auth: { audience: ["a"], adminScope: "x/admin" } };
  const root = testEntity("thing", {
    id: "subject",
    key: { pk: "THING#{thingId}", sk: "THING" },
    schema: z.object({ a: z.string() }),
    operations: { get: "owner" },
  });

  it("runs every function on Lambda's Node.js 24 runtime on arm64, bundled for node24", () => {
    const app = defineApp({ ...base, entities: [root] });
    expect(app.functions).toEqual({
      timeoutSeconds: 10,
      memoryMb: 512,
      overrides: {},
      runtime: { name: "nodejs24.x", architecture: "arm64", esbuildTarget: "node24" },
    });
  });

  it("gives a function the app's timeout and memory unless it overrides them", () => {
    const app = defineApp({
      ...base,
      functions: { timeoutSeconds: 5, overrides: { "things-get": { timeoutSeconds: 25, memoryMb: 1024 } } },
      entities: [root],
    });
    expect(
      describeApp(app).functions.map(({ name, timeoutSeconds, memoryMb }) => [
        name,
        timeoutSeconds,
        memoryMb,
      ]),
    ).toEqual([
      ["health", 5, 512],
      ["things-get", 25, 1024],
    ]);
  });

  it("refuses an override for a function the app does not have", () => {
    expectRefused(
      () =>
        defineApp({
          ...base,
          functions: { overrides: { "things-list": { memoryMb: 256 } } },
          entities: [root],
        }),
      'functions.overrides names "things-list", which is no function of the app: name one of its functions: health, things-get.',
    );
  });

  it("caps a function's timeout below API Gateway's 30 s integration timeout, so its own timeout fires first", () => {
    expect(
      defineApp({ ...base, functions: { timeoutSeconds: 29 }, entities: [root] }).functions,
    ).toMatchObject({
      timeoutSeconds: 29,
    });
    expectRefused(
      () => defineApp({ ...base, functions: { timeoutSeconds: 30 }, entities: [root] }),
      /timeoutSeconds/,
    );
  });

  it("rejects unknown options, naming them", () => {
    expectRefused(
      () => defineApp({ ...base, api: { stage: "v1", stages: 2 } as never, entities: [] }),
      /stages/,
    );
  });

  /** A child of `root` stored under `key`. */
  const partOfRoot = (key: { pk: string; sk: string }) =>
    testEntity("part", {
      id: "generated",
      parent: root,
      key,
      schema: z.object({}),
      operations: { get: "owner" },
    });

  it("rejects a child that does not live in its parent's partition", () => {
    const child = partOfRoot({ pk: "PART#{partId}", sk: "PART" });
    expectRefused(
      () => defineApp({ ...base, entities: [root, child] }),
      /must share its parent's partition key/,
    );
  });

  it("rejects a child whose parent is not in the app", () => {
    const child = partOfRoot({ pk: "THING#{thingId}", sk: "PART#{partId}" });
    expectRefused(() => defineApp({ ...base, entities: [child] }), /not in the app/);
  });
});
