import { describe, expect, it } from "vitest";
import { testApp as app } from "../../../test/support/store-entities.js";
import {
  commandActions,
  routePermissions,
  routeStoreOperation,
  storeOperationCommands,
} from "./permissions.js";

describe("a route's permissions", () => {
  const entityRoutes = app.routes.filter((route) => route.kind === "entity");

  it.each(entityRoutes)("$routeKey: grants only actions its store operation's commands can need", (route) => {
    const possible = new Set(
      storeOperationCommands[routeStoreOperation[route.operation]].flatMap(
        (command) => commandActions[command],
      ),
    );
    const granted = routePermissions(app.entities, route).dynamodb.flatMap((grant) => grant.actions);
    expect(granted.filter((action) => !possible.has(action))).toEqual([]);
  });

  it("are none for the health route, which touches no data", () => {
    expect(routePermissions(app.entities, app.route("GET /health"))).toEqual({
      dynamodb: [],
      secrets: [],
      s3: [],
    });
  });

  it.each(app.routes)("$routeKey: reads the cursor secret only when it lists", (route) => {
    const secrets = routePermissions(app.entities, route).secrets;
    expect(secrets).toEqual(
      route.operation === "list" ? [{ secret: "cursor", actions: ["secretsmanager:GetSecretValue"] }] : [],
    );
  });
});
