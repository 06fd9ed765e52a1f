import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectRefused } from "../../test/support/refusals.js";
import { testEntity } from "../../test/support/store-entities.js";
import { defineApp } from "./define-app.js";
import { type CustomRouteOptions, defineRoute } from "./define-route.js";
import { describeApp, describedFunction } from "./describe/describe-app.js";

const things = testEntity("thing", {
  id: "subject",
  key: { pk: "THING#{thingId}", sk: "THING" },
  schema: z.object({ a: z.string() }),
  operations: { get: "owner", patch: "owner" },
  files: { photo: { multiple: false, contentTypes: ["image/png"], maxBytes: 1024 } },
});
const base = { name: "x-app", api: { stage: "v1" }, auth: { audience: ["a"], adminScope: "x/admin" } };
const ping: CustomRouteOptions = {
  routeKey: "POST /things/{thingId}/ping",
  function: "things-ping",
  access: "owner",
  owner: "thingId",
  summary: "Ping a thing",
};
const { owner: _owner, ...unowned } = ping;
const appWith = (...routes: CustomRouteOptions[]) =>
  defineApp({ ...base, entities: [things], routes: routes.map((route) => defineRoute(route)) });

describe("a custom route", () => {
  it("is a route of its own kind, after the entities' routes, guarded at the gateway as its access says", () => {
    const app = appWith(ping, { ...unowned, routeKey: "GET /stats", function: "stats", access: "admin" });
    expect(
      app.routes
        .slice(-2)
        .map(({ kind, routeKey, authorized, scopes, functionName }) => [
          kind,
          routeKey,
          authorized,
          scopes,
          functionName,
        ]),
    ).toEqual([
      ["custom", "POST /things/{thingId}/ping", true, [], "things-ping"],
      ["custom", "GET /stats", true, ["x/admin"], "stats"],
    ]);
    expect(describeApp(app).routes.at(-2)).toEqual({
      kind: "custom",
      routeKey: "POST /things/{thingId}/ping",
      method: "POST",
      path: "/things/{thingId}/ping",
      access: "owner",
      authorized: true,
      scopes: [],
      function: "things-ping",
      operation: "custom",
      summary: "Ping a thing",
      owner: "thingId",
      body: false,
    });
  });

  it("has a function with exactly its declared permissions, and only the environment they need", () => {
    const description = describeApp(
      appWith(
        ping,
        {
          ...ping,
          routeKey: "GET /things/{thingId}/peek",
          function: "things-peek",
          permissions: { table: ["GetItem", "TransactWriteItems"], indexes: ["GSI1"] },
        },
        {
          ...ping,
          routeKey: "GET /things/{thingId}/look",
          function: "things-look",
          permissions: { files: ["s3:GetObject"] },
        },
      ),
    );
    expect(describedFunction(description, "things-ping")).toMatchObject({
      entry: "functions/things-ping.ts",
      trigger: { kind: "http", routeKey: "POST /things/{thingId}/ping" },
      environment: [],
      permissions: { dynamodb: [], secrets: [], s3: [] },
    });
    expect(describedFunction(description, "things-peek")).toMatchObject({
      environment: ["PORTICO_TABLE_NAME"],
      permissions: {
        dynamodb: [
          {
            resource: "table",
            actions: [
              "dynamodb:ConditionCheckItem",
              "dynamodb:DeleteItem",
              "dynamodb:GetItem",
              "dynamodb:PutItem",
              "dynamodb:UpdateItem",
            ],
          },
          { resource: "index/GSI1", actions: ["dynamodb:Query"] },
        ],
        secrets: [],
        s3: [],
      },
    });
    expect(describedFunction(description, "things-look")).toMatchObject({
      environment: ["PORTICO_BUCKET_NAME"],
      permissions: { dynamodb: [], secrets: [], s3: [{ objects: "*", actions: ["s3:GetObject"] }] },
    });
  });

  it("refuses a route key that is not a method and a path API Gateway can route", () => {
    expectRefused(() => defineRoute({ ...ping, routeKey: "FETCH /things" }), /is not "<METHOD> <path>"/);
    expectRefused(
      () => defineRoute({ ...ping, routeKey: "POST things" }),
      /has a path API Gateway cannot route/,
    );
    expectRefused(
      () => defineRoute({ ...ping, routeKey: "POST /things/{thing-id}" }),
      /has a path API Gateway cannot route/,
    );
    expectRefused(() => defineRoute({ ...ping, routeKey: "POST /a/{id}/b/{id}" }), /names \{id\} twice/);
  });

  it("refuses an owner that is not a parameter of its path, and owner access with no owner", () => {
    expectRefused(
      () => defineRoute({ ...ping, owner: "userId" }),
      'Custom route "POST /things/{thingId}/ping" names owner "userId", which is not a parameter of its path (thingId): put {userId} in the path or name one of its parameters.',
    );
    expectRefused(() => defineRoute(unowned), /has access "owner" but names no owner/);
    expectRefused(
      () => defineRoute({ ...ping, access: "authenticated" }),
      /only "owner" and "ownerOrAdmin" access read/,
    );
  });

  it("refuses commands and actions that are not DynamoDB's or S3's", () => {
    expectRefused(
      () => defineRoute({ ...ping, permissions: { table: ["Scan" as "Query"] } }),
      /declares table command "Scan": use DynamoDB command names \(GetItem, PutItem/,
    );
    expectRefused(
      () => defineRoute({ ...ping, permissions: { files: ["s3:ListBucket" as "s3:GetObject"] } }),
      /declares files action "s3:ListBucket"/,
    );
    expectRefused(() => defineRoute({ ...ping, function: "Things_Ping" }), /has function "Things_Ping"/);
  });

  it("refuses a route key a CRUD or file route already has, even with its parameters renamed", () => {
    expectRefused(
      () => appWith({ ...ping, routeKey: "PATCH /things/{id}", owner: "id" }),
      'Custom route "PATCH /things/{id}" is the same route as the patch route "PATCH /things/{thingId}" (API Gateway ignores parameter names): give the custom route a path of its own, or drop the other route.',
    );
    expectRefused(() => appWith({ ...ping, routeKey: "GET /things/{thingId}/photo" }), /the download route/);
  });

  it("refuses a function name another function has, and an index the table does not have", () => {
    expectRefused(
      () => appWith({ ...ping, function: "things-get" }),
      /has function "things-get", which already serves the get route/,
    );
    expectRefused(() => appWith({ ...ping, function: "files-record" }), /which is the file recorder's/);
    expectRefused(
      () => appWith({ ...ping, permissions: { indexes: ["GSI9"] } }),
      /queries index "GSI9", which the table does not have: name one of its indexes \(GSI1, GSI2, GSI3, GSI4\)/,
    );
  });
});
